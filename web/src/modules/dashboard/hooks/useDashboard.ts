import { useEffect } from 'react'
import { useQuery } from '../../platform/hooks/useQuery'
import { getDashboard } from '../api/dashboard'

const REFRESH_MS = 60_000

/** Dashboard data, refreshed every minute while the page is open and visible. */
export function useDashboard() {
  const query = useQuery('dashboard', (signal) => getDashboard(signal))
  const { reload } = query

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload()
    }, REFRESH_MS)
    return () => clearInterval(timer)
  }, [reload])

  return query
}
