import { useCallback, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import type { AppealDetail } from '../api/types'

/** Runs one card action; on success hands the fresh card to `onDone`, on failure keeps the server error. */
export function useAppealAction(onDone: (appeal: AppealDetail) => void) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const run = useCallback(
    async (call: () => Promise<AppealDetail>): Promise<boolean> => {
      setPending(true)
      setError(null)
      try {
        onDone(await call())
        return true
      } catch (e) {
        setError(toApiError(e))
        return false
      } finally {
        setPending(false)
      }
    },
    [onDone],
  )

  return { pending, error, run }
}
