import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { answerAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useTextAction } from '../hooks/useTextAction'

const MIN_LENGTH = 20

/** The executor's answer to the citizen. */
export function AnswerForm({ appeal, onDone }: { appeal: AppealDetail; onDone: (a: AppealDetail) => void }) {
  const form = useTextAction((text) => answerAppeal(appeal.id, text), onDone, MIN_LENGTH)
  return (
    <form className="action-form stack-tight" onSubmit={form.submit} aria-labelledby="answer-title">
      <h3 id="answer-title">Ответ заявителю</h3>
      <Field
        label="Текст ответа"
        htmlFor="answer-text"
        hint={
          form.tooShort
            ? `Не короче ${MIN_LENGTH} символов (сейчас ${form.length}).`
            : 'Ответ уйдёт заявителю после утверждения координатором.'
        }
      >
        <textarea
          id="answer-text"
          rows={6}
          value={form.text}
          onChange={(e) => form.setText(e.target.value)}
        />
      </Field>
      <FormError error={form.error} />
      <button type="submit" className="btn btn-primary" disabled={form.tooShort || form.pending}>
        {form.pending ? 'Сохранение…' : 'Отправить на утверждение'}
      </button>
    </form>
  )
}
