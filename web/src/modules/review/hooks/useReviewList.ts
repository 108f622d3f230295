import { useState } from 'react'
import { useQuery } from '../../platform/hooks/useQuery'
import { listReview } from '../api/review'

export const REVIEW_PAGE_SIZE = 20

/** The review list with paging; `reload` after a decision. */
export function useReviewList() {
  const [offset, setOffset] = useState(0)
  const query = useQuery(`review:${offset}`, (signal) =>
    listReview({ limit: REVIEW_PAGE_SIZE, offset }, signal),
  )
  return { ...query, offset, setOffset }
}
