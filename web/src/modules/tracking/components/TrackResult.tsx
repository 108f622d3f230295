import { formatDate, formatDateTime } from '../../../ui/format'
import { Stars } from '../../../ui/Stars'
import type { PublicAppeal } from '../api/publicAppeals'
import { RatingForm } from './RatingForm'

type TrackResultProps = {
  appeal: PublicAppeal
  code: string
  onUpdate: (appeal: PublicAppeal) => void
}

/** Status, dates, public history, the answer and the rating of one appeal. */
export function TrackResult({ appeal, code, onUpdate }: TrackResultProps) {
  const history = [...appeal.history].sort((a, b) => a.at.localeCompare(b.at))
  return (
    <div className="stack">
      <section className="card track-status" aria-labelledby="track-status-label">
        <p className="muted small" id="track-status-label">
          Обращение {appeal.regNumber} · {appeal.regime.name}
        </p>
        <p className="track-status-value" data-testid="public-status">
          {appeal.status.publicName}
        </p>
        <dl className="facts facts-public">
          <dt>Поступило</dt>
          <dd>{formatDateTime(appeal.receivedAt)}</dd>
          <dt>Зарегистрировано</dt>
          <dd>{formatDateTime(appeal.registeredAt)}</dd>
          {appeal.dueAt && (
            <>
              <dt>Срок ответа</dt>
              <dd>до {formatDate(appeal.dueAt)}</dd>
            </>
          )}
          {appeal.sector && (
            <>
              <dt>Тематика</dt>
              <dd>{appeal.sector.name}</dd>
            </>
          )}
        </dl>
      </section>

      {appeal.answer && (
        <section className="card" aria-labelledby="track-answer">
          <h2 id="track-answer">Ответ</h2>
          <p className="muted small">{formatDateTime(appeal.answer.at)}</p>
          <p className="prewrap answer-text" data-testid="public-answer">
            {appeal.answer.text}
          </p>
        </section>
      )}

      {appeal.rating ? (
        <section className="card" aria-labelledby="track-thanks">
          <h2 id="track-thanks">Спасибо за оценку</h2>
          <p>
            <Stars score={appeal.rating.score} label="Ваша оценка" />
          </p>
          {appeal.rating.comment && <p className="prewrap">«{appeal.rating.comment}»</p>}
        </section>
      ) : (
        appeal.canRate && <RatingForm regNumber={appeal.regNumber} code={code} onDone={onUpdate} />
      )}

      <section className="card" aria-labelledby="track-history">
        <h2 id="track-history">Ход рассмотрения</h2>
        <ol className="timeline">
          {history.map((item) => (
            <li key={`${item.at}:${item.title}`} className="timeline-item">
              <div className="timeline-head">
                <time dateTime={item.at}>{formatDateTime(item.at)}</time>
                <strong>{item.title}</strong>
              </div>
              {item.notice && <p className="timeline-note">{item.notice}</p>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}
