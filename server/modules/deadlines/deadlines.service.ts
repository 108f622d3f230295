import crypto from 'node:crypto'
import fs from 'node:fs'
import { desc, eq, sql } from 'drizzle-orm'
import { cached, clearCache } from '../../platform/cache'
import type { Queryable } from '../../platform/db'
import { AppError } from '../../platform/errors'
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  loadCalendar,
  type ProductionCalendar,
} from '../calendar/calendar'
import { calendarOverrides } from '../calendar/calendar.tables'
import { channels, regimes, statuses } from '../reference/reference.tables'
import {
  type CheckContext,
  checkRuleSet,
  type DeadlineRule,
  explainRule,
  type MatchInput,
  matchRule,
  type RuleSet,
  RuleSetError,
  type Term,
} from './deadlines.rules'
import { deadlineRuleSets, deadlineStages } from './deadlines.tables'

export type { DeadlineRule, RuleSet, Term } from './deadlines.rules'

const RULE_FILE = new URL('../../../reference/deadlines.json', import.meta.url)

/** The calendar last loaded with the admin overrides (file only until the database has been read). */
let calendar: ProductionCalendar | undefined
/**
 * The production calendar as last loaded with the admin overrides (calendarFor refreshes it at most a minute
 * late), for synchronous callers: the control board's windows, lateness, the redirect term.
 */
export const currentCalendar = (): ProductionCalendar => {
  calendar ??= loadCalendar()
  return calendar
}
const cal = currentCalendar

/** Loads the production calendar with the admin override table on top (cached for a minute per process). */
export async function calendarFor(db: Queryable): Promise<ProductionCalendar> {
  calendar = await cached('calendar', 60_000, async () => {
    const rows = await db.select().from(calendarOverrides)
    return loadCalendar(rows.map((r) => ({ date: r.date, kind: r.kind })))
  })
  return calendar
}

/** The due moment of a term counted from `from`, on the production calendar (see deadlines.rules.ts for what due means). */
export function computeDueAt(term: Term, from: Date, on: ProductionCalendar = cal()): Date {
  try {
    switch (term.kind) {
      case 'calendar_days':
        return addCalendarDays(on, from, term.amount, { moveOffDay: term.moveOffDay })
      case 'working_days':
        return addWorkingDays(on, from, term.amount)
      case 'working_hours':
        return addWorkingHours(on, from, term.amount)
    }
  } catch (err) {
    throw new AppError('UNAVAILABLE', `Не удалось рассчитать срок: ${(err as Error).message}`)
  }
}

/** Reads reference/deadlines.json as it is on disk, with its hash. */
export function readRuleFile(): { raw: unknown; hash: string } {
  const text = fs.readFileSync(RULE_FILE, 'utf8')
  return { raw: JSON.parse(text), hash: crypto.createHash('sha256').update(text).digest('hex') }
}

/** What the rule checks need from the database: statuses, channels, and the calendar (every term must be computable now). */
async function checkContext(db: Queryable, now = new Date()): Promise<CheckContext> {
  const on = await calendarFor(db)
  const [statusRows, channelRows] = await Promise.all([
    db.select({ code: statuses.code, isOpen: statuses.isOpen }).from(statuses),
    db.select({ code: channels.code }).from(channels),
  ])
  return {
    statuses: statusRows,
    channels: channelRows.map((c) => c.code),
    tryTerm: (t) => {
      // Both now and a term later: a long rule late in the year must find next year's calendar too.
      const due = computeDueAt(t, now, on)
      computeDueAt(t, due, on)
    },
  }
}

/** Validates a rule set against the database; a bad one is a 400 listing every problem in Russian. */
export async function validateRuleSet(db: Queryable, raw: unknown, now = new Date()): Promise<RuleSet> {
  try {
    return checkRuleSet(raw, await checkContext(db, now))
  } catch (err) {
    if (err instanceof RuleSetError)
      throw new AppError(
        'VALIDATION_FAILED',
        err.message,
        err.problems.map((p) => ({ path: 'rules', message: p })),
      )
    throw err
  }
}

/** Keeps the stage table the insert trigger reads equal to the active set. */
async function syncStages(db: Queryable, set: RuleSet) {
  await db.delete(deadlineStages)
  await db
    .insert(deadlineStages)
    .values(set.stages.map((s) => ({ code: s.code, until: s.until, statuses: s.statuses })))
}

/**
 * At start (with the reference data): checks reference/deadlines.json — a bad file stops the start with the list of
 * problems — and makes it the active set when it changed since it was last loaded. An admin's saved set stays in force
 * until the file changes again.
 */
