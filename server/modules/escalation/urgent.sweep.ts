import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db'
import { URGENT_BY_MODEL } from '../appeals/urgency.service'
import { insertNotifications } from '../notifications/notifications.service'
import { urgencyCategoryNames } from '../understanding/urgency'
import { loadLadder } from './ladder'
import { recipientKey, recipientsCte } from './recipients'

/** What the understanding step said threatens (its first urgency category), named as in urgency.json. */
function threatValues() {
  return sql.join(
    Object.entries(urgencyCategoryNames()).map(([code, name]) => sql`(${code}::text, ${name}::text)`),
    sql`, `,
  )
}

/** The threat named by the understanding of appeal `a` (a row with `a.id`), or null. */
const threatOf = sql`(select t.name from threat t
  where t.code = au.result -> 'details' -> 'urgency' -> 'categories' ->> 0)`

/** Moscow time of a timestamptz expression, for a message. */
const mskTime = (at: string, format: string) =>
  sql.raw(`to_char(${at} at time zone 'Europe/Moscow', '${format}')`)

/**
 * The urgent notice (every 15 s): an open urgent appeal reaches the people who must act on it at once, in the app
 * and by their chosen channels — its unit's executors and head, or the МЦУ coordinators while it has no unit (the
 * same lookup as the escalation ladder, recipients.ts). Once per appeal × unit: the sweep records it in
 * `urgent_notice` and notifies only for the rows it inserted (and each notification's key is unique), so a second
 * sweep, a second scheduler or a restart send nothing more, and a reassignment to another unit reaches the new
 * unit. One statement; its steady state is an anti-join of the open urgent appeals (a partial index) with that key.
 * Whoever raised the flag — a rule, the model (the title says «возможно срочное»), a person — the notice goes out,
 * with what threatens when the understanding step named it; a flag cleared before the sweep sends nothing. Returns
 * the notifications created.
 */
export async function notifyUrgent(db: Db, now = new Date()): Promise<number> {
  const ctes = sql`
    rcpt as (${recipientsCte}),
    threat (code, name) as (values ${threatValues()}),
    cand as (
      select a.id, a.reg_number, a.unit_id, a.sector_code, a.curator_id, a.received_at, a.address_text,
        (a.meta ->> ${URGENT_BY_MODEL}::text) = 'true' as by_model,
        ${threatOf} as threat
      from appeal a
      left join appeal_understanding au on au.appeal_id = a.id
      where a.urgent and a.status in (select code from status where is_open)
        and not exists (select 1 from urgent_notice n where n.appeal_id = a.id and n.unit_id = coalesce(a.unit_id, 0))),
    fresh as (
      insert into urgent_notice (appeal_id, unit_id, at)
      select id, coalesce(unit_id, 0), ${now.toISOString()}::timestamptz from cand
      on conflict do nothing
      returning appeal_id)`
  const key = recipientKey(sql`'executors'`, sql`a.unit_id`, sql`a.sector_code`, sql`a.curator_id`)
  const rows = sql`
    select r.user_id, a.id, 'urgent', 'urgent',
      case when a.by_model then 'Возможно срочное обращение № ' || a.reg_number
        else 'Срочное обращение № ' || a.reg_number end,
      coalesce('Что угрожает: ' || a.threat || '. ', '') ||
        case when a.unit_id is null then 'Исполнитель ещё не назначен. ' else '' end ||
        'Поступило ' || ${mskTime('a.received_at', 'DD.MM.YYYY HH24:MI')} || ' (МСК)' ||
        coalesce(', ' || a.address_text, '') || '. ' ||
        case when a.by_model
          then 'Срочным его отметила модель — проверьте и подтвердите или снимите срочность.'
          else 'Откройте и примите меры.' end,
      '/appeals/' || a.id,
      'urgent:' || a.id || ':' || coalesce(a.unit_id::text, '-') || ':' || r.user_id
    from fresh f
    join cand a on a.id = f.appeal_id
    join rcpt r on r.key = ${key}`
  return (await insertNotifications(db, rows, { ctes })).notifications
}

/**
 * The follow-up (same schedule): an urgent notice nobody it reached has acted on within `followUpMinutes`
 * (reference/escalation.json, 30) goes up — to the unit's head and the МЦУ coordinators, or, while the appeal has
 * no unit, once more to the coordinators: «не открыто» / «без исполнителя». Acting is opening the card (the
 * personal-data access log records every opening) or doing anything recorded in its history, by a person of the
 * notified unit (of the МЦУ when it had none). Once per notice (`urgent_notice.followed_up_at`); a notice for an
 * appeal since finished, calmed or moved to another unit is not followed up. The appeal's history records it (not
 * public), so whoever opens the card later sees that the unit let it wait. Returns the notifications created.
 */
