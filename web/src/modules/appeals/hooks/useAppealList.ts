import { useQuery } from '../../platform/hooks/useQuery'
import { listAppeals } from '../api/appeals'
import type { AppealListFilters } from '../api/types'

/** One page of the registry for the given filters. */
export function useAppealList(filters: AppealListFilters) {
  return useQuery(JSON.stringify(filters), (signal) => listAppeals(filters, signal))
}
