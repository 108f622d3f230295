/** A read-only 1–5 score as stars, with the number spoken to screen readers. */
export function Stars({ score, label = 'Оценка' }: { score: number; label?: string }) {
  return (
    <span className="stars" role="img" aria-label={`${label}: ${score} из 5`}>
      {'★'.repeat(score)}
      <span className="stars-off">{'★'.repeat(Math.max(0, 5 - score))}</span>
    </span>
  )
}
