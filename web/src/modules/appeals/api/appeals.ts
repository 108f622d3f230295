import { apiRequest } from '../../platform/api/http'
import type {
  AppealDetail,
  AppealListFilters,
  AppealListItem,
  AssignInput,
  CallerLookup,
  Id,
  RegisterAppealInput,
  SuggestedResult,
} from './types'

const base = (id: Id) => `/api/appeals/${encodeURIComponent(String(id))}`

/** A page of the registry, filtered and scoped by the server to what the user may see. */
export function listAppeals(
  filters: AppealListFilters,
  signal?: AbortSignal,
): Promise<{ items: AppealListItem[]; total: number }> {
  return apiRequest('/api/appeals', { query: filters, signal })
}

/**
 * The caller's earlier appeals from every channel (max 20, newest first), by phone or the beginning
 * of the name; every call is logged on the server as a personal-data access.
 */
export function getCallerHistory(
  lookup: CallerLookup,
  signal?: AbortSignal,
): Promise<{ items: AppealListItem[] }> {
  return apiRequest('/api/appeals/caller-history', { query: lookup, signal })
}

/** The appeal card; 404 NOT_FOUND when it does not exist or is not the user's. */
export function getAppeal(id: Id, signal?: AbortSignal): Promise<AppealDetail> {
  return apiRequest(base(id), { signal })
}

/** Registers an appeal taken by phone; returns it with the citizen's tracking code. */
export function registerAppeal(
  input: RegisterAppealInput,
): Promise<{ appeal: AppealDetail; trackingCode: string | null }> {
  return apiRequest('/api/appeals', { method: 'POST', body: input })
}

/** Sends the appeal to an executor unit («В работе»). */
export function assignAppeal(id: Id, input: AssignInput): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/assign`, { method: 'POST', body: input })
}

/** «Направить по предложению»: each appeal to the executor Вече proposes; a result (or a reason) per appeal. */
export function assignSuggested(ids: Id[]): Promise<{ assigned: number; results: SuggestedResult[] }> {
  return apiRequest('/api/appeals/assign-suggested', { method: 'POST', body: { ids: ids.map(Number) } })
}

/** Saves the executor's answer («Ответ подготовлен»). */
export function answerAppeal(id: Id, text: string): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/answer`, { method: 'POST', body: { text } })
}

/** Approves the prepared answer («Ответ утверждён»); delivery follows in the background. */
export function approveAppeal(id: Id): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/approve`, { method: 'POST', body: {} })
}

/** Returns the answer to the executor with a reason (back to «В работе»). */
export function returnAppeal(id: Id, reason: string): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/return`, { method: 'POST', body: { reason } })
}

/** Tells the citizen how the work is going; the status stays, the history gets a public event. */
export function sendInterimAnswer(id: Id, text: string): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/interim-answer`, { method: 'POST', body: { text } })
}

/** «Это та же проблема»: joins the appeal to the incident of `intoId` (its main, if that one is a member). */
export function mergeAppeal(id: Id, intoId: Id): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/merge`, { method: 'POST', body: { intoId: Number(intoId) } })
}

/** A person's decision on the urgent flag (with an optional comment for the history). */
export function setUrgency(id: Id, urgent: boolean, comment: string): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/urgency`, {
    method: 'POST',
    body: { urgent, comment: comment.trim() || null },
  })
}

/** Takes the appeal out of its incident: it is a separate problem. */
export function splitAppeal(id: Id): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/split`, { method: 'POST', body: {} })
}

/** The redirect term of an appeal and the other bodies it can go to (with where it already went). */
export type RedirectOptions = {
  window: { due: string | null; daysLeft: number | null; late: boolean; source: string | null }
  bodies: { id: number; name: string; shortName: string; level: string; sentAt: string | null }[]
}

export function getRedirectOptions(id: Id, signal?: AbortSignal): Promise<RedirectOptions> {
  return apiRequest(`${base(id)}/redirect`, { signal })
}

export type RedirectInput = {
  mode: 'redirect' | 'copy'
  bodyIds: number[]
  reason: string
  complaintAgainstIds?: number[]
  lateReason?: string | null
}

/** Redirects the appeal to other bodies by competence, or sends them a copy; the citizen gets a notice. */
export function redirectAppeal(id: Id, input: RedirectInput): Promise<AppealDetail> {
  return apiRequest(`${base(id)}/redirect`, { method: 'POST', body: input })
}
