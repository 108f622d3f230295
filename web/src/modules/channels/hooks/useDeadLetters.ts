import { useCallback, useMemo, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import { useQuery } from '../../platform/hooks/useQuery'
import { useSelection } from '../../platform/hooks/useSelection'
import { listDeadLetters, replayDeadLetters } from '../api/deadLetters'
import { replayMessage } from '../utils/replayMessage'

/**
 * The dead-letter list with a selection and replay. After a replay the list is read again (requeued
 * jobs leave it) and `said` tells how many went back to the queue.
 */
export function useDeadLetters() {
  const query = useQuery('dead-letters', listDeadLetters)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [said, setSaid] = useState('')
  const { reload } = query

  const items = useMemo(() => query.data?.items ?? [], [query.data])
  const visibleIds = useMemo(() => items.map((d) => d.id), [items])
  const { selected, toggle, toggleAll, drop } = useSelection(visibleIds)

  const replay = useCallback(
    async (ids: number[]): Promise<boolean> => {
      if (ids.length === 0) return false
      setPending(true)
      setError(null)
      setSaid('')
      try {
        const { requeued } = await replayDeadLetters(ids)
        setSaid(replayMessage(requeued))
        drop(ids)
        return true
      } catch (e) {
        setError(toApiError(e))
        return false
      } finally {
        setPending(false)
        reload()
      }
    },
    [reload, drop],
  )

  return { ...query, items, selected, toggle, toggleAll, replay, pending, actionError: error, said }
}
