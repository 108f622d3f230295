import { useCallback, useMemo, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import { useSelection } from '../../platform/hooks/useSelection'
import { assignSuggested } from '../api/appeals'
import type { AppealListItem } from '../api/types'
import { canSendBySuggestion, suggestedMessage } from '../utils/suggested'

/**
 * The queue's selection for «Направить по предложению»: only rows whose proposal names an executor can be
 * chosen; after sending, the list is read again (sent rows get their executor) and `said` tells what happened.
 */
export function useSuggestedRouting(items: AppealListItem[], reload: () => void) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [said, setSaid] = useState<ReturnType<typeof suggestedMessage> | null>(null)

  const sendable = useMemo(() => items.filter(canSendBySuggestion).map((i) => i.id), [items])
  const { selected, toggle, toggleAll, drop } = useSelection(sendable)

  const send = useCallback(async () => {
    if (selected.length === 0) return
    setPending(true)
    setError(null)
    setSaid(null)
    try {
      const { results } = await assignSuggested(selected)
      setSaid(suggestedMessage(results))
      drop(selected)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setPending(false)
      reload()
    }
  }, [selected, reload, drop])

  return { sendable, selected, toggle, toggleAll, send, pending, error, said }
}
