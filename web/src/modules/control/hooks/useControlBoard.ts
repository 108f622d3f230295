import { useCallback, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import { useQuery } from '../../platform/hooks/useQuery'
import { type ControlFilters, getControlBoard, notifyFromBoard } from '../api/control'

/** The board for the filters, with «Напомнить» / «Эскалировать» and what the server said about them. */
export function useControlBoard(filters: ControlFilters) {
  const key = JSON.stringify(filters)
  const query = useQuery(`control:${key}`, (signal) => getControlBoard(filters, signal))
  const [pending, setPending] = useState<number | null>(null)
  const [said, setSaid] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const { reload } = query

  const act = useCallback(
    async (appealId: number, action: 'remind' | 'escalate') => {
      setPending(appealId)
      setSaid('')
      setError(null)
      try {
        setSaid((await notifyFromBoard(appealId, action)).message)
      } catch (e) {
        setError(toApiError(e))
      } finally {
        setPending(null)
        reload()
      }
    },
    [reload],
  )

  return { ...query, act, pending, said, actionError: error }
}
