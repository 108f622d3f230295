import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db'

const BATCH = 5_000

/**
 * Flags appeals that have just become overdue: sets overdue_at and writes an 'overdue' history event
 * naming the unit that held the appeal at that moment. Idempotent (overdue_at is set once) and
 * batched with LIMIT, so a restart or a second scheduler never flags an appeal twice.
 */
export async function sweepOverdue(db: Db, now = new Date()): Promise<number> {
  let total = 0
  for (;;) {
    const result = await db.execute(sql`
      with due as (
        select id, unit_id, status from appeal
        where overdue_at is null and due_at < ${now}
          and status in (select code from status where is_open)
        order by due_at limit ${BATCH}
        for update skip locked),
      flagged as (
        update appeal set overdue_at = ${now} from due where appeal.id = due.id
        returning appeal.id, due.unit_id, due.status)
      insert into appeal_event (appeal_id, at, type, actor_kind, from_status, to_status, data, public)
      select id, ${now}, 'overdue', 'system', status, status, jsonb_build_object('unitId', unit_id), false from flagged`)
    const n = result.rowCount ?? 0
    total += n
    if (n < BATCH) return total
  }
}
