import { useCallback, useMemo, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import { useQuery } from '../../platform/hooks/useQuery'
import { listDeadLetters, replayDeadLetters } from '../api/deadLetters'
import { replayMessage } from '../utils/replayMessage'

/**
 * The dead-letter list with a selection and replay. After a replay the list is read again (requeued
 * jobs leave it) and `said` tells how many went back to the queue.
 */
export function useDeadLetters() {
  const query = useQuery('dead-letters', listDeadLetters)
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set())
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [said, setSaid] = useState('')
  const { reload } = query

  const items = useMemo(() => query.data?.items ?? [], [query.data])
  // Only rows still on screen count as chosen (a reload may have removed some).
  const selected = useMemo(() => items.filter((d) => chosen.has(d.id)).map((d) => d.id), [items, chosen])

  const toggle = useCallback((id: number, on: boolean) => {
    setChosen((previous) => {
      const next = new Set(previous)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }, [])

  const toggleAll = useCallback(
    (on: boolean) => setChosen(on ? new Set(items.map((d) => d.id)) : new Set()),
    [items],
  )

  const replay = useCallback(
    async (ids: number[]): Promise<boolean> => {
      if (ids.length === 0) return false
      setPending(true)
      setError(null)
      setSaid('')
      try {
        const { requeued } = await replayDeadLetters(ids)
        setSaid(replayMessage(requeued))
        setChosen((previous) => new Set([...previous].filter((id) => !ids.includes(id))))
        return true
      } catch (e) {
        setError(toApiError(e))
        return false
      } finally {
        setPending(false)
        reload()
      }
    },
    [reload],
  )

  return { ...query, items, selected, toggle, toggleAll, replay, pending, actionError: error, said }
}
