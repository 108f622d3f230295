import { formatDateTime } from '../../../ui/format'
import type { AppealEvent } from '../api/types'

/** Every event of the appeal, oldest first (newest last). */
export function AppealHistory({ events }: { events: AppealEvent[] }) {
  const ordered = [...events].sort((a, b) => a.at.localeCompare(b.at))
  if (ordered.length === 0) return <p className="muted">Событий пока нет.</p>
  return (
    <ol className="timeline">
      {ordered.map((event) => (
        <li key={event.id} className="timeline-item">
          <div className="timeline-head">
            <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            <strong>{event.title}</strong>
            {event.public && <span className="tag">видно заявителю</span>}
          </div>
          <div className="muted small">
            {event.actor}
            {event.fromStatus && event.toStatus && (
              <>
                {' '}
                · {event.fromStatus.name} → {event.toStatus.name}
              </>
            )}
            {!event.fromStatus && event.toStatus && <> · {event.toStatus.name}</>}
          </div>
          {event.note && <p className="timeline-note">{event.note}</p>}
        </li>
      ))}
    </ol>
  )
}
