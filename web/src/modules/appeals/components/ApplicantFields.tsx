import { Field } from '../../../ui/Field'
import type { ApplicantField, RegistrationForm } from '../hooks/useRegistrationForm'
import type { ApplicantDraft } from '../utils/registration'

type ApplicantInputSpec = {
  field: ApplicantField
  label: string
  type?: 'tel' | 'email'
  inputMode?: 'tel'
  placeholder?: string
}

/** The applicant's inputs in form order; all are free text, differing only in keyboard hints. */
const APPLICANT_INPUTS: ApplicantInputSpec[] = [
  { field: 'fullName', label: 'ФИО' },
  { field: 'phone', label: 'Телефон', type: 'tel', inputMode: 'tel', placeholder: '+7 …' },
  { field: 'email', label: 'E-mail', type: 'email' },
  { field: 'postalAddress', label: 'Почтовый адрес' },
]

type ApplicantFieldsProps = {
  form: RegistrationForm
  applicant: ApplicantDraft
  index: number
}

/** One applicant block: ФИО, телефон, e-mail, почтовый адрес; co-authors can be removed. */
export function ApplicantFields({ form, applicant, index }: ApplicantFieldsProps) {
  const id = (field: string) => `applicant-${applicant.key}-${field}`
  const path = (field: string) => `applicants.${index}.${field}`
  const title = index === 0 ? 'Заявитель' : `Соавтор ${index}`
  return (
    <fieldset className="applicant">
      <legend>{title}</legend>
      {index > 0 && (
        <button
          type="button"
          className="btn btn-link applicant-remove"
          onClick={() => form.removeApplicant(index)}
          aria-label={`Убрать: ${title}`}
        >
          Убрать
        </button>
      )}
      <div className="grid-2">
        {APPLICANT_INPUTS.map(({ field, label, ...input }) => (
          <Field key={field} label={label} htmlFor={id(field)} error={form.fieldError(path(field))}>
            <input
              {...input}
              id={id(field)}
              autoComplete="off"
              // biome-ignore lint/a11y/noAutofocus: the operator starts typing the caller's name right away
              autoFocus={index === 0 && field === 'fullName'}
              value={applicant[field]}
              onChange={(e) => form.setApplicant(index, field, e.target.value)}
            />
          </Field>
        ))}
      </div>
    </fieldset>
  )
}
