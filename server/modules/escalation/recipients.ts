import { type SQL, sql } from 'drizzle-orm'

/*
 * Who a ladder step or a manual action reaches — the ONE place that looks people up.
 *
 * It is a relation (key, user_id) joined by key, so the sweep stays one hash join however many appeals fall due:
 *   executors:<unit>  — the unit's executors and its head;
 *   unit_head:<unit>  — the unit's head;
 *   curator:<user>    — the curating deputy the matrix rule named at assignment (appeal.curator_id);
 *   deputy:<sector>   — otherwise, deputies whose sectors include the appeal's sector;
 * and МЦУ coordinators wherever there is nobody (no unit yet: key «…:-», a unit without people or head, a
 * sector without a curating deputy, a named curator since disabled), so a due step is never addressed to no one.
 */
export const recipientsCte: SQL = sql`
  select 'executors:' || u.unit_id as key, u.id as user_id from app_user u
    where u.disabled_at is null and u.unit_id is not null and u.role in ('executor', 'unit_head')
  union all
  select 'unit_head:' || u.unit_id, u.id from app_user u
    where u.disabled_at is null and u.unit_id is not null and u.role = 'unit_head'
  union all
  select 'deputy:' || s, u.id from app_user u cross join lateral unnest(u.sectors) s
    where u.disabled_at is null and u.role = 'deputy'
  union all
  select 'curator:' || u.id, u.id from app_user u where u.disabled_at is null and u.role = 'deputy'
  union all
  select 'curator:' || x.id, c.id from app_user x cross join app_user c
    where (x.disabled_at is not null or x.role <> 'deputy') and c.disabled_at is null and c.role = 'coordinator'
  union all
  select k.key, c.id from app_user c cross join (
      select 'executors:-' as key union all select 'unit_head:-' union all select 'deputy:-'
      union all
      select 'executors:' || un.id from unit un where not exists (select 1 from app_user x
        where x.unit_id = un.id and x.disabled_at is null and x.role in ('executor', 'unit_head'))
      union all
      select 'unit_head:' || un.id from unit un where not exists (select 1 from app_user x
        where x.unit_id = un.id and x.disabled_at is null and x.role = 'unit_head')
      union all
      select 'deputy:' || se.code from sector se where not exists (select 1 from app_user x
        where x.disabled_at is null and x.role = 'deputy' and se.code = any(x.sectors))
    ) k
    where c.disabled_at is null and c.role = 'coordinator'`

/** The key of an appeal for a target (SQL over the appeal's unit, sector and curator expressions). */
export function recipientKey(target: SQL, unitId: SQL, sectorCode: SQL, curatorId: SQL): SQL {
  return sql`(case when ${target} = 'deputy' and ${curatorId} is not null then 'curator:' || ${curatorId}::text
    when ${target} = 'deputy' then 'deputy:' || coalesce(${sectorCode}, '-')
    else ${target} || ':' || coalesce(${unitId}::text, '-') end)`
}
