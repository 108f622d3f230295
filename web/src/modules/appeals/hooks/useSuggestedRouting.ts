import { useCallback, useMemo, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import { assignSuggested } from '../api/appeals'
import type { AppealListItem, Id } from '../api/types'
import { canSendBySuggestion, suggestedMessage } from '../utils/suggested'

/**
 * The queue's selection for «Направить по предложению»: only rows whose proposal names an executor can be
 * chosen; after sending, the list is read again (sent rows get their executor) and `said` tells what happened.
 */
export function useSuggestedRouting(items: AppealListItem[], reload: () => void) {
  const [chosen, setChosen] = useState<ReadonlySet<Id>>(new Set())
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [said, setSaid] = useState<ReturnType<typeof suggestedMessage> | null>(null)

  const sendable = useMemo(() => items.filter(canSendBySuggestion).map((i) => i.id), [items])
  // Only rows still on screen and still sendable count as chosen (a reload or a page change may drop some).
  const selected = useMemo(() => sendable.filter((id) => chosen.has(id)), [sendable, chosen])

  const toggle = useCallback((id: Id, on: boolean) => {
    setChosen((previous) => {
      const next = new Set(previous)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }, [])

  const toggleAll = useCallback((on: boolean) => setChosen(on ? new Set(sendable) : new Set()), [sendable])

  const send = useCallback(async () => {
    if (selected.length === 0) return
    setPending(true)
    setError(null)
    setSaid(null)
    try {
      const { results } = await assignSuggested(selected)
      setSaid(suggestedMessage(results))
      setChosen(new Set())
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setPending(false)
      reload()
    }
  }, [selected, reload])

  return { sendable, selected, toggle, toggleAll, send, pending, error, said }
}
