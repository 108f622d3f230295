import { useEffect } from 'react'
import { useQuery } from '../../platform/hooks/useQuery'
import { getAppeal } from '../api/appeals'

/** How often the card re-reads an appeal whose approved answer is being delivered in the background. */
const DELIVERY_POLL_MS = 3000

/** The appeal card by id. */
export function useAppeal(id: string) {
  const query = useQuery(`appeal:${id}`, (signal) => getAppeal(id, signal))
  const { data, reload } = query
  // An approved answer is sent by a background job within seconds; show «Ответ направлен» without F5.
  const delivering = data?.status.code === 'answer_approved'

  useEffect(() => {
    if (!delivering) return
    const timer = setInterval(reload, DELIVERY_POLL_MS)
    return () => clearInterval(timer)
  }, [delivering, reload])

  return query
}
