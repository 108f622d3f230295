import type { ReactNode } from 'react'

type FieldProps = {
  label: string
  htmlFor: string
  hint?: ReactNode
  error?: string | null
  className?: string
  children: ReactNode
}

/** A label above its control, with an optional hint and field error below. */
export function Field({ label, htmlFor, hint, error, className, children }: FieldProps) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && <div className="field-hint">{hint}</div>}
      {error && (
        <div className="field-error" id={`${htmlFor}-error`}>
          {error}
        </div>
      )}
    </div>
  )
}
