import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import type { PublicAppeal } from '../api/publicAppeals'
import { useRatingForm } from '../hooks/useRatingForm'
import { StarRating } from './StarRating'

type RatingFormProps = { regNumber: string; code: string; onDone: (appeal: PublicAppeal) => void }

/** The citizen's rating of the answer. */
export function RatingForm({ regNumber, code, onDone }: RatingFormProps) {
  const form = useRatingForm(regNumber, code, onDone)
  return (
    <form className="card stack" onSubmit={form.submit}>
      <StarRating value={form.score} onChange={form.setScore} />
      <Field label="Комментарий (необязательно)" htmlFor="rating-comment">
        <textarea
          id="rating-comment"
          rows={3}
          maxLength={2000}
          value={form.comment}
          onChange={(e) => form.setComment(e.target.value)}
        />
      </Field>
      <FormError error={form.error} />
      <button type="submit" className="btn btn-primary btn-wide" disabled={form.score < 1 || form.pending}>
        {form.pending ? 'Отправка…' : 'Отправить оценку'}
      </button>
    </form>
  )
}
