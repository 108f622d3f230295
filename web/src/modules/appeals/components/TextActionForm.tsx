import type { ReactNode } from 'react'
import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import type { TextAction } from '../hooks/useTextAction'

type TextActionFormProps = {
  action: TextAction
  titleId: string
  title: string
  textId: string
  label: string
  rows: number
  hint?: ReactNode
  submitLabel: string
  pendingLabel: string
  tone: 'primary' | 'danger'
}

/** A titled one-textarea action form: the text, the server error and a submit button. */
export function TextActionForm({
  action,
  titleId,
  title,
  textId,
  label,
  rows,
  hint,
  submitLabel,
  pendingLabel,
  tone,
}: TextActionFormProps) {
  return (
    <form className="action-form stack-tight" onSubmit={action.submit} aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      <Field label={label} htmlFor={textId} hint={hint}>
        <textarea
          id={textId}
          rows={rows}
          value={action.text}
          onChange={(e) => action.setText(e.target.value)}
        />
      </Field>
      <FormError error={action.error} />
      <button type="submit" className={`btn btn-${tone}`} disabled={action.tooShort || action.pending}>
        {action.pending ? pendingLabel : submitLabel}
      </button>
    </form>
  )
}
