import { formatDateTime } from '../../../ui/format'
import { Stars } from '../../../ui/Stars'
import type { AppealDetail } from '../api/types'

/** The citizen's rating of the answer, if given. */
export function RatingView({ rating }: { rating: NonNullable<AppealDetail['rating']> }) {
  return (
    <div className="rating-view">
      <Stars score={rating.score} />
      <span className="muted small"> {formatDateTime(rating.at)}</span>
      {rating.comment && <p className="prewrap">«{rating.comment}»</p>}
    </div>
  )
}