export async function syncDeadlineRules(db: Queryable): Promise<void> {
  const { raw, hash } = readRuleFile()
  let set: RuleSet
  try {
    set = checkRuleSet(raw, await checkContext(db))
  } catch (err) {
    throw new Error(`reference/deadlines.json: ${(err as Error).message}`)
  }
  const [known] = await db
    .select({ id: deadlineRuleSets.id })
    .from(deadlineRuleSets)
    .where(eq(deadlineRuleSets.fileHash, hash))
    .limit(1)
  if (!known) {
    await db.insert(deadlineRuleSets).values({ rules: set, source: 'file', fileHash: hash })
    await syncStages(db, set)
  } else {
    await syncStages(db, await activeRuleSet(db, { fresh: true }))
  }
  clearCache()
}

/** An admin replaces the rule set: validated first (overlaps, gaps, calendar years); nothing changes when refused. */
export async function saveRuleSet(db: Queryable, userId: string, raw: unknown): Promise<RuleSet> {
  const set = await validateRuleSet(db, raw)
  await db.insert(deadlineRuleSets).values({ rules: set, source: 'admin', savedBy: userId })
  await syncStages(db, set)
  clearCache()
  return set
}

/** The rule set in force: the newest version (cached for a minute; cleared on save). */
export async function activeRuleSet(db: Queryable, opts: { fresh?: boolean } = {}): Promise<RuleSet> {
  const load = async () => {
    const [row] = await db.select().from(deadlineRuleSets).orderBy(desc(deadlineRuleSets.id)).limit(1)
    // Before the first sync (a bare migrated database) the file is the rule set.
    return (row?.rules ?? readRuleFile().raw) as RuleSet
  }
  return opts.fresh ? load() : cached('deadline-rules', 60_000, load)
}

/** The version in force, for the admin API. */
export async function activeRuleSetInfo(db: Queryable) {
  const [row] = await db.select().from(deadlineRuleSets).orderBy(desc(deadlineRuleSets.id)).limit(1)
  return row
}

/** Which rule applies to an appeal and its due moment counted from `from` (registration). */
export async function deadlineFor(
  db: Queryable,
  input: MatchInput,
  from: Date,
): Promise<{ dueAt: Date; rule: DeadlineRule; reason: string }> {
  const [set, on] = [await activeRuleSet(db), await calendarFor(db)]
  let rule: DeadlineRule
  try {
    rule = matchRule(set, input)
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', (err as Error).message)
  }
  return { dueAt: computeDueAt(rule, from, on), rule, reason: explainRule(rule, input) }
}

/** The regime's numbering prefix and description (reference/regimes.json). */
export async function regimeInfo(
  db: Queryable,
  regime: string,
): Promise<{ prefix: string; description: string }> {
  const all = await cached('regimes', 60_000, () => db.select().from(regimes))
  const row = all.find((r) => r.code === regime)
  if (!row) throw new AppError('VALIDATION_FAILED', `Неизвестный режим обращения «${regime}»`)
  return { prefix: row.prefix, description: row.description }
}

/** The categories an appeal offers to rule matching: sector, topic and the ПОС category. */
export function categoriesOf(a: {
  sectorCode?: string | null
  topicCode?: string | null
  meta?: Record<string, unknown> | null
}): string[] {
  const pos = (a.meta?.pos as { category?: unknown } | undefined)?.category
  return [a.sectorCode, a.topicCode, typeof pos === 'string' ? pos : null].filter((c): c is string =>
    Boolean(c),
  )
}

/**
 * The escalation queue of one appeal is rebuilt from its due moment and clock (SQL function of migration 0013):
 * a paused or closed appeal is left with no steps ahead. The appeal triggers call it on due date and status
 * changes; the clock calls it where only the pause changed.
 */
export async function rearmEscalation(db: Queryable, appealId: number): Promise<void> {
  await db.execute(sql`select veche_escalation_rearm(array[${appealId}::bigint])`)
}

/** Re-arms the sweeps' queues for appeals whose due moment changed (extension, end of a pause). */
export async function armWatch(db: Queryable, appealId: number): Promise<void> {
  await db.execute(sql`delete from deadline_watch where appeal_id = ${appealId}`)
  await db.execute(sql`
    insert into deadline_watch (appeal_id, kind, at, unit_id, status)
    select a.id, 'final', a.due_at, a.unit_id, a.status from appeal a join status s on s.code = a.status and s.is_open
    where a.id = ${appealId} and a.due_at is not null
    union all
    select a.id, g.code, a.registered_at + (a.due_at - a.registered_at) * g.until, a.unit_id, a.status
    from appeal a join status s on s.code = a.status and s.is_open cross join deadline_stage g
    where a.id = ${appealId} and a.due_at is not null and g.until < 1
      and not exists (select 1 from deadline_flag f where f.appeal_id = a.id and f.kind = g.code)`)
  await rearmEscalation(db, appealId)
}
