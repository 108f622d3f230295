import type { SelectHTMLAttributes } from 'react'

/** One choice of a select; `title` is shown as the option's tooltip. */
export type SelectOption = { value: string; label: string; title?: string }

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'> & {
  value: string
  onChange: (value: string) => void
  /** The text of the empty first option. */
  placeholder: string
  options: SelectOption[]
}

/** A select with an empty placeholder option followed by the given options. */
export function Select({ value, onChange, placeholder, options, ...rest }: SelectProps) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{placeholder}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value} title={option.title}>
          {option.label}
        </option>
      ))}
    </select>
  )
}