export async function followUpUrgent(
  db: Db,
  now = new Date(),
  minutes = loadLadder().urgent.followUpMinutes,
): Promise<number> {
  const since = new Date(now.getTime() - minutes * 60_000)
  // A person of the side the notice reached: the unit's people, or the МЦУ's while there was no unit.
  const notified = sql`(case when n.unit_id = 0 then u.role in ('operator', 'coordinator', 'admin')
    else u.unit_id = n.unit_id end)`
  const ctes = sql`
    rcpt as (${recipientsCte}),
    threat (code, name) as (values ${threatValues()}),
    late as (
      select n.appeal_id, n.unit_id from appeal a
      join urgent_notice n on n.appeal_id = a.id and n.unit_id = coalesce(a.unit_id, 0)
      where a.urgent and a.status in (select code from status where is_open)
        and n.followed_up_at is null and n.at <= ${since.toISOString()}::timestamptz
        and not exists (select 1 from pd_access_log l join app_user u on u.id = l.user_id
          where l.appeal_id = a.id and l.at >= n.at and ${notified})
        and not exists (select 1 from appeal_event e join app_user u on u.id = e.actor_user_id
          where e.appeal_id = a.id and e.at >= n.at and ${notified})),
    marked as (
      update urgent_notice n set followed_up_at = ${now.toISOString()}::timestamptz
      from late l where n.appeal_id = l.appeal_id and n.unit_id = l.unit_id and n.followed_up_at is null
      returning n.appeal_id, n.unit_id, n.at),
    cand as (
      select a.id, a.reg_number, a.unit_id, a.status, un.short_name as unit_name, a.received_at, a.address_text,
        m.at as noticed_at,
        (a.meta ->> ${URGENT_BY_MODEL}::text) = 'true' as by_model,
        ${threatOf} as threat
      from marked m
      join appeal a on a.id = m.appeal_id
      left join unit un on un.id = a.unit_id
      left join appeal_understanding au on au.appeal_id = a.id),
    logged as (
      insert into appeal_event (appeal_id, at, type, actor_kind, from_status, to_status, note, data, public)
      select a.id, ${now.toISOString()}::timestamptz, 'urgent_follow_up', 'system', a.status, a.status,
        case when a.unit_id is null
          then ${`Срочное обращение ${minutes} мин без исполнителя: координаторам МЦУ напомнено.`}::text
          else ${`За ${minutes} мин никто в подразделении не открыл срочное обращение (исполнитель: `}::text ||
            a.unit_name || '): уведомлены руководитель подразделения и координаторы МЦУ.' end,
        jsonb_build_object('unitId', a.unit_id, 'minutes', ${minutes}::int), false
      from cand a
      returning 1)`
  const rows = sql`
    select distinct on (a.id, r.user_id) r.user_id, a.id, 'urgent', 'urgent_follow_up',
      case when a.by_model then 'Возможно срочное обращение № ' else 'Срочное обращение № ' end || a.reg_number ||
        case when a.unit_id is null then ${`: ${minutes} мин без исполнителя`}::text
          else ${` не открыто за ${minutes} мин`}::text end,
      coalesce('Что угрожает: ' || a.threat || '. ', '') ||
        case when a.unit_id is null
          then 'Уведомление ушло координаторам МЦУ в ' || ${mskTime('a.noticed_at', 'HH24:MI')} ||
            ' (МСК), исполнитель до сих пор не назначен. '
          else 'Исполнитель: ' || a.unit_name || '. Уведомление ушло в ' || ${mskTime('a.noticed_at', 'HH24:MI')} ||
            ' (МСК), но никто из подразделения не открыл обращение. ' end ||
        'Поступило ' || ${mskTime('a.received_at', 'DD.MM.YYYY HH24:MI')} || ' (МСК)' ||
        coalesce(', ' || a.address_text, '') || '. ' ||
        case when a.unit_id is null then 'Назначьте исполнителя.'
          else 'Свяжитесь с ответственным в подразделении.' end,
      '/appeals/' || a.id,
      'urgent_follow_up:' || a.id || ':' || coalesce(a.unit_id::text, '-') || ':' || r.user_id
    from cand a
    join rcpt r on r.key in (${recipientKey(sql`'unit_head'`, sql`a.unit_id`, sql`null`, sql`null`)}, 'executors:-')
    order by a.id, r.user_id`
  return (await insertNotifications(db, rows, { ctes })).notifications
}
