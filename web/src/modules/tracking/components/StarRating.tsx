import { useState } from 'react'

const LABELS = ['', 'очень плохо', 'плохо', 'удовлетворительно', 'хорошо', 'отлично']

/** Five large stars as a radio group: arrow keys work, each star has a spoken name. */
export function StarRating({ value, onChange }: { value: number; onChange: (score: number) => void }) {
  const [hover, setHover] = useState(0)
  const shown = hover || value
  return (
    <fieldset className="star-rating" onMouseLeave={() => setHover(0)}>
      <legend>Оцените ответ</legend>
      <div className="star-row">
        {[1, 2, 3, 4, 5].map((score) => (
          <label
            key={score}
            className={score <= shown ? 'star star-on' : 'star'}
            onMouseEnter={() => setHover(score)}
          >
            <input
              type="radio"
              name="score"
              value={score}
              checked={value === score}
              onChange={() => onChange(score)}
              aria-label={`${score} из 5 — ${LABELS[score]}`}
            />
            <span aria-hidden="true">★</span>
          </label>
        ))}
        <span className="star-caption" aria-hidden="true">
          {shown ? LABELS[shown] : ''}
        </span>
      </div>
    </fieldset>
  )
}
