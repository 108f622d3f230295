import { type FormEvent, useEffect, useState } from 'react'
import { Link } from 'react-router'
import {
  getNotificationSettings,
  type NotificationChannel,
  type NotificationSettings,
  saveNotificationSettings,
} from '../modules/notifications/api/notifications'
import { useNotifications } from '../modules/notifications/hooks/useNotifications'
import { type ApiError, toApiError } from '../modules/platform/api/http'
import { FormError } from '../ui/FormError'
import { formatDateTime } from '../ui/format'
import { Loading } from '../ui/Loading'

/** All my notifications, and the channels they also reach me by (in the app always). */
export function NotificationsPage() {
  const list = useNotifications(100)
  return (
    <div className="page">
      <div className="page-head">
        <h1>Уведомления</h1>
        {list.unread > 0 && (
          <div className="page-head-actions">
            <button type="button" className="btn btn-small" onClick={() => void list.markRead('all')}>
              Прочитать все ({list.unread})
            </button>
          </div>
        )}
      </div>
      <FormError error={list.actionError ?? list.error} />
      {!list.data && list.loading && <Loading />}
      {list.data && list.items.length === 0 && <p className="empty">Уведомлений пока нет.</p>}
      {list.items.length > 0 && (
        <ul className="bell-list card">
          {list.items.map((n) => (
            <li key={n.id} className={n.readAt ? 'bell-item' : 'bell-item bell-unread'}>
              <div className="bell-title">{n.link ? <Link to={n.link}>{n.title}</Link> : n.title}</div>
              <div className="small prewrap">{n.body}</div>
              <div className="bell-meta small muted">
                {formatDateTime(n.createdAt)}
                {!n.readAt && (
                  <button type="button" className="btn-link" onClick={() => void list.markRead([n.id])}>
                    Прочитано
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <ChannelSettings />
    </div>
  )
}

const CHANNELS: { code: NotificationChannel; label: string }[] = [
  { code: 'email', label: 'Электронная почта' },
  { code: 'telegram', label: 'Telegram' },
]

function ChannelSettings() {
  const [form, setForm] = useState<NotificationSettings | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [said, setSaid] = useState('')
  useEffect(() => {
    const c = new AbortController()
    getNotificationSettings(c.signal).then(setForm, (e) => !c.signal.aborted && setError(toApiError(e)))
    return () => c.abort()
  }, [])
  if (!form) return error ? <FormError error={error} /> : <Loading />

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!form) return
    setError(null)
    setSaid('')
    try {
      setForm(await saveNotificationSettings(form))
      setSaid('Каналы уведомлений сохранены.')
    } catch (err) {
      setError(toApiError(err))
    }
  }
  const toggle = (code: NotificationChannel, on: boolean) =>
    setForm({ ...form, channels: on ? [...form.channels, code] : form.channels.filter((c) => c !== code) })

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Каналы доставки</h2>
      <p className="muted small">В приложении (колокольчик) уведомления приходят всегда.</p>
      <fieldset className="stack-tight">
        <legend>Дублировать</legend>
        {CHANNELS.map((c) => (
          <label key={c.code} className="checkbox">
            <input
              type="checkbox"
              checked={form.channels.includes(c.code)}
              onChange={(e) => toggle(c.code, e.target.checked)}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Адрес электронной почты</span>
        <input
          type="email"
          value={form.email ?? ''}
          onChange={(e) => setForm({ ...form, email: e.target.value || null })}
        />
      </label>
      <label className="field">
        <span>Идентификатор чата Telegram</span>
        <input
          inputMode="numeric"
          value={form.telegramChatId ?? ''}
          onChange={(e) => setForm({ ...form, telegramChatId: e.target.value || null })}
        />
        <span className="field-hint">Напишите боту МЦУ и узнайте номер чата у администратора.</span>
      </label>
      <FormError error={error} />
      <div aria-live="polite">{said && <div className="notice notice-success">{said}</div>}</div>
      <div>
        <button type="submit" className="btn btn-primary">
          Сохранить
        </button>
      </div>
    </form>
  )
}
