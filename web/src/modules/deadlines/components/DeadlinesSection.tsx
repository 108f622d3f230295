import { type FormEvent, useCallback, useEffect, useState } from 'react'
import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { formatDateTime } from '../../../ui/format'
import { ApiError } from '../../platform/api/http'
import {
  addInfoRequest,
  answerInfoRequest,
  type Deadlines,
  extendDeadline,
  getDeadlines,
  pauseDeadline,
  resumeDeadline,
} from '../api/deadlines'

const STATE_NAMES = { done: 'пройден', current: 'идёт', upcoming: 'впереди' } as const

/** Runs one action of the section and keeps its error; the server's answer is the new state of the section. */
function useRun(setData: (d: Deadlines) => void) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const run = async (call: () => Promise<Deadlines>) => {
    setPending(true)
    setError(null)
    try {
      setData(await call())
      return true
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'INTERNAL', String(err)))
      return false
    } finally {
      setPending(false)
    }
  }
  return { pending, error, run }
}

/**
 * «Сроки» on the appeal card: the final due with its rule, the stage ends inside it, the pause while waiting for the
 * applicant, the 59-ФЗ extension (once, ≤ 30 days, with a reason) and inter-agency information requests.
 * `version` changes when the card changes, so the section reloads after a transition.
 */
