import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { returnAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useTextAction } from '../hooks/useTextAction'

/** Sends the prepared answer back to the executor with a reason. */
export function ReturnForm({ appeal, onDone }: { appeal: AppealDetail; onDone: (a: AppealDetail) => void }) {
  const form = useTextAction((reason) => returnAppeal(appeal.id, reason), onDone, 1)
  return (
    <form className="action-form stack-tight" onSubmit={form.submit} aria-labelledby="return-title">
      <h3 id="return-title">Вернуть на доработку</h3>
      <Field label="Причина возврата" htmlFor="return-reason">
        <textarea
          id="return-reason"
          rows={3}
          value={form.text}
          onChange={(e) => form.setText(e.target.value)}
        />
      </Field>
      <FormError error={form.error} />
      <button type="submit" className="btn btn-danger" disabled={form.tooShort || form.pending}>
        {form.pending ? 'Возврат…' : 'Вернуть исполнителю'}
      </button>
    </form>
  )
}
