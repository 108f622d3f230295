import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db'
import type { Env } from '../../platform/env'
import type { ProductionCalendar } from '../calendar/calendar'
import { calendarFor } from '../deadlines/deadlines.service'
import { insertNotifications } from '../notifications/notifications.service'
import { controlWindows, digestDue, type Ladder, loadLadder, moscowDay } from './ladder'
import { recipientKey, recipientsCte } from './recipients'

/** Due queue rows from which a sweep counts as a burst (see sweepEscalation). */
const BURST = 2_000

export interface SweepOptions {
  ladder?: Ladder
  cal?: ProductionCalendar
}

/**
 * The escalation sweep (every minute): the queue's rows whose moment has come (escalation_watch, see
 * escalation.queue.ts) are taken out; per appeal the latest of them (earlier ones are skipped: only the latest is
 * sent) is recorded in escalation_step and its notifications are created — with their e-mail / Telegram jobs — in
 * ONE statement (no loop over appeals, no scan of the open appeals). A queue row is deleted by one sweep only, and a
 * notification's key (appeal × due × step × recipient) is unique, so a second scheduler, a sweep running twice or a
 * restart records and sends nothing more. Returns the number of steps recorded and notifications created.
 */
export async function sweepEscalation(
  db: Db,
  now = new Date(),
  opts: SweepOptions = {},
): Promise<{ steps: number; notifications: number }> {
  const ladder = opts.ladder ?? loadLadder()
  const nowIso = now.toISOString()
  const ladderRows = sql.join(
    ladder.steps.map(
      (s, i) => sql`(${s.code}::text, ${i}::int, ${s.to}::text, ${s.title}::text, ${s.reason}::text)`,
    ),
    sql`, `,
  )
  const ctes = sql`
    ladder (code, ord, target, title, reason) as (values ${ladderRows}),
    rcpt as (${recipientsCte}),
    passed as (
      delete from escalation_watch where at <= ${nowIso}::timestamptz returning appeal_id, step, due_at),
    latest as (
      select distinct on (p.appeal_id) p.appeal_id, p.due_at, l.code, l.target, l.title, l.reason
      from passed p join ladder l on l.code = p.step
      order by p.appeal_id, l.ord desc),
    cand as (
      select a.id, a.reg_number, a.unit_id, a.sector_code, a.curator_id, a.due_at, t.code, t.target, t.title, t.reason
      from latest t
      join appeal a on a.id = t.appeal_id and a.due_at = t.due_at
      where a.status in (select code from status where is_open)),
    fresh as (
      insert into escalation_step (appeal_id, due_at, step, at)
      select id, due_at, code, ${nowIso}::timestamptz from cand
      on conflict do nothing
      returning appeal_id, due_at, step)`
  const rows = sql`
    select r.user_id, c.id, 'escalation', c.code, c.title,
      'Обращение № ' || c.reg_number || ', срок ' ||
        to_char(c.due_at at time zone 'Europe/Moscow', 'DD.MM.YYYY HH24:MI') || ' (МСК). ' || c.reason,
      '/appeals/' || c.id,
      c.id || ':' || (extract(epoch from c.due_at) * 1000)::bigint || ':' || c.code || ':' || r.user_id
    from cand c
    join rcpt r on r.key = ${recipientKey(sql`c.target`, sql`c.unit_id`, sql`c.sector_code`, sql`c.curator_id`)}`
  const result = await db.transaction(async (tx) => {
    // A burst (the server stood, a ladder change, a bulk load) is joined by hashing: the planner cannot know how many
    // rows the queue's delete returns and, guessing a handful, would rescan its CTEs once per row.
    const due = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from (select 1 from escalation_watch where at <= ${nowIso}::timestamptz
        limit ${BURST}) x`)
    // The disabled plans' penalty costs would also trigger JIT compilation, which takes longer than the statement.
    if (Number(due.rows[0]?.n ?? 0) >= BURST) {
      await tx.execute(sql`set local enable_nestloop = off`)
      await tx.execute(sql`set local jit = off`)
    }
    const r = await insertNotifications(tx, rows, { ctes, extra: sql`select count(*) from fresh` })
    return { steps: r.extra, notifications: r.notifications }
  })
  // A burst leaves dead rows in the queue's index: clean them now so the next sweeps stay milliseconds (as the
  // deadline sweep does; where VACUUM cannot run, autovacuum does it later).
  if (result.steps > 50_000) await db.execute(sql`vacuum (analyze) escalation_watch`).catch(() => undefined)
  return result
}

/**
 * The daily digest: on a working day (production calendar) once the clock passes the ladder's digest time
 * (08:30 MSK), each unit is claimed once for the day in escalation_digest; for the claimed units with
 * anything due today, by the end of the next working day or overdue, the head gets one message (in the app
 * and by the chosen channels) and the executors one in the app. Returns the number of notifications.
 */
export async function sendDigests(
  db: Db,
  env: Env,
  now = new Date(),
  opts: SweepOptions = {},
): Promise<number> {
  const ladder = opts.ladder ?? loadLadder()
  const cal = opts.cal ?? (await calendarFor(db))
  if (!digestDue(cal, now, ladder.digestMinute)) return 0
  const day = moscowDay(now)
  const { todayEnd, tomorrowEnd } = controlWindows(cal, now)
  const base = env.VECHE_PUBLIC_URL.replace(/\/+$/, '')
  return db.transaction(async (tx) => {
    const claimed = await tx.execute<{ unit_id: number }>(sql`
      insert into escalation_digest (unit_id, day, at)
      select id, ${day}::date, ${now.toISOString()}::timestamptz from unit where deleted_at is null
      on conflict do nothing
      returning unit_id`)
    const unitIds = claimed.rows.map((r) => Number(r.unit_id))
    if (unitIds.length === 0) return 0
    const n = sql`${now.toISOString()}::timestamptz`
    const te = sql`${todayEnd.toISOString()}::timestamptz`
    const list = (cond: SQL) =>
      sql`coalesce(array_to_string((array_agg('№ ' || a.reg_number || ' — ' || ${base} || '/appeals/' || a.id
        order by a.due_at) filter (where ${cond}))[1:10], E'\n'), '')`
    const digest = sql`
      select a.unit_id,
        count(*) filter (where a.due_at <= ${n}) as overdue,
        count(*) filter (where a.due_at > ${n} and a.due_at <= ${te}) as today,
        count(*) filter (where a.due_at > ${te}) as tomorrow,
        ${list(sql`a.due_at <= ${n}`)} as overdue_list,
        ${list(sql`a.due_at > ${n} and a.due_at <= ${te}`)} as today_list,
        ${list(sql`a.due_at > ${te}`)} as tomorrow_list
      from appeal a
      where a.unit_id in (${sql.join(
        unitIds.map((id) => sql`${id}::int`),
        sql`, `,
      )})
        and a.status in (select code from status where is_open)
        and a.due_at <= ${tomorrowEnd.toISOString()}::timestamptz
      group by a.unit_id`
    const title = `Сводка по срокам на ${day.split('-').reverse().join('.')}`
    const body = sql`'Просрочено: ' || d.overdue || E'\n' || 'Срок сегодня: ' || d.today || E'\n' ||
      'Срок до конца следующего рабочего дня: ' || d.tomorrow ||
      case when d.overdue > 0 then E'\n\nПросроченные:\n' || d.overdue_list else '' end ||
      case when d.today > 0 then E'\n\nСегодня:\n' || d.today_list else '' end ||
      case when d.tomorrow > 0 then E'\n\nДо конца следующего рабочего дня:\n' || d.tomorrow_list else '' end`
    const rowsFor = (key: SQL, extraWhere: SQL) => sql`
      select r.user_id, null::bigint, 'digest', 'digest', ${title}::text, ${body},
        '/control?unit=' || d.unit_id, 'digest:' || d.unit_id || ':' || ${day}::text || ':' || r.user_id
      from (${digest}) d
      join (${recipientsCte}) r on r.key = ${key}
      where ${extraWhere}`
    const heads = await insertNotifications(tx, rowsFor(sql`'unit_head:' || d.unit_id`, sql`true`))
    const executors = await insertNotifications(
      tx,
      rowsFor(
        sql`'executors:' || d.unit_id`,
        sql`r.user_id not in (select x.id from app_user x where x.role in ('unit_head', 'coordinator'))`,
      ),
      { inAppOnly: true },
    )
    return heads.notifications + executors.notifications
  })
}
