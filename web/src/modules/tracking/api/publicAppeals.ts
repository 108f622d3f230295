import { apiRequest } from '../../platform/api/http'

/** What a citizen sees about their appeal (no personal data, public history only). */
export type PublicAppeal = {
  regNumber: string
  regime: { code: string; name: string }
  receivedAt: string
  registeredAt: string
  status: { code: string; publicName: string }
  sector: { code: string; name: string } | null
  dueAt: string | null
  answer: { text: string; at: string } | null
  history: { at: string; title: string; notice: string | null }[]
  canRate: boolean
  rating: { score: number; comment: string | null; at: string | null } | null
}

const path = (regNumber: string) => `/api/public/appeals/${encodeURIComponent(regNumber)}`

/** Looks an appeal up by its number and the 6-digit code; 404 NOT_FOUND if either is wrong. */
export function getPublicAppeal(
  regNumber: string,
  code: string,
  signal?: AbortSignal,
): Promise<PublicAppeal> {
  return apiRequest(path(regNumber), { query: { code }, signal, authRedirect: false })
}

/** The citizen's 1–5 rating of the answer. */
export function rateAppeal(
  regNumber: string,
  input: { code: string; score: number; comment?: string },
): Promise<PublicAppeal> {
  return apiRequest(`${path(regNumber)}/rating`, { method: 'POST', body: input, authRedirect: false })
}
