import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db'
import { resumeClock } from './deadlines.clock'

/**
 * The deadline sweep (every minute, scheduler role). Three things, each idempotent:
 *
 * 1. Passed moments: every row of the narrow `deadline_watch` queue whose moment has come is deleted, and a
 *    `deadline_flag` row records it once — the final due ('final') or the end of a stage the appeal had not left —
 *    with the unit that held the appeal and its status at that moment. The queue follows the appeal (a trigger copies
 *    re-routing and status changes into it and drops an appeal that is no longer open), so the clock moves with the
 *    appeal and the sweep joins nothing. One statement; appeal rows are not touched (their trigram indexes make a
 *    million-row update take minutes). Two schedulers at once: a deleted row is taken by one of them only, and the flag's key absorbs repeats.
 * 2. Pauses that reached their limit: the clock resumes by itself (the due date moves by the limit, not more).
 * 3. Pauses the applicant answered (a citizen event after the pause began): the clock resumes.
 */
export async function sweepDeadlines(
  db: Db,
  now = new Date(),
): Promise<{ overdue: number; stages: number; resumed: number; vacuumMs: number }> {
  const result = await db.execute(sql`
    with passed as (
      delete from deadline_watch where at < ${now} returning appeal_id, kind, at, unit_id, status),
    flagged as (
      insert into deadline_flag (appeal_id, kind, due_at, flagged_at, unit_id, status)
      select p.appeal_id, p.kind, p.at, ${now}, p.unit_id, p.status
      from passed p
      left join deadline_stage g on g.code = p.kind
      where p.kind = 'final'
         or exists (select 1 from deadline_stage cur where p.status = any(cur.statuses) and cur.until <= g.until)
      -- In key order: a million inserts walk the flag index once instead of jumping around it.
      order by p.appeal_id, p.kind
      on conflict do nothing
      returning kind)
    select count(*) filter (where kind = 'final')::int as overdue, count(*) filter (where kind <> 'final')::int as stages
    from flagged`)
  const counts = result.rows[0] as { overdue: number; stages: number }
  // A large sweep leaves dead rows in the queue's index; clean them now so the next sweeps stay milliseconds.
  let vacuumMs = 0
  if (counts.overdue + counts.stages > 50_000) {
    const t = performance.now()
    // Only an optimisation: where VACUUM cannot run (e.g. inside a batch of the embedded wire server) autovacuum does it later.
    await db.execute(sql`vacuum (analyze) deadline_watch`).catch(() => undefined)
    vacuumMs = Math.round(performance.now() - t)
  }

  const waiting = await db.execute(sql`
    select c.appeal_id,
      case when c.pause_limit_at <= ${now} then 'limit' else 'reply' end as by
    from appeal_clock c
    where c.paused_at is not null
      and (c.pause_limit_at <= ${now}
        or exists (select 1 from appeal_event e
          where e.appeal_id = c.appeal_id and e.actor_kind = 'citizen' and e.at > c.paused_at))
    limit 1000`)
  let resumed = 0
  for (const row of waiting.rows as { appeal_id: string | number; by: 'limit' | 'reply' }[]) {
    const done = await db.transaction((tx) =>
      resumeClock(tx, { kind: 'system' }, Number(row.appeal_id), { by: row.by, now }),
    )
    if (done) resumed++
  }
  return { ...counts, resumed, vacuumMs }
}

/** The scheduler's entry point: how many deadlines passed in this sweep. */
export async function sweepOverdue(db: Db, now = new Date()): Promise<number> {
  const r = await sweepDeadlines(db, now)
  return r.overdue + r.stages + r.resumed
}
