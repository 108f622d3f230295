import { sql } from 'drizzle-orm'
import type { Queryable } from '../../platform/db'
import { startOfMoscowDay } from '../../platform/time'
import { scopeCondition } from '../appeals/appeals.service'
import { appealScope } from '../users/users.policy'
import type { Actor } from '../users/users.service'

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
const round = (v: number | null, digits = 2) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits

/**
 * Today's numbers and the last 30 days for the head of the city. Each figure is one indexed
 * aggregate over the registry, limited to what the actor may see.
 */
export async function getDashboard(db: Queryable, actor: Actor, now = new Date()) {
  const scope = scopeCondition(appealScope(actor)) ?? sql`true`
  const today = startOfMoscowDay(now)
  const since30 = new Date(today.getTime() - 29 * 86_400_000)
  const open = sql`appeal.status in (select code from status where is_open)`

  const [t] = (
    await db.execute(sql`
    select
      (select count(*) from appeal where ${scope} and registered_at >= ${today}) as received,
      (select count(*) from appeal where ${scope} and ${open}) as in_work,
      (select count(*) from appeal where ${scope} and ${open} and due_at < ${now}) as overdue,
      (select count(*) from appeal where ${scope} and answered_at >= ${today}) as answered,
      (select avg(rating) from appeal where ${scope} and rated_at >= ${today}) as avg_rating_today,
      (select count(*) from appeal where ${scope} and rated_at >= ${today}) as rated_today,
      (select count(*) from appeal where ${scope} and registered_at >= ${since30}) as received30,
      (select count(*) from appeal where ${scope} and answered_at >= ${since30}) as answered30,
      (select avg(rating) from appeal where ${scope} and rated_at >= ${since30}) as avg_rating30,
      (select avg(case when rating >= 4 then 1.0 else 0.0 end) from appeal where ${scope} and rated_at >= ${since30}) as share45,
      (select avg(case when answered_at <= due_at then 1.0 else 0.0 end) from appeal
         where ${scope} and answered_at >= ${since30} and due_at is not null) as on_time`)
  ).rows as Record<string, unknown>[]

  // Received in 30 days and overdue now, per row of a dimension table (sector, district).
  const countsBy = async (
    table: 'sector' | 'district',
    column: 'sector_code' | 'district_code',
    order: string,
  ) =>
    (
      await db.execute(sql`
      select t.code, t.name,
        count(appeal.id) filter (where appeal.registered_at >= ${since30}) as received30,
        count(appeal.id) filter (where appeal.due_at < ${now} and ${open}) as overdue
      from ${sql.identifier(table)} t left join appeal on appeal.${sql.identifier(column)} = t.code and ${scope}
      group by t.code, t.name, ${sql.raw(order)} order by ${sql.raw(order)}`)
    ).rows as { code: string; name: string; received30: number; overdue: number }[]
  const bySector = await countsBy('sector', 'sector_code', 't.sort')
  const byDistrict = await countsBy('district', 'district_code', 't.name')

  const daily = (
    await db.execute(sql`
    with days as (
      select to_char(d, 'YYYY-MM-DD') as date from generate_series(
        (${since30}::timestamptz at time zone 'Europe/Moscow')::date,
        (${now}::timestamptz at time zone 'Europe/Moscow')::date, interval '1 day') d),
    rec as (
      select to_char(registered_at at time zone 'Europe/Moscow', 'YYYY-MM-DD') as date, count(*) as n
      from appeal where ${scope} and registered_at >= ${since30} group by 1),
    ans as (
      select to_char(answered_at at time zone 'Europe/Moscow', 'YYYY-MM-DD') as date, count(*) as n
      from appeal where ${scope} and answered_at >= ${since30} group by 1)
    select days.date, coalesce(rec.n, 0) as received, coalesce(ans.n, 0) as answered
    from days left join rec using (date) left join ans using (date) order by days.date`)
  ).rows as { date: string; received: number; answered: number }[]

  return {
    today: {
      received: Number(t.received),
      inWork: Number(t.in_work),
      overdue: Number(t.overdue),
      answered: Number(t.answered),
      avgRatingToday: round(num(t.avg_rating_today)),
      ratedToday: Number(t.rated_today),
    },
    period30: {
      received: Number(t.received30),
      answered: Number(t.answered30),
      avgRating: round(num(t.avg_rating30)),
      share45: round(num(t.share45), 3),
      onTimeShare: round(num(t.on_time), 3),
    },
    bySector: bySector.map((r) => ({ ...r, received30: Number(r.received30), overdue: Number(r.overdue) })),
    byDistrict: byDistrict.map((r) => ({
      ...r,
      received30: Number(r.received30),
      overdue: Number(r.overdue),
    })),
    daily: daily.map((r) => ({ date: r.date, received: Number(r.received), answered: Number(r.answered) })),
    generatedAt: now.toISOString(),
  }
}
