import { asc, eq } from 'drizzle-orm'
import type { Queryable, Tx } from '../../platform/db'
import { units } from '../org/org.tables'
import { appealCoExecutors } from './routing.tables'

/** Replaces the co-executors of an appeal (none for an empty list). */
export async function setCoExecutors(tx: Tx, appealId: number, unitIds: number[]): Promise<void> {
  await tx.delete(appealCoExecutors).where(eq(appealCoExecutors.appealId, appealId))
  if (unitIds.length > 0)
    await tx.insert(appealCoExecutors).values(unitIds.map((unitId) => ({ appealId, unitId })))
}

/** Co-executor units of an appeal, by name. */
export function listCoExecutors(db: Queryable, appealId: number) {
  return db
    .select({ id: units.id, shortName: units.shortName })
    .from(appealCoExecutors)
    .innerJoin(units, eq(units.id, appealCoExecutors.unitId))
    .where(eq(appealCoExecutors.appealId, appealId))
    .orderBy(asc(units.shortName))
}
