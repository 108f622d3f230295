import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import type { AppealListFilters } from '../api/types'

export const PAGE_SIZE = 50

export type QueueFilterValues = {
  status: string
  sector: string
  district: string
  q: string
  overdue: boolean
  urgent: boolean
  /** Finished appeals too; by default the queue shows only those still being handled. */
  finished: boolean
  /** Only those waiting for an executor (the operator's «разбор»). */
  waiting: boolean
  offset: number
}

/** Queue filters live in the URL, so a reload, a shared link and the Back button keep them. */
export function useQueueFilters() {
  const [params, setParams] = useSearchParams()

  const values: QueueFilterValues = useMemo(
    () => ({
      status: params.get('status') ?? '',
      sector: params.get('sector') ?? '',
      district: params.get('district') ?? '',
      q: params.get('q') ?? '',
      overdue: params.get('overdue') === 'true',
      urgent: params.get('urgent') === 'true',
      finished: params.get('finished') === 'true',
      waiting: params.get('waiting') === 'true',
      offset: Math.max(0, Number(params.get('offset')) || 0),
    }),
    [params],
  )

  /** Changes some filters; any change other than paging goes back to the first page. */
  const update = useCallback(
    (patch: Partial<QueueFilterValues>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          for (const [key, value] of Object.entries(patch)) {
            if (value === '' || value === false || value === 0 || value === undefined) next.delete(key)
            else next.set(key, String(value))
          }
          if (!('offset' in patch)) next.delete('offset')
          return next
        },
        { replace: true },
      )
    },
    [setParams],
  )

  const reset = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams])

  const apiFilters: AppealListFilters = useMemo(
    () => ({
      status: values.status || undefined,
      sector: values.sector || undefined,
      district: values.district || undefined,
      q: values.q.trim() || undefined,
      overdue: values.overdue || undefined,
      urgent: values.urgent || undefined,
      waiting: values.waiting || undefined,
      open: (!values.status && !values.finished) || undefined,
      limit: PAGE_SIZE,
      offset: values.offset,
    }),
    [values],
  )

  const active = Boolean(
    values.status ||
      values.sector ||
      values.district ||
      values.q ||
      values.overdue ||
      values.urgent ||
      values.finished ||
      values.waiting,
  )

  return { values, update, reset, apiFilters, active }
}
