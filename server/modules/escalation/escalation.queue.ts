import { type SQL, sql } from 'drizzle-orm'
import type { Queryable } from '../../platform/db'
import { type CalendarDayRow, calendarDayRows, type ProductionCalendar } from '../calendar/calendar'
import { calendarFor } from '../deadlines/deadlines.service'
import { type Ladder, loadLadder } from './ladder'

/*
 * The escalation queue (table escalation_watch): the moment of every step still ahead of every open appeal, so the
 * minute sweep reads only what has come due. Its rows are written by SQL (migration 0013: the view escalation_point,
 * the appeal triggers and veche_escalation_rearm) from two mirrors kept here: the ladder's timing (escalation_ladder)
 * and the production calendar with the admin overrides (calendar_day). When a mirror changes — a new ladder file, a
 * new calendar year, an override — the appeals whose moments it moves are re-armed.
 */

/** Years mirrored around the calendar's own: a due date years away still finds its working days (approx). */
const YEARS_BEFORE = 2
const YEARS_AFTER = 5
/** A working-day step lies at most 30 working days from the due day: 70 calendar days cover it with holidays. */
const REACH_DAYS = 70

interface LadderRow {
  code: string
  ord: number
  share: number | null
  daysLeft: number | null
  overdueDays: number | null
}

function ladderRows(ladder: Ladder): LadderRow[] {
  return ladder.steps.map((s, i) => ({
    code: s.code,
    ord: i,
    share: 'share' in s.at ? s.at.share : null,
    daysLeft: 'workingDaysLeft' in s.at ? s.at.workingDaysLeft : null,
    overdueDays: 'overdueWorkingDays' in s.at ? s.at.overdueWorkingDays : null,
  }))
}

/** Replaces the ladder mirror when the ladder changed; true when it did. */
async function syncLadder(db: Queryable, ladder: Ladder): Promise<boolean> {
  const want = ladderRows(ladder)
  const have = await db.execute<{
    code: string
    ord: number
    share: number | null
    days_left: number | null
    overdue_days: number | null
  }>(sql`select code, ord, share, days_left, overdue_days from escalation_ladder order by ord`)
  const same =
    have.rows.length === want.length &&
    have.rows.every((r, i) => {
      const w = want[i]
      return (
        r.code === w.code &&
        Number(r.ord) === w.ord &&
        (r.share === null ? null : Number(r.share)) === w.share &&
        (r.days_left === null ? null : Number(r.days_left)) === w.daysLeft &&
        (r.overdue_days === null ? null : Number(r.overdue_days)) === w.overdueDays
      )
    })
  if (same) return false
  await db.execute(sql`delete from escalation_ladder`)
  await db.execute(sql`
    insert into escalation_ladder (code, ord, share, days_left, overdue_days)
    select * from jsonb_to_recordset(${JSON.stringify(want)}::jsonb)
      as x(code text, ord int, share float8, "daysLeft" int, "overdueDays" int)`)
  return true
}

const dayKey = (r: {
  working: boolean
  ord: number
  workStart: string | null
  workEnd: string | null
  approx: boolean
}) => `${r.working}|${r.ord}|${r.workStart ?? ''}|${r.workEnd ?? ''}|${r.approx}`

/**
 * Replaces the calendar mirror when a day differs; returns the span of changed dates (null when nothing changed,
 * 'all' when the mirror was empty — the first start after the upgrade arms every open appeal).
 */
async function syncCalendarDays(
  db: Queryable,
  cal: ProductionCalendar,
): Promise<null | 'all' | { from: string; to: string }> {
  const years = [...cal.years.keys()]
  const want = calendarDayRows(cal, Math.min(...years) - YEARS_BEFORE, Math.max(...years) + YEARS_AFTER)
  const have = await db.execute<{
    day: string
    working: boolean
    ord: number
    work_start: Date | string | null
    work_end: Date | string | null
    approx: boolean
  }>(sql`select day::text as day, working, ord, work_start, work_end, approx from calendar_day`)
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString())
  const old = new Map(
    have.rows.map((r) => [
      r.day,
      dayKey({
        working: r.working,
        ord: Number(r.ord),
        workStart: iso(r.work_start),
        workEnd: iso(r.work_end),
        approx: r.approx,
      }),
    ]),
  )
  const changed = want.filter((r) => old.get(r.day) !== dayKey(r))
  if (changed.length === 0 && old.size === want.length) return null
  await db.execute(sql`delete from calendar_day`)
  for (let i = 0; i < want.length; i += 5000) {
    const chunk: CalendarDayRow[] = want.slice(i, i + 5000)
    await db.execute(sql`
      insert into calendar_day (day, working, ord, work_start, work_end, approx)
      select * from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as x(day date, working boolean, ord int, "workStart" timestamptz, "workEnd" timestamptz, approx boolean)`)
  }
  if (old.size === 0) return 'all'
  // Only the working-day ordinals after a changed day shift, and a step compares ordinals within REACH_DAYS.
  const days = changed.map((r) => r.day).sort()
  return days.length ? { from: days[0], to: days[days.length - 1] } : 'all'
}

/**
 * Re-arms the appeals whose due date lies in the span (every appeal for 'all'): their rows are replaced by the steps
 * still ahead, as veche_escalation_rearm does for one appeal, in two set-based statements. Returns the rows armed.
 */
async function rearm(db: Queryable, span: 'all' | { from: string; to: string }): Promise<number> {
  const inSpan = (col: SQL) =>
    span === 'all'
      ? sql`true`
      : sql`${col} >= (${span.from}::date - ${REACH_DAYS}::int)::timestamp at time zone 'Europe/Moscow'
          and ${col} < (${span.to}::date + ${REACH_DAYS + 1}::int)::timestamp at time zone 'Europe/Moscow'`
  await db.execute(sql`delete from escalation_watch w where ${inSpan(sql`w.due_at`)}`)
  const r = await db.execute<{ n: number }>(sql`
    with armed as (
      insert into escalation_watch (appeal_id, step, due_at, at)
      select p.appeal_id, p.step, p.due_at, p.at from escalation_point p
      where ${inSpan(sql`p.due_at`)} and p.at is not null
        and not exists (select 1 from escalation_step e
          where e.appeal_id = p.appeal_id and e.due_at = p.due_at and e.step = p.step)
      on conflict do nothing
      returning 1)
    select count(*)::int as n from armed`)
  return Number(r.rows[0]?.n ?? 0)
}

/**
 * Brings the queue's mirrors up to date — at start (with the reference data) and after an admin changes the calendar
 * — and re-arms the appeals whose step moments moved. Cheap when nothing changed (two small reads).
 */
export async function syncEscalationQueue(
  db: Queryable,
  opts: { ladder?: Ladder; cal?: ProductionCalendar } = {},
): Promise<{ rearmed: number }> {
  const ladderChanged = await syncLadder(db, opts.ladder ?? loadLadder())
  const span = await syncCalendarDays(db, opts.cal ?? (await calendarFor(db)))
  if (ladderChanged) return { rearmed: await rearm(db, 'all') }
  if (span) return { rearmed: await rearm(db, span) }
  return { rearmed: 0 }
}
