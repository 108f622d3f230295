import { useQuery } from '../../platform/hooks/useQuery'
import { getPublicAppeal } from '../api/publicAppeals'

/** The public view of an appeal for a number + code pair (nothing is loaded without both). */
export function usePublicAppeal(regNumber: string | undefined, code: string | null) {
  const key = regNumber && code ? `public:${regNumber}:${code}` : null
  return useQuery(key, (signal) => getPublicAppeal(regNumber ?? '', code ?? '', signal))
}
