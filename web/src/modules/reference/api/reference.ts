import { apiRequest } from '../../platform/api/http'

export type CodeName = { code: string; name: string }
export type Topic = { code: string; sector: string; name: string; totko: string | null }
export type Unit = {
  id: string | number
  code: string
  name: string
  shortName: string
  sectors: string[]
  level: string | number | null
  kind: string | null
}
export type StatusRef = { code: string; name: string; publicName: string; isFinal: boolean }

/** Dictionaries the forms and filters need, loaded once per session. */
export type Reference = {
  districts: CodeName[]
  sectors: CodeName[]
  topics: Topic[]
  units: Unit[]
  statuses: StatusRef[]
  channels: CodeName[]
  regimes: CodeName[]
}

let cached: Promise<Reference> | null = null

/** Loads the reference data; later calls reuse the same promise (a failed load is retried next time). */
export function loadReference(): Promise<Reference> {
  if (!cached) {
    cached = apiRequest<Reference>('/api/reference').catch((error: unknown) => {
      cached = null
      throw error
    })
  }
  return cached
}

/** Forgets the cached dictionaries (on sign-in and sign-out, since visibility may depend on the user). */
export function clearReferenceCache(): void {
  cached = null
}
