import { apiRequest } from '../../platform/api/http'

/** A job that failed every retry: an answer, a status notice, a ПОС push or an e-mail acknowledgement. */
export type DeadLetter = {
  id: number
  name: string
  /** Russian name of the job («Доставка ответа заявителю»…). */
  title: string
  /** The appeal it concerns, when the job names one. */
  appeal: { id: number; regNumber: string } | null
  attempts: number
  /** The peer's last error, addresses masked by the server. */
  lastError: string | null
  failedAt: string | null
  createdAt: string
}

/** What failed every retry, newest first (up to 100). */
export function listDeadLetters(signal?: AbortSignal): Promise<{ items: DeadLetter[] }> {
  return apiRequest('/api/dead-letters', { signal })
}

/** Queues the chosen jobs again with a fresh set of attempts; returns how many were requeued. */
export function replayDeadLetters(ids: number[]): Promise<{ requeued: number }> {
  return apiRequest('/api/dead-letters/replay', { method: 'POST', body: { ids } })
}
