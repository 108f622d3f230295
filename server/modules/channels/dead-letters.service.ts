import { and, desc, eq, inArray } from 'drizzle-orm'
import { jobs } from '../../db/jobs.tables'
import type { Queryable } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { maskEmail } from '../../platform/pd'
import { appeals } from '../appeals/appeals.tables'

/** Russian names of the jobs an operator may see in the dead-letter list. */
export const JOB_TITLES: Record<string, string> = {
  'answers.deliver': 'Доставка ответа заявителю',
  'channels.notify': 'Уведомление заявителя о статусе',
  'email.ack': 'Подтверждение регистрации письма',
  'notifications.deliver': 'Уведомление сотруднику (почта, Telegram)',
}

/**
 * Payload keys never shown: `email.ack` carries the citizen's tracking code, which is told to the
 * citizen once and otherwise kept only as a hash. The worker still reads it from the row on replay.
 */
const SECRET_PAYLOAD_KEYS = new Set(['trackingCode'])

const publicPayload = (payload: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(payload).filter(([key]) => !SECRET_PAYLOAD_KEYS.has(key)))

// A peer's error may quote the recipient (an SMTP «550 <ivanov@mail.ru>: no such user»): masked here.
const EMAIL_IN_TEXT = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[a-zа-яё]{2,}/giu
const maskedError = (error: string | null) =>
  error === null ? null : error.replace(EMAIL_IN_TEXT, (address) => maskEmail(address) ?? '***')

const appealIdOf = (payload: Record<string, unknown>) =>
  typeof payload.appealId === 'number' && Number.isSafeInteger(payload.appealId) ? payload.appealId : null

/** Jobs that failed every attempt, newest first: what did not reach a citizen or a peer system. */
export async function listDeadLetters(db: Queryable, limit = 100) {
  const rows = await db
    .select()
    .from(jobs)
    .where(eq(jobs.state, 'dead'))
    .orderBy(desc(jobs.finishedAt), desc(jobs.id))
    .limit(limit)
  const appealIds = [...new Set(rows.map((j) => appealIdOf(j.payload)).filter((id) => id !== null))]
  const numbers =
    appealIds.length === 0
      ? []
      : await db
          .select({ id: appeals.id, regNumber: appeals.regNumber })
          .from(appeals)
          .where(inArray(appeals.id, appealIds))
  const regNumberOf = new Map(numbers.map((a) => [a.id, a.regNumber]))
  return rows.map((j) => {
    const appealId = appealIdOf(j.payload)
    const regNumber = appealId === null ? undefined : regNumberOf.get(appealId)
    return {
      id: j.id,
      name: j.name,
      title: JOB_TITLES[j.name] ?? j.name,
      payload: publicPayload(j.payload),
      appeal: appealId !== null && regNumber ? { id: appealId, regNumber } : null,
      attempts: j.attempts,
      lastError: maskedError(j.lastError),
      failedAt: j.finishedAt,
      createdAt: j.createdAt,
    }
  })
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
