import { useQuery } from '../../platform/hooks/useQuery'
import { loadReference } from '../api/reference'

/** The reference dictionaries (districts, sectors, topics, units, statuses…). */
export function useReference() {
  return useQuery('reference', () => loadReference())
}
