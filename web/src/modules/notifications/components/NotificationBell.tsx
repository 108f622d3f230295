import { useEffect, useId, useRef, useState } from 'react'
import { Link } from 'react-router'
import { formatShortDateTime } from '../../../ui/format'
import { useNotifications } from '../hooks/useNotifications'

/** The bell in the staff header: the unread count, and on click the latest notifications with «Прочитано». */
export function NotificationBell() {
  const bell = useNotifications(10)
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const rootRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !rootRef.current?.contains(e.target as Node))
        setOpen(false)
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])

  const label = bell.unread > 0 ? `Уведомления: непрочитанных ${bell.unread}` : 'Уведомления: нет новых'
  return (
    <div className="bell" ref={rootRef}>
      <button
        type="button"
        className="btn btn-header bell-button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((o) => !o)
          if (!open) bell.reload()
        }}
      >
        <svg className="bell-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {bell.unread > 0 && (
          <span className="bell-count" data-testid="bell-count">
            {bell.unread > 99 ? '99+' : bell.unread}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="bell-panel" aria-label="Уведомления">
          <div className="bell-head">
            <strong>Уведомления</strong>
            {bell.unread > 0 && (
              <button type="button" className="btn-link" onClick={() => void bell.markRead('all')}>
                Прочитать все
              </button>
            )}
          </div>
          {bell.actionError && <p className="text-danger small">{bell.actionError.message}</p>}
          {bell.items.length === 0 ? (
            <p className="muted small">Уведомлений пока нет.</p>
          ) : (
            <ul className="bell-list">
              {bell.items.map((n) => (
                <li key={n.id} className={n.readAt ? 'bell-item' : 'bell-item bell-unread'}>
                  <div className="bell-title">
                    {n.link ? (
                      <Link to={n.link} onClick={() => setOpen(false)}>
                        {n.title}
                      </Link>
                    ) : (
                      n.title
                    )}
                  </div>
                  <div className="small clamp-2">{n.body}</div>
                  <div className="bell-meta small muted">
                    {formatShortDateTime(n.createdAt)}
                    {!n.readAt && (
                      <button type="button" className="btn-link" onClick={() => void bell.markRead([n.id])}>
                        Прочитано
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )}
          <Link to="/notifications" className="small" onClick={() => setOpen(false)}>
            Все уведомления и каналы доставки
          </Link>
        </section>
      )}
    </div>
  )
}