export function DeadlinesSection({
  appealId,
  version,
  onChanged,
}: {
  appealId: number
  version: string
  onChanged?: () => void
}) {
  const [data, setData] = useState<Deadlines | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const load = useCallback(
    (signal?: AbortSignal) =>
      getDeadlines(appealId, signal).then(setData, (err) => {
        if (!signal?.aborted) setLoadError(err instanceof ApiError ? err : null)
      }),
    [appealId],
  )
  useEffect(() => {
    const ctrl = new AbortController()
    void version
    load(ctrl.signal)
    return () => ctrl.abort()
  }, [load, version])
  const changed = (d: Deadlines) => {
    setData(d)
    onChanged?.()
  }
  const action = useRun(changed)
  const [open, setOpen] = useState<'extend' | 'pause' | 'info' | null>(null)
  const [days, setDays] = useState('30')
  const [text, setText] = useState('')
  const [body, setBody] = useState('')

  if (!data) return loadError ? <FormError error={loadError} /> : null
  const submit = (call: () => Promise<Deadlines>) => async (e: FormEvent) => {
    e.preventDefault()
    if (await action.run(call)) {
      setOpen(null)
      setText('')
      setBody('')
    }
  }
  const can = (a: string) => data.actions.includes(a)
  return (
    <section className="card deadlines" aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">Сроки</h2>
      <dl className="facts">
        <dt>Срок ответа</dt>
        <dd data-testid="final-due">
          до {formatDateTime(data.dueAt)}
          {data.overdue && <span className="tag tag-overdue">просрочено</span>}
          {data.pause.pausedAt && <span className="tag">на паузе</span>}
        </dd>
        {data.baseDueAt && data.baseDueAt !== data.dueAt && (
          <>
            <dt>Первоначальный срок</dt>
            <dd>до {formatDateTime(data.baseDueAt)}</dd>
          </>
        )}
        <dt>Правило</dt>
        <dd title={data.rule.description}>
          {data.rule.term} <span className="muted small">({data.rule.code})</span>
        </dd>
        {data.overdueFlag && (
          <>
            <dt>Срок истёк</dt>
            <dd>
              {formatDateTime(data.overdueFlag.at)} — у подразделения{' '}
              {data.overdueFlag.unitName ?? 'не назначено'}
            </dd>
          </>
        )}
        {data.extension.used > 0 && (
          <>
            <dt>Продление</dt>
            <dd>на {data.extension.extendedDays} дн. (59-ФЗ ст. 12 ч. 2)</dd>
          </>
        )}
      </dl>
      <h3>Этапы</h3>
      <ul className="plain-list">
        {data.stages.map((s) => (
          <li key={s.code} className={s.late ? 'overdue' : undefined}>
            {s.name}: до {formatDateTime(s.dueAt)} · {STATE_NAMES[s.state]}
            {s.late && <span className="tag tag-overdue">с опозданием</span>}
          </li>
        ))}
      </ul>
      {data.pause.pausedAt && (
        <p>
          Срок остановлен {formatDateTime(data.pause.pausedAt)}: ждём ответа заявителя («{data.pause.question}
          »), не дольше чем до {formatDateTime(data.pause.limitAt)}.
        </p>
      )}
      {data.infoRequests.length > 0 && (
        <>
          <h3>Межведомственные запросы</h3>
          <ul className="plain-list">
            {data.infoRequests.map((r) => (
              <li key={r.id}>
                {r.body}: {r.subject} — ответ до {formatDateTime(r.dueAt)}
                {r.answeredAt ? (
                  <span className="muted"> · получен {formatDateTime(r.answeredAt)}</span>
                ) : (
                  <>
                    {r.overdue && <span className="tag tag-overdue">просрочен</span>}
                    {can('info_request') && (
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={action.pending}
                        onClick={() => action.run(() => answerInfoRequest(appealId, r.id, 'Ответ получен'))}
                      >
                        Ответ получен
                      </button>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="row-actions">
        {can('extend') && (
          <button type="button" className="btn" onClick={() => setOpen('extend')}>
            Продлить срок…
          </button>
        )}
        {can('pause') && (
          <button type="button" className="btn" onClick={() => setOpen('pause')}>
            Запросить уточнение у заявителя…
          </button>
        )}
        {can('resume') && (
          <button
            type="button"
            className="btn"
            disabled={action.pending}
            onClick={() => action.run(() => resumeDeadline(appealId))}
          >
            Возобновить срок
          </button>
        )}
        {can('info_request') && (
          <button type="button" className="btn" onClick={() => setOpen('info')}>
            Межведомственный запрос…
          </button>
        )}
      </div>
      {open === 'extend' && (
        <form
          className="action-form stack-tight"
          role="dialog"
          aria-label="Продление срока"
          onSubmit={submit(() => extendDeadline(appealId, Number(days), text))}
        >
          <h3>Продление срока (59-ФЗ ст. 12 ч. 2)</h3>
          <p className="muted small">
            Один раз, не более чем на {data.extension.maxDays} дней, с причиной. Заявитель получит
            уведомление, новая дата появится на странице отслеживания.
          </p>
          <Field label="На сколько дней" htmlFor="extend-days">
            <input
              id="extend-days"
              type="number"
              min={1}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          </Field>
          <Field label="Причина продления" htmlFor="extend-reason">
            <textarea id="extend-reason" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
          <FormError error={action.error} />
          <button type="submit" className="btn btn-primary" disabled={action.pending}>
            Продлить
          </button>
          <button type="button" className="btn" onClick={() => setOpen(null)}>
            Отмена
          </button>
        </form>
      )}
      {open === 'pause' && (
        <form
          className="action-form stack-tight"
          aria-label="Запрос уточнения"
          onSubmit={submit(() => pauseDeadline(appealId, text))}
        >
          <h3>Запрос уточнения у заявителя</h3>
          <p className="muted small">
            Срок встанет на паузу до ответа заявителя (не дольше {data.pause.maxDays} дн.), затем пойдёт
            дальше сам.
          </p>
          <Field label="Вопрос заявителю" htmlFor="pause-question">
            <textarea id="pause-question" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
          <FormError error={action.error} />
          <button type="submit" className="btn btn-primary" disabled={action.pending}>
            Отправить и остановить срок
          </button>
          <button type="button" className="btn" onClick={() => setOpen(null)}>
            Отмена
          </button>
        </form>
      )}
      {open === 'info' && (
        <form
          className="action-form stack-tight"
          aria-label="Межведомственный запрос"
          onSubmit={submit(() => addInfoRequest(appealId, body, text))}
        >
          <h3>Межведомственный запрос (59-ФЗ ст. 10 ч. 2)</h3>
          <Field label="Орган" htmlFor="info-body">
            <input id="info-body" value={body} onChange={(e) => setBody(e.target.value)} />
          </Field>
          <Field label="Что запрошено" htmlFor="info-subject">
            <textarea id="info-subject" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
          <FormError error={action.error} />
          <button type="submit" className="btn btn-primary" disabled={action.pending}>
            Записать запрос
          </button>
          <button type="button" className="btn" onClick={() => setOpen(null)}>
            Отмена
          </button>
        </form>
      )}
      {!open && <FormError error={action.error} />}
    </section>
  )
}
