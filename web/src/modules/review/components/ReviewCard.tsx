import { type FormEvent, useId, useRef, useState } from 'react'
import { Link } from 'react-router'
import { FormError } from '../../../ui/FormError'
import { formatShortDateTime } from '../../../ui/format'
import { UrgentTag } from '../../appeals/components/UrgentTag'
import { appealPath } from '../../appeals/utils/paths'
import { type ApiError, toApiError } from '../../platform/api/http'
import { acceptReview, type ReviewDecision, type ReviewItem, rejectReview } from '../api/review'

const PLATFORM_LINK: Record<string, string> = {
  vk: 'Открыть во ВКонтакте',
  ok: 'Открыть в Одноклассниках',
  telegram: 'Открыть в Telegram',
}

/**
 * One item to review: text, links, the reasons it was flagged, and two decisions. Keyboard: Tab moves
 * between the links and buttons; «Отклонить» opens a reason field (Enter confirms, Escape cancels).
 */
export function ReviewCard({
  item,
  onDecided,
}: {
  item: ReviewItem
  onDecided: (decision: ReviewDecision, verb: string) => void
}) {
  const [rejecting, setRejecting] = useState(false)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const rejectButton = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const noteId = useId()

  async function decide(action: () => Promise<ReviewDecision>, verb: string) {
    setBusy(true)
    setError(null)
    try {
      onDecided(await action(), verb)
    } catch (err) {
      setError(toApiError(err))
      setBusy(false)
    }
  }

  function submitReject(event: FormEvent) {
    event.preventDefault()
    void decide(() => rejectReview(item.id, note.trim()), 'отклонено')
  }

  return (
    <article className="card" aria-labelledby={titleId} style={{ marginBottom: 12 }}>
      <header style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'baseline' }}>
        <h2 id={titleId} style={{ fontSize: '1rem', margin: 0 }}>
          <Link to={appealPath(item.id)} className="reg-link">
            {item.regNumber}
          </Link>
          <UrgentTag appeal={item} />
        </h2>
        <span className="muted">{item.channel.name}</span>
        <span className="muted">{formatShortDateTime(item.receivedAt)}</span>
        {item.author && <span className="muted">{item.author}</span>}
        {item.reposts > 0 && <span className="tag">репостов: {item.reposts}</span>}
      </header>
      <p style={{ whiteSpace: 'pre-wrap', margin: '8px 0' }}>{item.text}</p>
      {item.reasons.length > 0 && (
        <ul
          aria-label="Почему отмечено как шум"
          style={{ display: 'flex', gap: 6, flexWrap: 'wrap', padding: 0, listStyle: 'none' }}
        >
          {item.reasons.map((r) => (
            <li key={r} className="tag">
              {r}
            </li>
          ))}
        </ul>
      )}
      <p style={{ display: 'flex', gap: 16, flexWrap: 'wrap', margin: '8px 0' }}>
        {item.url && (
          <a href={item.url} target="_blank" rel="noopener noreferrer">
            {PLATFORM_LINK[item.channel.code] ?? 'Открыть источник'}
          </a>
        )}
        {item.publicPageUrl && (
          <a href={item.publicPageUrl} target="_blank" rel="noopener noreferrer">
            Госпаблик
          </a>
        )}
      </p>
      <FormError error={error} />
      {!rejecting ? (
        <div style={{ display: 'flex', gap: 8 }}>
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={busy}
            onClick={() => void decide(() => acceptReview(item.id), 'принято в работу')}
          >
            Принять в работу
          </button>
          <button
            ref={rejectButton}
            type="button"
            className="btn btn-small btn-danger"
            disabled={busy}
            onClick={() => {
              setNote(item.reasons[0] ?? '')
              setRejecting(true)
            }}
          >
            Шум — отклонить…
          </button>
        </div>
      ) : (
        <form
          onSubmit={submitReject}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setRejecting(false)
              requestAnimationFrame(() => rejectButton.current?.focus())
            }
          }}
          style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}
        >
          <label htmlFor={noteId}>Причина отклонения</label>
          <input
            id={noteId}
            // The reason field is the next thing to type into, so it takes the focus when it opens.
            // biome-ignore lint/a11y/noAutofocus: opened by the user's own click on «Отклонить»
            autoFocus
            value={note}
            onChange={(e) => setNote(e.target.value)}
            required
            minLength={3}
            maxLength={2000}
            style={{ flex: '1 1 240px' }}
          />
          <button
            type="submit"
            className="btn btn-small btn-danger"
            disabled={busy || note.trim().length < 3}
          >
            Отклонить
          </button>
          <button type="button" className="btn btn-small" onClick={() => setRejecting(false)}>
            Отмена
          </button>
        </form>
      )}
    </article>
  )
}
