import { type FormEvent, useState } from 'react'
import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { formatDate } from '../../../ui/format'
import { useQuery } from '../../platform/hooks/useQuery'
import { getRedirectOptions, type RedirectOptions, redirectAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useAppealAction } from '../hooks/useAppealAction'

/** The server's minimum for the reason (redirect.routes.ts). */
const MIN_REASON = 10

const LEVEL = { regional: 'областной', federal: 'федеральный', municipal: 'городской' } as Record<
  string,
  string
>

function termText(w: RedirectOptions['window']): string | null {
  if (!w.due) return null
  if (w.late) return `Срок переадресации истёк ${formatDate(w.due)} (${w.source}). Укажите причину задержки.`
  const left = w.daysLeft ?? 0
  return `Переадресовать до ${formatDate(w.due)} включительно — ${left === 0 ? 'сегодня последний день' : `осталось ${left} дн.`} (${w.source}).`
}

/**
 * «Не наша компетенция — в другой орган»: redirect the whole appeal (it leaves for «Направлено по
 * компетенции») or send a copy of the part that belongs to other bodies (it stays in work). The citizen gets a
 * notice generated from the rules; a complaint never goes to the body it complains about.
 */
export function RedirectForm({
  appeal,
  onDone,
}: {
  appeal: AppealDetail
  onDone: (a: AppealDetail) => void
}) {
  const options = useQuery(`redirect:${appeal.id}`, (signal) => getRedirectOptions(appeal.id, signal))
  const [mode, setMode] = useState<'redirect' | 'copy'>('redirect')
  const [bodyIds, setBodyIds] = useState<number[]>([])
  const [against, setAgainst] = useState<string>('')
  const [reason, setReason] = useState('')
  const [lateReason, setLateReason] = useState('')
  const action = useAppealAction(onDone)
  const w = options.data?.window
  const tooShort = reason.trim().length < MIN_REASON

  function toggle(id: number) {
    setBodyIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]))
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (tooShort || bodyIds.length === 0) return
    const ok = await action.run(() =>
      redirectAppeal(appeal.id, {
        mode,
        bodyIds,
        reason: reason.trim(),
        complaintAgainstIds: against ? [Number(against)] : [],
        lateReason: lateReason.trim() || null,
      }),
    )
    if (ok) {
      setBodyIds([])
      setReason('')
      setLateReason('')
      options.reload()
    }
  }

  return (
    <details className="action-form">
      <summary>
        <h3 id="redirect-title">Не наша компетенция — в другой орган</h3>
      </summary>
      <form className="stack-tight" onSubmit={submit} aria-labelledby="redirect-title">
        {options.error && <FormError error={options.error} />}
        {w && termText(w) && <p className={w.late ? 'field-error' : 'field-hint'}>{termText(w)}</p>}
        <fieldset className="stack-tight">
          <legend>Что сделать</legend>
          <label>
            <input
              type="radio"
              name="redirect-mode"
              checked={mode === 'redirect'}
              onChange={() => setMode('redirect')}
            />{' '}
            Переадресовать обращение целиком (59-ФЗ ст. 8 ч. 3)
          </label>
          <label>
            <input
              type="radio"
              name="redirect-mode"
              checked={mode === 'copy'}
              onChange={() => setMode('copy')}
            />{' '}
            Направить копию по части вопросов, остальное рассматриваем сами (ч. 4)
          </label>
        </fieldset>
        <fieldset className="stack-tight">
          <legend>Куда направить</legend>
          {options.loading && !options.data && <p className="field-hint">Загружаю справочник органов…</p>}
          {options.data?.bodies.map((b) => (
            <label key={b.id}>
              <input
                type="checkbox"
                checked={bodyIds.includes(b.id)}
                disabled={b.sentAt !== null}
                onChange={() => toggle(b.id)}
              />{' '}
              {b.name} <span className="muted">({LEVEL[b.level] ?? b.level})</span>
              {b.sentAt && <span className="muted"> — уже направлено {formatDate(b.sentAt)}</span>}
            </label>
          ))}
        </fieldset>
        <Field
          label="Если это жалоба — на действия какого органа"
          htmlFor="redirect-against"
          hint="Жалобу нельзя направлять в орган, действия которого обжалуются (ч. 6)."
        >
          <select id="redirect-against" value={against} onChange={(e) => setAgainst(e.target.value)}>
            <option value="">не жалоба на орган</option>
            {options.data?.bodies.map((b) => (
              <option key={b.id} value={b.id}>
                {b.shortName}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Почему вопрос не относится к компетенции города"
          htmlFor="redirect-reason"
          hint={`Останется в истории; не короче ${MIN_REASON} символов. Заявителю уйдёт уведомление о переадресации.`}
        >
          <textarea
            id="redirect-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        {w?.late && (
          <Field label="Причина задержки переадресации" htmlFor="redirect-late">
            <textarea
              id="redirect-late"
              rows={2}
              value={lateReason}
              onChange={(e) => setLateReason(e.target.value)}
            />
          </Field>
        )}
        <FormError error={action.error} />
        <button
          type="submit"
          className="btn btn-danger"
          disabled={tooShort || bodyIds.length === 0 || action.pending}
        >
          {action.pending ? 'Направляю…' : mode === 'redirect' ? 'Переадресовать' : 'Направить копию'}
        </button>
      </form>
    </details>
  )
}
