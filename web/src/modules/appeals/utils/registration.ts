import type { ApplicantInput, RegisterAppealInput } from '../api/types'

export type ApplicantDraft = {
  key: number
  fullName: string
  phone: string
  email: string
  postalAddress: string
}

export type RegistrationDraft = {
  regime: 'fz59' | 'message'
  applicants: ApplicantDraft[]
  text: string
  addressText: string
  lat: number | null
  lon: number | null
  districtCode: string
  sectorCode: string
  topicCode: string
  urgent: boolean
}

let nextKey = 1

/** A blank applicant block. */
export function emptyApplicant(): ApplicantDraft {
  return { key: nextKey++, fullName: '', phone: '', email: '', postalAddress: '' }
}

/** A blank phone registration. */
export function emptyRegistration(): RegistrationDraft {
  return {
    regime: 'fz59',
    applicants: [emptyApplicant()],
    text: '',
    addressText: '',
    lat: null,
    lon: null,
    districtCode: '',
    sectorCode: '',
    topicCode: '',
    urgent: false,
  }
}

function clean(value: string): string | undefined {
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function toApplicantInput(draft: ApplicantDraft): ApplicantInput {
  const input: ApplicantInput = {
    fullName: clean(draft.fullName),
    phone: clean(draft.phone),
    email: clean(draft.email),
    postalAddress: clean(draft.postalAddress),
  }
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as ApplicantInput
}

/**
 * The POST /api/appeals body: trimmed, empty fields left out, empty co-author blocks dropped
 * (one applicant is always sent — an anonymous message has an empty one).
 */
export function toRegisterInput(draft: RegistrationDraft): RegisterAppealInput {
  const applicants = draft.applicants.map(toApplicantInput).filter((a) => Object.keys(a).length > 0)
  const input: RegisterAppealInput = {
    regime: draft.regime,
    channel: 'phone',
    text: draft.text.trim(),
    applicants: applicants.length > 0 ? applicants : [{}],
    urgent: draft.urgent,
  }
  const addressText = clean(draft.addressText)
  if (addressText) input.addressText = addressText
  if (draft.lat !== null && draft.lon !== null) {
    input.lat = Number(draft.lat.toFixed(6))
    input.lon = Number(draft.lon.toFixed(6))
  }
  if (draft.districtCode) input.districtCode = draft.districtCode
  if (draft.sectorCode) input.sectorCode = draft.sectorCode
  if (draft.topicCode) input.topicCode = draft.topicCode
  return input
}

/** Field errors a person can fix before the server is asked; keys match the API's `details.path`. */
export function validateRegistration(draft: RegistrationDraft): Record<string, string> {
  const errors: Record<string, string> = {}
  if (draft.text.trim() === '') errors.text = 'Введите текст обращения.'
  return errors
}
