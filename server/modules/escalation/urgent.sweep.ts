import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db'
import { URGENT_BY_MODEL } from '../appeals/urgency.service'
import { insertNotifications } from '../notifications/notifications.service'
import { urgencyCategoryNames } from '../understanding/urgency'
import { recipientKey, recipientsCte } from './recipients'

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
  // What the understanding step said threatens (its first urgency category), named as in urgency.json.
  const threats = sql.join(
    Object.entries(urgencyCategoryNames()).map(([code, name]) => sql`(${code}::text, ${name}::text)`),
    sql`, `,
  )
  const ctes = sql`
    rcpt as (${recipientsCte}),
    threat (code, name) as (values ${threats}),
    cand as (
      select a.id, a.reg_number, a.unit_id, a.sector_code, a.curator_id, a.received_at, a.address_text,
        (a.meta ->> ${URGENT_BY_MODEL}::text) = 'true' as by_model,
        (select t.name from threat t
          where t.code = au.result -> 'details' -> 'urgency' -> 'categories' ->> 0) as threat
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
        'Поступило ' || to_char(a.received_at at time zone 'Europe/Moscow', 'DD.MM.YYYY HH24:MI') || ' (МСК)' ||
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
