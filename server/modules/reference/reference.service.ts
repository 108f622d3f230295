import fs from 'node:fs'
import { asc, getTableColumns, isNull, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import { REGIME_CODES, SECTOR_CODES } from '../../../common/domain'
import { clearCache } from '../../platform/cache'
import type { Queryable } from '../../platform/db'
import { syncDeadlineRules } from '../deadlines/deadlines.service'
import { syncEscalationQueue } from '../escalation/escalation.queue'
import { channels, regimes, sectors, statuses, statusTransitions, topics } from './reference.tables'

const ZReference = z.object({
  sectors: z.array(z.object({ code: z.enum(SECTOR_CODES), name: z.string().min(1) })),
  channels: z.array(z.object({ code: z.string(), name: z.string(), defaultRegime: z.enum(REGIME_CODES) })),
  regimes: z.array(
    z.object({
      code: z.enum(REGIME_CODES),
      name: z.string(),
      prefix: z.string().min(1).max(3),
      registrationDays: z.number().int().min(1).max(30).optional(),
      description: z.string(),
    }),
  ),
  statuses: z.object({
    statuses: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        publicName: z.string(),
        isOpen: z.boolean(),
        isFinal: z.boolean(),
      }),
    ),
    transitions: z.array(
      z.object({
        action: z.string(),
        from: z.array(z.string()).min(1),
        to: z.string(),
        roles: z.array(z.string()).min(1),
      }),
    ),
    settings: z.object({ reopenAtOrBelowRating: z.number().int().min(0).max(5) }),
  }),
  topics: z.array(
    z.object({
      code: z.string(),
      sector: z.enum(SECTOR_CODES),
      name: z.string(),
      totko: z
        .string()
        .regex(/^\d{4}(\.\d{4}){3,4}$/)
        .nullable(),
      replacedBy: z.string().optional(),
    }),
  ),
})
export type ReferenceFiles = z.infer<typeof ZReference>

const read = (name: string): unknown =>
  JSON.parse(fs.readFileSync(new URL(`../../../reference/${name}`, import.meta.url), 'utf8'))

let cached: ReferenceFiles | undefined

/** Reads and validates the reference data files (reference/*.json); a broken file stops the start. */
export function loadReferenceFiles(): ReferenceFiles {
  if (cached) return cached
  const parsed = ZReference.safeParse({
    sectors: read('sectors.json'),
    channels: read('channels.json'),
    regimes: read('regimes.json'),
    statuses: read('statuses.json'),
    topics: read('topics.json'),
  })
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Справочные данные (reference/*.json) содержат ошибки:\n${lines.join('\n')}`)
  }
  cached = parsed.data
  return cached
}

/**
 * Makes the reference tables equal to the files. The files are the source of truth for regulations
 * (statuses, transitions, deadline rules, classifiers): changing a regulation is a data change.
 */
/** `SET col = excluded.col` for the given properties of an upsert. */
function excluded(table: PgTable, keys: string[]) {
  const cols = getTableColumns(table)
  return Object.fromEntries(keys.map((k) => [k, sql.raw(`excluded."${cols[k].name}"`)]))
}

export async function syncReferenceData(db: Queryable): Promise<void> {
  const ref = loadReferenceFiles()
  await db
    .insert(sectors)
    .values(ref.sectors.map((s, i) => ({ ...s, sort: i })))
    .onConflictDoUpdate({ target: sectors.code, set: excluded(sectors, ['name', 'sort']) })
  await db
    .insert(regimes)
    .values(ref.regimes.map((r) => ({ ...r, registrationDays: r.registrationDays ?? null })))
    .onConflictDoUpdate({
      target: regimes.code,
      set: excluded(regimes, ['name', 'prefix', 'registrationDays', 'description']),
    })
  await db
    .insert(channels)
    .values(ref.channels)
    .onConflictDoUpdate({ target: channels.code, set: excluded(channels, ['name', 'defaultRegime']) })
  await db
    .insert(statuses)
    .values(ref.statuses.statuses.map((s, i) => ({ ...s, sort: i })))
    .onConflictDoUpdate({
      target: statuses.code,
      set: excluded(statuses, ['name', 'publicName', 'isOpen', 'isFinal', 'sort']),
    })
  await db
    .insert(topics)
    .values(
      ref.topics.map((t, i) => ({
        code: t.code,
        sectorCode: t.sector,
        name: t.name,
        totko: t.totko,
        replacedBy: t.replacedBy ?? null,
        sort: i,
      })),
    )
    .onConflictDoUpdate({
      target: topics.code,
      set: excluded(topics, ['sectorCode', 'name', 'totko', 'replacedBy', 'sort']),
    })
  clearCache()
  // Transitions are replaced as a whole so a removed rule really disappears.
  await db.delete(statusTransitions)
  await db.insert(statusTransitions).values(
    ref.statuses.transitions.flatMap((t, i) =>
      t.from.map((from) => ({
        action: t.action,
        fromStatus: from,
        toStatus: t.to,
        roles: t.roles,
        sort: i,
      })),
    ),
  )
  // Deadline rules (reference/deadlines.json) are checked against the statuses and channels just synced.
  await syncDeadlineRules(db)
  // The escalation queue's mirrors of the ladder and the calendar (a changed one re-arms the appeals it moves).
  await syncEscalationQueue(db)
}

/** Everything the UI needs to fill its selects. */
export async function getReferenceLists(db: Queryable) {
  const [sectorRows, topicRows, channelRows, regimeRows, statusRows] = await Promise.all([
    db.select().from(sectors).orderBy(asc(sectors.sort)),
    db.select().from(topics).where(isNull(topics.replacedBy)).orderBy(asc(topics.sort)),
    db.select().from(channels),
    db.select().from(regimes),
    db.select().from(statuses).orderBy(asc(statuses.sort)),
  ])
  return {
    sectors: sectorRows,
    topics: topicRows,
    channels: channelRows,
    regimes: regimeRows,
    statuses: statusRows,
  }
}

/** Rating at or below which a rated answer goes back for rework. */
export const reopenThreshold = () => loadReferenceFiles().statuses.settings.reopenAtOrBelowRating
