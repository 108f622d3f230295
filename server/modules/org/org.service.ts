import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Queryable } from '../../platform/db'
import { users } from '../users/users.tables'
import { units } from './org.tables'

export type UnitRow = typeof units.$inferSelect

/**
 * The head of a unit for escalation and notices: the active user with the role «руководитель
 * подразделения» in that unit (the earliest created), with the directory's head name and position.
 * `userId` is null when no such user exists (the directory still names the head). Null for an unknown unit.
 */
export async function unitHead(
  db: Queryable,
  unitId: number,
): Promise<{
  unitId: number
  unitName: string
  userId: string | null
  login: string | null
  fullName: string | null
  position: string | null
  email: string | null
  phone: string | null
} | null> {
  const [unit] = await db.select().from(units).where(eq(units.id, unitId))
  if (!unit) return null
  const [user] = await db
    .select({ id: users.id, login: users.login, fullName: users.fullName })
    .from(users)
    .where(and(eq(users.unitId, unitId), eq(users.role, 'unit_head'), isNull(users.disabledAt)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1)
  return {
    unitId: unit.id,
    unitName: unit.shortName,
    userId: user?.id ?? null,
    login: user?.login ?? null,
    fullName: user?.fullName ?? unit.headName,
    position: unit.headPosition,
    email: unit.email,
    phone: unit.phone,
  }
}
