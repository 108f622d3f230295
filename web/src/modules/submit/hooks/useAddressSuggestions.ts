import { useDebouncedValue } from '../../platform/hooks/useDebouncedValue'
import { useQuery } from '../../platform/hooks/useQuery'
import { suggestAddresses } from '../api/submit'

/** Gazetteer suggestions for the typed address, asked once the typing pauses (at least 2 letters). */
export function useAddressSuggestions(text: string, enabled: boolean) {
  const q = useDebouncedValue(text.trim(), 250)
  const key = enabled && /\p{L}{2}/u.test(q) ? `address:${q}` : null
  return useQuery(key, (signal) => suggestAddresses(q, signal))
}
