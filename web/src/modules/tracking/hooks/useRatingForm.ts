import { type FormEvent, useState } from 'react'
import { type ApiError, toApiError } from '../../platform/api/http'
import { type PublicAppeal, rateAppeal } from '../api/publicAppeals'

/** Stars + optional comment → POST rating; hands the updated public appeal back. */
export function useRatingForm(regNumber: string, code: string, onDone: (appeal: PublicAppeal) => void) {
  const [score, setScore] = useState(0)
  const [comment, setComment] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (score < 1 || pending) return
    setPending(true)
    setError(null)
    try {
      onDone(await rateAppeal(regNumber, { code, score, comment: comment.trim() || undefined }))
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setPending(false)
    }
  }

  return { score, setScore, comment, setComment, pending, error, submit }
}
