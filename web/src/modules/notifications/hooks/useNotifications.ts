import { useCallback, useEffect, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import { useQuery } from '../../platform/hooks/useQuery'
import { listNotifications, markNotificationsRead } from '../api/notifications'

const POLL_MS = 30_000

/** The bell's data: read on mount and every 30 s; marking read reloads it. */
export function useNotifications(limit = 10) {
  const query = useQuery(`notifications:${limit}`, (signal) => listNotifications({ limit }, signal))
  const [error, setError] = useState<ApiError | null>(null)
  const { reload } = query

  useEffect(() => {
    const timer = setInterval(reload, POLL_MS)
    return () => clearInterval(timer)
  }, [reload])

  const markRead = useCallback(
    async (ids: number[] | 'all') => {
      setError(null)
      try {
        await markNotificationsRead(ids)
      } catch (e) {
        setError(toApiError(e))
      } finally {
        reload()
      }
    },
    [reload],
  )

  return {
    ...query,
    unread: query.data?.unread ?? 0,
    items: query.data?.items ?? [],
    markRead,
    actionError: error,
  }
}
