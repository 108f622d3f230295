import { ApiError, type ApiErrorDetail, apiRequest } from '../../platform/api/http'

export type UnitRef = { id: number; shortName: string }
export type Contact = { name: string; position?: string | null; phone?: string | null; email?: string | null }

/** A unit of the directory with its 30-day routing counts. */
export type OrgUnit = {
  id: number
  code: string
  name: string
  shortName: string
  kind: string
  level: string
  sectors: string[]
  districtCode: string | null
  headName: string | null
  headPosition: string | null
  phone: string | null
  email: string | null
  address: string | null
  workingHours: string | null
  parentId: number | null
  contacts: Contact[]
  deleted: boolean
  reassigned30: number
  declined30: number
}
export type OrgUnitInput = Omit<OrgUnit, 'id' | 'deleted' | 'reassigned30' | 'declined30'>

export const KIND_NAMES: Record<string, string> = {
  administration: 'Подразделение администрации',
  territorial: 'Территориальное управление',
  municipal_enterprise: 'Муниципальное предприятие / учреждение',
  regional: 'Региональный орган',
  other: 'Другая организация',
}
export const LEVEL_NAMES: Record<string, string> = {
  municipal: 'Муниципальный',
  regional: 'Региональный',
  federal: 'Федеральный',
}

export type UnitFilter = { q?: string; kind?: string; sector?: string; deleted?: boolean }

export function listUnits(f: UnitFilter, signal?: AbortSignal): Promise<{ items: OrgUnit[] }> {
  return apiRequest('/api/units', {
    query: { q: f.q, kind: f.kind, sector: f.sector, deleted: f.deleted ? 'true' : undefined },
    signal,
  })
}
export function saveUnit(id: number | null, input: OrgUnitInput): Promise<OrgUnit> {
  return id === null
    ? apiRequest('/api/units', { method: 'POST', body: input })
    : apiRequest(`/api/units/${id}`, { method: 'PUT', body: input })
}
export function deleteUnit(id: number): Promise<OrgUnit> {
  return apiRequest(`/api/units/${id}`, { method: 'DELETE' })
}
export function restoreUnit(id: number): Promise<OrgUnit> {
  return apiRequest(`/api/units/${id}/restore`, { method: 'POST', body: {} })
}

export type ImportReport = {
  total: number
  created: number
  updated: number
  encoding: string
  delimiter: string
}

/** Uploads a CSV file as it is (bytes: the server reads UTF-8 and cp1251). */
export async function importUnitsCsv(file: File): Promise<ImportReport> {
  const response = await fetch('/api/units/import', {
    method: 'POST',
    headers: { 'content-type': 'text/csv', accept: 'application/json' },
    credentials: 'same-origin',
    body: file,
  })
  const data = (await response.json().catch(() => null)) as
    | (ImportReport & { error?: { code: string; message: string; details?: ApiErrorDetail[] } })
    | null
  if (!response.ok || !data)
    throw new ApiError(
      response.status,
      data?.error?.code ?? `HTTP_${response.status}`,
      data?.error?.message ?? 'Файл не загружен.',
      data?.error?.details ?? [],
    )
  return data
}

export type Rule = {
  id: number
  number: number
  sectorCode: string | null
  topicCode: string | null
  districtCode: string | null
  objectType: string | null
  unit: UnitRef & { deleted: boolean }
  coExecutors: UnitRef[]
  deputy: { id: string; fullName: string } | null
  note: string | null
  conditions: string
  updatedAt: string
}
export type Matrix = {
  rules: Rule[]
  objectTypes: { code: string; name: string }[]
  deputies: { id: string; fullName: string; sectors: string[] }[]
}
export type RuleInput = {
  sectorCode: string | null
  topicCode: string | null
  districtCode: string | null
  objectType: string | null
  unitId: number
  coExecutorIds: number[]
  deputyUserId: string | null
  note: string | null
  position?: number | null
}
export type ResponsibilityQuery = {
  sectorCode?: string | null
  topicCode?: string | null
  districtCode?: string | null
  objectType?: string | null
}
export type Resolution = {
  objectTypes: { code: string; name: string }[]
  match: {
    ruleId: number
    number: number
    unit: UnitRef
    coExecutors: UnitRef[]
    deputy: { id: string; fullName: string } | null
    why: string
  } | null
  trace: { position: number; matched: boolean; reason: string | null }[]
}

export const getMatrix = (signal?: AbortSignal): Promise<Matrix> =>
  apiRequest('/api/routing/matrix', { signal })
export const createRule = (input: RuleInput): Promise<Matrix> =>
  apiRequest('/api/routing/matrix', { method: 'POST', body: input })
export const updateRule = (id: number, input: RuleInput): Promise<Matrix> =>
  apiRequest(`/api/routing/matrix/${id}`, { method: 'PUT', body: input })
export const moveRule = (id: number, position: number): Promise<Matrix> =>
  apiRequest(`/api/routing/matrix/${id}/move`, { method: 'POST', body: { position } })
export const deleteRule = (id: number): Promise<Matrix> =>
  apiRequest(`/api/routing/matrix/${id}`, { method: 'DELETE' })
export const checkResponsibility = (q: ResponsibilityQuery): Promise<Resolution> =>
  apiRequest('/api/routing/matrix/check', { method: 'POST', body: q })
/** Who the matrix names for this appeal with the sector and topic the operator is choosing. */
export const previewResponsibility = (
  appealId: number | string,
  q: ResponsibilityQuery,
): Promise<Resolution> =>
  apiRequest(`/api/appeals/${encodeURIComponent(String(appealId))}/responsibility`, {
    query: { sectorCode: q.sectorCode, topicCode: q.topicCode, objectType: q.objectType },
  })
/** «Не наша компетенция»: back to routing with a reason. */
export const declineAppeal = (
  appealId: number | string,
  reason: string,
): Promise<{ id: number; regNumber: string; status: string }> =>
  apiRequest(`/api/appeals/${encodeURIComponent(String(appealId))}/decline`, {
    method: 'POST',
    body: { reason },
  })
