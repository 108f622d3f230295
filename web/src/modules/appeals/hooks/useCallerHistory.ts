import { useCallback, useEffect, useRef, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import { useDebouncedValue } from '../../platform/hooks/useDebouncedValue'
import { getCallerHistory } from '../api/appeals'
import type { AppealListItem } from '../api/types'
import { callerLookup, callerLookupKey } from '../utils/callerHistory'

/** Every lookup is a logged personal-data access: ask once the operator pauses, not per keystroke. */
const DEBOUNCE_MS = 400

type Settled =
  | { key: string; items: AppealListItem[]; error: null }
  | { key: string; items: null; error: ApiError }

export type CallerHistoryState =
  | { status: 'idle' }
  /** `items` are the previous lookup's results, kept (dimmed) until the new ones arrive. */
  | { status: 'loading'; items: AppealListItem[] | null }
  | { status: 'ready'; items: AppealListItem[] }
  | { status: 'error'; error: ApiError; retry: () => void }

/**
 * The caller's earlier appeals for the phone and ФИО being typed: looked up 400 ms after typing stops,
 * only when the server can answer, and never twice in a row for the same (phone, name) pair.
 */
export function useCallerHistory(phone: string, name: string): CallerHistoryState {
  const lookup = callerLookup(phone, name)
  const key = lookup ? callerLookupKey(lookup) : null
  // The key, not the lookup object, is debounced: a new object every render would restart the timer.
  const debouncedKey = useDebouncedValue(key, DEBOUNCE_MS)
  const lookupRef = useRef(lookup)
  lookupRef.current = lookup
  const lastKey = useRef<string | null>(null)
  const [settled, setSettled] = useState<Settled | null>(null)
  const settledRef = useRef(settled)
  settledRef.current = settled
  const [attempt, setAttempt] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the lookup on «Повторить»
  useEffect(() => {
    const current = lookupRef.current
    if (debouncedKey === null || debouncedKey === lastKey.current || !current) return
    if (callerLookupKey(current) !== debouncedKey) return
    lastKey.current = debouncedKey
    // Typed back to the pair already on screen before the newer lookup finished: nothing to ask.
    if (settledRef.current?.key === debouncedKey && !settledRef.current.error) return
    const controller = new AbortController()
    let done = false
    getCallerHistory(current, controller.signal).then(
      ({ items }) => {
        done = true
        if (!controller.signal.aborted) setSettled({ key: debouncedKey, items, error: null })
      },
      (error: unknown) => {
        done = true
        if (!controller.signal.aborted)
          setSettled({ key: debouncedKey, items: null, error: toApiError(error) })
      },
    )
    return () => {
      controller.abort()
      // An abandoned lookup showed nothing, so the same pair may be asked again later.
      if (!done) lastKey.current = null
    }
  }, [debouncedKey, attempt])

  const retry = useCallback(() => {
    lastKey.current = null
    setSettled(null)
    setAttempt((n) => n + 1)
  }, [])

  if (key === null) return { status: 'idle' }
  if (settled?.key === key) {
    return settled.error
      ? { status: 'error', error: settled.error, retry }
      : { status: 'ready', items: settled.items }
  }
  return { status: 'loading', items: settled?.items ?? null }
}
