import type { AppealListItem } from '../../appeals/api/types'
import { apiRequest, toQueryString } from '../../platform/api/http'

export type Bucket = 'overdue' | 'today' | 'tomorrow'

export type Counts = { overdue: number; today: number; tomorrow: number }

export type ControlFilters = { bucket?: Bucket; unitId?: number; sector?: string }

export type ControlItem = AppealListItem & {
  /** Minutes past due and working days after the due day; null when not late yet. */
  late: { minutes: number; workingDays: number } | null
  lastManual: { type: string; at: string } | null
}

export type ControlBoard = {
  summary: Counts
  windows: { todayEnd: string; tomorrowEnd: string }
  byUnit: (Counts & { unit: { id: number; shortName: string } | null })[]
  bySector: (Counts & { sector: { code: string; name: string } | null })[]
  total: number
  items: ControlItem[]
}

export type ManualResult = {
  target: 'executors' | 'unit_head' | 'deputy'
  recipients: number
  message: string
}

/** The board within the user's scope. */
export function getControlBoard(filters: ControlFilters, signal?: AbortSignal): Promise<ControlBoard> {
  return apiRequest('/api/control', { query: { ...filters, limit: 200 }, signal })
}

/** «Напомнить» (executors) or «Эскалировать» (head, then deputy); 429 with a Russian message when too soon. */
export function notifyFromBoard(appealId: number, action: 'remind' | 'escalate'): Promise<ManualResult> {
  return apiRequest(`/api/control/appeals/${appealId}/${action}`, { method: 'POST', body: {} })
}

/** The export link: the browser downloads it with the session cookie. */
export function exportUrl(filters: ControlFilters, format: 'csv' | 'xlsx'): string {
  return `/api/control/export${toQueryString({ ...filters, format })}`
}
