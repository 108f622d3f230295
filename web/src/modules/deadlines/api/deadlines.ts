import { apiRequest } from '../../platform/api/http'

export type DeadlineFlag = { at: string; unitName: string | null; status: string } | null

/** The «Сроки» section of an appeal (GET /api/appeals/:id/deadlines). */
export type Deadlines = {
  dueAt: string | null
  baseDueAt: string | null
  overdue: boolean
  overdueFlag: DeadlineFlag
  rule: { code: string; term: string; description: string }
  stages: {
    code: string
    name: string
    dueAt: string
    state: 'done' | 'current' | 'upcoming'
    late: boolean
    flag: DeadlineFlag
  }[]
  pause: {
    allowed: boolean
    maxDays: number
    pausedAt: string | null
    limitAt: string | null
    question: string | null
    pausedMs: number
  }
  extension: { allowed: boolean; maxDays: number; used: number; extendedDays: number; left: number }
  infoRequests: {
    id: number
    body: string
    subject: string
    sentAt: string
    dueAt: string
    answeredAt: string | null
    answerNote: string | null
    overdue: boolean
  }[]
  actions: string[]
}

const base = (id: number) => `/api/appeals/${encodeURIComponent(String(id))}`

export const getDeadlines = (id: number, signal?: AbortSignal): Promise<Deadlines> =>
  apiRequest(`${base(id)}/deadlines`, { signal })
export const extendDeadline = (id: number, days: number, reason: string): Promise<Deadlines> =>
  apiRequest(`${base(id)}/deadline/extend`, { method: 'POST', body: { days, reason } })
export const pauseDeadline = (id: number, question: string): Promise<Deadlines> =>
  apiRequest(`${base(id)}/deadline/pause`, { method: 'POST', body: { question } })
export const resumeDeadline = (id: number): Promise<Deadlines> =>
  apiRequest(`${base(id)}/deadline/resume`, { method: 'POST', body: {} })
export const addInfoRequest = (id: number, body: string, subject: string): Promise<Deadlines> =>
  apiRequest(`${base(id)}/info-requests`, { method: 'POST', body: { body, subject } })
export const answerInfoRequest = (id: number, requestId: number, note: string): Promise<Deadlines> =>
  apiRequest(`${base(id)}/info-requests/${requestId}/answer`, { method: 'POST', body: { note } })

/** The production calendar for admins. */
export type CalendarView = {
  years: { year: number; source: string; status: 'approved' | 'draft' }[]
  warnings: string[]
  overrides: {
    date: string
    kind: 'working' | 'holiday' | 'short'
    reason: string
    createdAt: string
    createdBy: string | null
  }[]
}
export const getCalendar = (signal?: AbortSignal): Promise<CalendarView> =>
  apiRequest('/api/calendar', { signal })
export const saveOverride = (date: string, kind: string, reason: string): Promise<CalendarView> =>
  apiRequest(`/api/calendar/overrides/${encodeURIComponent(date)}`, { method: 'PUT', body: { kind, reason } })
export const deleteOverride = (date: string): Promise<CalendarView> =>
  apiRequest(`/api/calendar/overrides/${encodeURIComponent(date)}`, { method: 'DELETE' })
