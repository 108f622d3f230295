import { type FormEvent, useCallback, useRef, useState } from 'react'
import { reverseGeocode } from '../../geo/api/geo'
import type { MapPoint } from '../../geo/components/DistrictMap'
import { type ApiError, toApiError } from '../../platform/api/http'
import { registerAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import {
  type ApplicantDraft,
  emptyApplicant,
  emptyRegistration,
  type RegistrationDraft,
  toRegisterInput,
  validateRegistration,
} from '../utils/registration'

/** trackingCode is null when the same appeal had already been registered (the code is shown only once). */
export type RegistrationResult = { appeal: AppealDetail; trackingCode: string | null }
export type ApplicantField = Exclude<keyof ApplicantDraft, 'key'>

/** State of the phone registration form: applicants, map pick with reverse geocoding, submit. */
export function useRegistrationForm() {
  const [draft, setDraft] = useState<RegistrationDraft>(emptyRegistration)
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<ApiError | null>(null)
  const [pending, setPending] = useState(false)
  const [result, setResult] = useState<RegistrationResult | null>(null)
  const [geocoding, setGeocoding] = useState(false)
  const [suggestedAddress, setSuggestedAddress] = useState<string | null>(null)
  const [geocodeError, setGeocodeError] = useState<string | null>(null)
  const geocodeRequest = useRef<AbortController | null>(null)

  const set = useCallback(<K extends keyof RegistrationDraft>(key: K, value: RegistrationDraft[K]) => {
    setDraft((d) => {
      const next = { ...d, [key]: value }
      // A topic belongs to one sector: changing the sector clears it.
      if (key === 'sectorCode') next.topicCode = ''
      return next
    })
  }, [])

  const setApplicant = useCallback((index: number, field: ApplicantField, value: string) => {
    setDraft((d) => ({
      ...d,
      applicants: d.applicants.map((a, i) => (i === index ? { ...a, [field]: value } : a)),
    }))
  }, [])

  const addApplicant = useCallback(() => {
    setDraft((d) => ({ ...d, applicants: [...d.applicants, emptyApplicant()] }))
  }, [])

  const removeApplicant = useCallback((index: number) => {
    setDraft((d) => ({ ...d, applicants: d.applicants.filter((_, i) => i !== index) }))
  }, [])

  /** A click on the map: keep the point, then ask the server for the district and an address. */
  const pickPoint = useCallback(async (point: MapPoint) => {
    setDraft((d) => ({ ...d, lat: point.lat, lon: point.lon }))
    setSuggestedAddress(null)
    setGeocodeError(null)
    geocodeRequest.current?.abort()
    const controller = new AbortController()
    geocodeRequest.current = controller
    setGeocoding(true)
    try {
      const found = await reverseGeocode(point.lat, point.lon, controller.signal)
      if (controller.signal.aborted) return
      setDraft((d) => ({
        ...d,
        districtCode: found.district?.code ?? d.districtCode,
        addressText: d.addressText.trim() === '' && found.addressText ? found.addressText : d.addressText,
      }))
      setSuggestedAddress(found.addressText)
      if (!found.district) setGeocodeError('Точка вне границ районов города — укажите район вручную.')
    } catch (e) {
      if (!controller.signal.aborted) setGeocodeError(toApiError(e).message)
    } finally {
      if (!controller.signal.aborted) setGeocoding(false)
    }
  }, [])

  const clearPoint = useCallback(() => {
    geocodeRequest.current?.abort()
    setGeocoding(false)
    setSuggestedAddress(null)
    setGeocodeError(null)
    setDraft((d) => ({ ...d, lat: null, lon: null }))
  }, [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (pending) return
    const errors = validateRegistration(draft)
    setLocalErrors(errors)
    setError(null)
    if (Object.keys(errors).length > 0) return
    setPending(true)
    try {
      setResult(await registerAppeal(toRegisterInput(draft)))
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setPending(false)
    }
  }

  const reset = useCallback(() => {
    setDraft(emptyRegistration())
    setLocalErrors({})
    setError(null)
    setResult(null)
    setSuggestedAddress(null)
    setGeocodeError(null)
  }, [])

  /** The error for one field: a local check first, then the server's `details` for that path. */
  const fieldError = (path: string): string | null =>
    localErrors[path] ?? error?.details.find((d) => d.path === path)?.message ?? null

  return {
    draft,
    set,
    setApplicant,
    addApplicant,
    removeApplicant,
    pickPoint,
    clearPoint,
    geocoding,
    suggestedAddress,
    geocodeError,
    submit,
    pending,
    error,
    fieldError,
    result,
    reset,
  }
}

export type RegistrationForm = ReturnType<typeof useRegistrationForm>
