import { type FormEvent, useState } from 'react'
import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { setUrgency } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useAppealAction } from '../hooks/useAppealAction'

/**
 * «Срочность»: the МЦУ staff confirm what Вече flagged or correct it — clear a false flag, raise one it missed —
 * with an optional comment for the history. A flag the model raised alone («срочно?») can be confirmed with one
 * click. Shown to the roles the card offers the action to.
 */
export function UrgencySection({
  appeal,
  onDone,
}: {
  appeal: AppealDetail
  onDone: (a: AppealDetail) => void
}) {
  const action = useAppealAction(onDone)
  const [open, setOpen] = useState(false)
  const [comment, setComment] = useState('')
  if (!appeal.actions.includes('urgency')) return null
  const toCheck = appeal.urgentToCheck
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await action.run(() => setUrgency(appeal.id, !appeal.urgent, comment))) {
      setOpen(false)
      setComment('')
    }
  }
  const confirm = () => action.run(() => setUrgency(appeal.id, true, ''))
  const verb = appeal.urgent ? 'Снять срочность' : 'Отметить срочным'
  return (
    <section className="card stack-tight" aria-labelledby="urgency-title">
      <h2 id="urgency-title">Срочность</h2>
      <p className="small">
        {appeal.urgent ? 'Срочное: стоит в начале очередей.' : 'Не отмечено срочным.'}
        {toCheck && ' Отметила модель, а не правило, — проверьте по тексту и подтвердите или снимите.'}
      </p>
      {open ? (
        <form className="stack-tight" onSubmit={submit}>
          <Field
            label={appeal.urgent ? 'Почему не срочно (необязательно)' : 'Что угрожает (необязательно)'}
            htmlFor="urgency-comment"
          >
            <textarea
              id="urgency-comment"
              rows={2}
              maxLength={1000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </Field>
          <FormError error={action.error} />
          <div className="row">
            <button
              type="submit"
              className={`btn btn-small ${appeal.urgent ? '' : 'btn-danger'}`}
              disabled={action.pending}
            >
              {action.pending ? 'Сохранение…' : verb}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setOpen(false)}
              disabled={action.pending}
            >
              Отмена
            </button>
          </div>
        </form>
      ) : (
        <>
          <FormError error={action.error} />
          <div className="row">
            {toCheck && (
              <button
                type="button"
                className="btn btn-small btn-danger"
                onClick={confirm}
                disabled={action.pending}
              >
                {action.pending ? 'Сохранение…' : 'Подтвердить срочность'}
              </button>
            )}
            <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
              {verb}…
            </button>
          </div>
        </>
      )}
    </section>
  )
}
