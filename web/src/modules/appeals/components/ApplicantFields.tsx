import { Field } from '../../../ui/Field'
import type { RegistrationForm } from '../hooks/useRegistrationForm'
import type { ApplicantDraft } from '../utils/registration'

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
        <Field label="ФИО" htmlFor={id('fullName')} error={form.fieldError(path('fullName'))}>
          <input
            id={id('fullName')}
            autoComplete="off"
            // biome-ignore lint/a11y/noAutofocus: the operator starts typing the caller's name right away
            autoFocus={index === 0}
            value={applicant.fullName}
            onChange={(e) => form.setApplicant(index, 'fullName', e.target.value)}
          />
        </Field>
        <Field label="Телефон" htmlFor={id('phone')} error={form.fieldError(path('phone'))}>
          <input
            id={id('phone')}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder="+7 …"
            value={applicant.phone}
            onChange={(e) => form.setApplicant(index, 'phone', e.target.value)}
          />
        </Field>
        <Field label="E-mail" htmlFor={id('email')} error={form.fieldError(path('email'))}>
          <input
            id={id('email')}
            type="email"
            autoComplete="off"
            value={applicant.email}
            onChange={(e) => form.setApplicant(index, 'email', e.target.value)}
          />
        </Field>
        <Field
          label="Почтовый адрес"
          htmlFor={id('postalAddress')}
          error={form.fieldError(path('postalAddress'))}
        >
          <input
            id={id('postalAddress')}
            autoComplete="off"
            value={applicant.postalAddress}
            onChange={(e) => form.setApplicant(index, 'postalAddress', e.target.value)}
          />
        </Field>
      </div>
    </fieldset>
  )
}
