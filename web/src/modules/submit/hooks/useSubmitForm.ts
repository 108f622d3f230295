import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react'
import type { MapPoint } from '../../geo/components/DistrictMap'
import { type ApiError, toApiError } from '../../platform/api/http'
import { loadWebForm, reverseAddress, type SubmitResult, sendAppeal, type WebFormInfo } from '../api/submit'
import { fileProblem, type PickedFile, PREVIEWABLE, sniffKind } from '../utils/files'
import { emptyDraft, newClientId, type SubmitDraft, toFormData, validateDraft } from '../utils/validate'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The submitted appeal as the success screen shows it. */
export type SubmittedAppeal = SubmitResult & { text: string }

/**
 * State of the citizen's form: the server's form token (fresh per fill), fields, photos with previews,
 * the map pin, sending with progress, and errors next to their fields.
 */
export function useSubmitForm() {
  const [info, setInfo] = useState<WebFormInfo | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const tokenAt = useRef(0)
  const [clientId, setClientId] = useState(newClientId)
  const [draft, setDraft] = useState<SubmitDraft>(emptyDraft)
  const [files, setFiles] = useState<PickedFile[]>([])
  const [fileErrors, setFileErrors] = useState<string[]>([])
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<ApiError | null>(null)
  const [pending, setPending] = useState(false)
  const [progress, setProgress] = useState<number | null>(null)
  const [result, setResult] = useState<SubmittedAppeal | null>(null)
  const [pinNote, setPinNote] = useState<string | null>(null)
  const reverseRequest = useRef<AbortController | null>(null)

  const fetchToken = useCallback(async () => {
    try {
      const next = await loadWebForm()
      tokenAt.current = Date.now()
      setInfo(next)
      setLoadError(null)
      return next
    } catch (e) {
      setLoadError(toApiError(e))
      return null
    }
  }, [])

  useEffect(() => {
    void fetchToken()
  }, [fetchToken])

  // Previews are object URLs: release them when a photo is removed or the page is left.
  const filesRef = useRef(files)
  filesRef.current = files
  useEffect(
    () => () => {
      for (const f of filesRef.current) if (f.previewUrl) URL.revokeObjectURL(f.previewUrl)
    },
    [],
  )

  const set = useCallback(<K extends keyof SubmitDraft>(key: K, value: SubmitDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    // Either address satisfies the rule, so typing one clears the complaint about both.
    const cleared: string[] = key === 'email' || key === 'postalAddress' ? ['email', 'postalAddress'] : [key]
    setLocalErrors((e) => {
      if (!cleared.some((k) => k in e)) return e
      return Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k)))
    })
  }, [])

  const addFiles = useCallback(
    async (list: FileList | File[]) => {
      if (!info) return
      const { maxFiles, maxFileBytes } = info.limits
      const problems: string[] = []
      const accepted: PickedFile[] = []
      for (const file of Array.from(list)) {
        if (filesRef.current.length + accepted.length >= maxFiles) {
          problems.push(`Можно приложить не больше ${maxFiles} файлов — «${file.name}» не добавлен`)
          continue
        }
        const kind = sniffKind(new Uint8Array(await file.slice(0, 16).arrayBuffer()))
        const problem = fileProblem(file, kind, maxFileBytes)
        if (problem || !kind) {
          problems.push(problem ?? `Файл «${file.name}» не подходит`)
          continue
        }
        accepted.push({
          key: newClientId(),
          file,
          kind,
          previewUrl: PREVIEWABLE.includes(kind) ? URL.createObjectURL(file) : null,
        })
      }
      setFiles((current) => [...current, ...accepted])
      setFileErrors(problems)
    },
    [info],
  )

  const removeFile = useCallback((key: string) => {
    setFiles((current) => {
      const gone = current.find((f) => f.key === key)
      if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl)
      return current.filter((f) => f.key !== key)
    })
    setFileErrors([])
  }, [])

  /** A tap on the map: keep the pin and fill an empty address with the nearest street. */
  const pickPoint = useCallback(async (point: MapPoint) => {
    setDraft((d) => ({ ...d, lat: point.lat, lon: point.lon }))
    setPinNote(null)
    reverseRequest.current?.abort()
    const controller = new AbortController()
    reverseRequest.current = controller
    try {
      const found = await reverseAddress(point.lat, point.lon, controller.signal)
      if (controller.signal.aborted) return
      if (found.addressText) {
        setDraft((d) => (d.addressText.trim() ? d : { ...d, addressText: `${found.addressText}, ` }))
      }
      setPinNote(
        found.district
          ? `${found.district.name}${found.addressText ? ` · рядом: ${found.addressText}` : ''}`
          : 'Точка за границами районов города',
      )
    } catch {
      if (!controller.signal.aborted) setPinNote(null)
    }
  }, [])

  const clearPoint = useCallback(() => {
    reverseRequest.current?.abort()
    setPinNote(null)
    setDraft((d) => ({ ...d, lat: null, lon: null }))
  }, [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (pending || !info) return
    const errors = validateDraft(draft, info.limits)
    setLocalErrors(errors)
    setError(null)
    if (Object.keys(errors).length > 0) {
      document.getElementById(Object.keys(errors)[0])?.focus()
      return
    }
    setPending(true)
    setProgress(0)
    try {
      let form = info
      // A form left open for hours gets a fresh token; one filled in seconds waits out the server's minimum.
      if (Date.now() - tokenAt.current > (info.maxAgeSeconds - 120) * 1000)
        form = (await fetchToken()) ?? info
      const wait = form.minDelaySeconds * 1000 + 500 - (Date.now() - tokenAt.current)
      if (wait > 0) await sleep(wait)
      const body = toFormData(
        draft,
        form.token,
        clientId,
        files.map((f) => f.file),
      )
      const sent = await sendAppeal(body, setProgress)
      setResult({ ...sent, text: draft.text.trim() })
    } catch (e) {
      const apiError = toApiError(e)
      setError(apiError)
      // A stale or spent token: fetch a new one, so sending again just works (the same fill keeps its clientId).
      if (apiError.details.some((d) => d.path === 'token') || apiError.code === 'CONFLICT') void fetchToken()
    } finally {
      setPending(false)
      setProgress(null)
    }
  }

  const reset = useCallback(() => {
    for (const f of filesRef.current) if (f.previewUrl) URL.revokeObjectURL(f.previewUrl)
    setDraft(emptyDraft())
    setFiles([])
    setFileErrors([])
    setLocalErrors({})
    setError(null)
    setResult(null)
    setPinNote(null)
    setClientId(newClientId())
    void fetchToken()
  }, [fetchToken])

  /** The error for one field: the local check first, then the server's `details` for that path. */
  const fieldError = (path: string): string | null =>
    localErrors[path] ?? error?.details.find((d) => d.path === path)?.message ?? null

  /** Server refusals about files (`files`, `files.2`) shown under the photo picker. */
  const serverFileErrors = error?.details.some((d) => d.path.startsWith('files')) ? [error.message] : []

  return {
    info,
    loadError,
    reload: fetchToken,
    draft,
    set,
    files,
    addFiles,
    removeFile,
    fileErrors: [...fileErrors, ...serverFileErrors],
    pickPoint,
    clearPoint,
    pinNote,
    submit,
    pending,
    progress,
    error,
    fieldError,
    result,
    reset,
  }
}

export type SubmitForm = ReturnType<typeof useSubmitForm>
