import { apiRequest } from '../../platform/api/http'

/** An item awaiting review: a social-network post the noise check flagged, with its reasons. */
export type ReviewItem = {
  id: number
  regNumber: string
  channel: { code: string; name: string }
  receivedAt: string
  text: string
  /** The post or comment in the social network. */
  url: string | null
  /** The city's page (госпаблик) it was left on. */
  publicPageUrl: string | null
  reposts: number
  /** Masked by the server. */
  author: string | null
  reasons: string[]
  urgent: boolean
  /** Flagged urgent by the model alone, not yet confirmed by a person («срочно?»). */
  urgentToCheck: boolean
}

export type ReviewDecision = { id: number; regNumber: string; status: string }

/** A page of the review list, oldest first. */
export function listReview(
  page: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<{ items: ReviewItem[]; total: number }> {
  return apiRequest('/api/review', { query: page, signal })
}

/** Not noise: to coordination, and so into the work queue. */
export function acceptReview(id: number): Promise<ReviewDecision> {
  return apiRequest(`/api/review/${id}/accept`, { method: 'POST', body: {} })
}

/** Noise: rejected, with the reviewer's note. */
export function rejectReview(id: number, note: string): Promise<ReviewDecision> {
  return apiRequest(`/api/review/${id}/reject`, { method: 'POST', body: { note } })
}
