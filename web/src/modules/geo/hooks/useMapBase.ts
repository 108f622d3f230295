import { useQuery } from '../../platform/hooks/useQuery'
import { loadMapBase } from '../api/geo'

/** Map config + district polygons. */
export function useMapBase() {
  return useQuery('map-base', () => loadMapBase())
}
