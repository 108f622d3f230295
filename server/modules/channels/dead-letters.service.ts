import { and, desc, eq, inArray } from 'drizzle-orm'
import { jobs } from '../../db/jobs.tables'
import type { Queryable } from '../../platform/db'
import { AppError } from '../../platform/errors'

/** Russian names of the jobs an operator may see in the dead-letter list. */
export const JOB_TITLES: Record<string, string> = {
  'answers.deliver': 'Доставка ответа заявителю',
  'channels.notify': 'Уведомление заявителя о статусе',
  'email.ack': 'Подтверждение регистрации письма',
}

/** Jobs that failed every attempt, newest first: what did not reach a citizen or a peer system. */
export async function listDeadLetters(db: Queryable, limit = 100) {
  const rows = await db
    .select()
    .from(jobs)
    .where(eq(jobs.state, 'dead'))
    .orderBy(desc(jobs.finishedAt), desc(jobs.id))
    .limit(limit)
  return rows.map((j) => ({
    id: j.id,
    name: j.name,
    title: JOB_TITLES[j.name] ?? j.name,
    payload: j.payload,
    attempts: j.attempts,
    lastError: j.lastError,
    failedAt: j.finishedAt,
    createdAt: j.createdAt,
  }))
}

/** Puts dead jobs back in the queue with a fresh set of attempts; returns how many were requeued. */
export async function replayDeadLetters(db: Queryable, ids: number[]): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ state: 'queued', attempts: 0, runAt: new Date(), finishedAt: null, lockedUntil: null })
    .where(and(inArray(jobs.id, ids), eq(jobs.state, 'dead')))
    .returning({ id: jobs.id })
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'Нет таких заданий среди недоставленных')
  return rows.length
}
