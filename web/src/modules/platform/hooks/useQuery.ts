import { useCallback, useEffect, useRef, useState } from 'react'
import { type ApiError, toApiError } from '../api/http'

export type QueryState<T> = {
  data: T | null
  error: ApiError | null
  loading: boolean
  /** Fetches again with the same key. */
  reload: () => void
  /** Replaces the data with a fresher copy (e.g. the response of an action). */
  setData: (data: T) => void
}

/**
 * Loads data for a key and reloads when the key changes; a null key means "do not load yet".
 * Keeps the previous data while reloading so tables do not flash empty.
 */
export function useQuery<T>(key: string | null, fetcher: (signal: AbortSignal) => Promise<T>): QueryState<T> {
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  const [nonce, setNonce] = useState(0)
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: key !== null,
  })
  const requestKey = key === null ? null : `${key}#${nonce}`

  useEffect(() => {
    if (requestKey === null) return
    const controller = new AbortController()
    setState((previous) => ({ ...previous, loading: true }))
    fetcherRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        setState((previous) => ({ data: previous.data, error: toApiError(error), loading: false }))
      },
    )
    return () => controller.abort()
  }, [requestKey])

  const reload = useCallback(() => setNonce((n) => n + 1), [])
  const setData = useCallback((data: T) => setState({ data, error: null, loading: false }), [])
  return { ...state, reload, setData }
}
