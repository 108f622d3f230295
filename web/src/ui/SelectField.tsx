import { Field } from './Field'
import { Select, type SelectOption } from './Select'

type SelectFieldProps = {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  /** The text of the empty first option. */
  placeholder: string
  options: SelectOption[]
  disabled?: boolean
  error?: string | null
  className?: string
}

/** A labelled select inside a `Field`: the label points at the select by `id`. */
export function SelectField({ id, label, error, className, ...select }: SelectFieldProps) {
  return (
    <Field label={label} htmlFor={id} error={error} className={className}>
      <Select id={id} {...select} />
    </Field>
  )
}
