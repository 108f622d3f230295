import { type FormEvent, useEffect, useState } from 'react'
import { useSession } from '../modules/auth/hooks/useSession'
import {
  type CalendarView,
  deleteOverride,
  getCalendar,
  saveOverride,
} from '../modules/deadlines/api/deadlines'
import { ApiError } from '../modules/platform/api/http'
import { Field } from '../ui/Field'
import { FormError } from '../ui/FormError'
import { formatDate } from '../ui/format'
import { Loading } from '../ui/Loading'

const KIND_NAMES = { working: 'рабочий', holiday: 'нерабочий', short: 'сокращённый (на 1 час)' } as const

/** The production calendar: loaded years, warnings, and the admin's overrides of single dates. */
export function CalendarPage() {
  const session = useSession()
  const isAdmin = session.user?.role === 'admin'
  const [data, setData] = useState<CalendarView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [date, setDate] = useState('')
  const [kind, setKind] = useState<'holiday' | 'working' | 'short'>('holiday')
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)

  useEffect(() => {
    const ctrl = new AbortController()
    getCalendar(ctrl.signal).then(
      setData,
      (e) => !ctrl.signal.aborted && setError(e instanceof ApiError ? e : null),
    )
    return () => ctrl.abort()
  }, [])

  const run = async (call: () => Promise<CalendarView>) => {
    setPending(true)
    setError(null)
    try {
      setData(await call())
      return true
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e)))
      return false
    } finally {
      setPending(false)
    }
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await run(() => saveOverride(date, kind, reason))) setReason('')
  }

  if (!data) return error ? <FormError error={error} /> : <Loading />
  return (
    <div className="page">
      <h1>Производственный календарь</h1>
      {data.warnings.map((w) => (
        <p key={w} className="notice">
          {w}
        </p>
      ))}
      <section className="card" aria-labelledby="years-title">
        <h2 id="years-title">Загруженные годы</h2>
        <ul className="plain-list">
          {data.years.map((y) => (
            <li key={y.year}>
              <strong>{y.year}</strong> — {y.status === 'approved' ? 'утверждён' : 'проект'}: {y.source}
            </li>
          ))}
        </ul>
        <p className="muted small">
          Новый год загружается командой veche calendar import &lt;xmlcalendar.xml&gt;.
        </p>
      </section>
      <section className="card" aria-labelledby="overrides-title">
        <h2 id="overrides-title">Переопределения дней</h2>
        {data.overrides.length === 0 ? (
          <p className="muted">Переопределений нет: действует календарь из файла.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Дата</th>
                <th>День</th>
                <th>Основание</th>
                <th>Кто</th>
                {isAdmin && <th />}
              </tr>
            </thead>
            <tbody>
              {data.overrides.map((o) => (
                <tr key={o.date}>
                  <td>{formatDate(`${o.date}T12:00:00+03:00`)}</td>
                  <td>{KIND_NAMES[o.kind]}</td>
                  <td>{o.reason}</td>
                  <td>{o.createdBy ?? '—'}</td>
                  {isAdmin && (
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={pending}
                        onClick={() => run(() => deleteOverride(o.date))}
                      >
                        Удалить
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {isAdmin && (
          <form className="action-form stack-tight" onSubmit={submit} aria-label="Переопределить день">
            <Field label="Дата" htmlFor="override-date">
              <input id="override-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </Field>
            <Field label="Какой это день" htmlFor="override-kind">
              <select
                id="override-kind"
                value={kind}
                onChange={(e) => setKind(e.target.value as typeof kind)}
              >
                <option value="holiday">нерабочий</option>
                <option value="working">рабочий</option>
                <option value="short">сокращённый (на 1 час)</option>
              </select>
            </Field>
            <Field label="Основание" htmlFor="override-reason">
              <input id="override-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
            <FormError error={error} />
            <button type="submit" className="btn btn-primary" disabled={pending || !date}>
              Сохранить
            </button>
          </form>
        )}
      </section>
    </div>
  )
}
