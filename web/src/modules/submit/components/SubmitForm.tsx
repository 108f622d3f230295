import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import type { SubmitForm as Form } from '../hooks/useSubmitForm'
import { AddressField } from './AddressField'
import { CategoryHint } from './CategoryHint'
import { PhotoPicker } from './PhotoPicker'
import { PinMap } from './PinMap'

/** The citizen's appeal form: what, where, photos, who to answer, consent. */
export function SubmitForm({ form }: { form: Form }) {
  const { draft, info } = form
  if (!info) return null
  const textLength = draft.text.trim().length
  const invalid = (path: string) => Boolean(form.fieldError(path))
  const describedBy = (path: string, extra?: string) =>
    [extra, form.fieldError(path) ? `${path}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <form className="stack submit-form" onSubmit={form.submit} noValidate aria-busy={form.pending}>
      <fieldset>
        <legend>Что случилось</legend>
        <Field
          label="Текст обращения"
          htmlFor="text"
          error={form.fieldError('text')}
          hint={
            <span id="text-counter" aria-live="polite">
              {textLength.toLocaleString('ru-RU')} из {info.limits.textMaxLength.toLocaleString('ru-RU')}{' '}
              символов
            </span>
          }
        >
          <textarea
            id="text"
            rows={6}
            maxLength={info.limits.textMaxLength}
            placeholder="Опишите проблему: что произошло, где и как давно"
            value={draft.text}
            aria-invalid={invalid('text')}
            aria-describedby={describedBy('text', 'text-counter')}
            onChange={(e) => form.set('text', e.target.value)}
          />
        </Field>
        <CategoryHint form={form} />
      </fieldset>

      <fieldset>
        <legend>Где</legend>
        <AddressField
          value={draft.addressText}
          onChange={(v) => form.set('addressText', v)}
          error={form.fieldError('addressText')}
        />
        <PinMap form={form} />
      </fieldset>

      <PhotoPicker form={form} />

      <fieldset>
        <legend>Куда прислать ответ</legend>
        <p className="muted small">
          По закону № 59-ФЗ в обращении указывают фамилию, имя и адрес для ответа: электронную почту или
          почтовый адрес.
        </p>
        <Field label="Фамилия, имя, отчество" htmlFor="fullName" error={form.fieldError('fullName')}>
          <input
            id="fullName"
            autoComplete="name"
            maxLength={200}
            value={draft.fullName}
            aria-invalid={invalid('fullName')}
            aria-describedby={describedBy('fullName')}
            onChange={(e) => form.set('fullName', e.target.value)}
          />
        </Field>
        <Field label="Электронная почта" htmlFor="email" error={form.fieldError('email')}>
          <input
            id="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            maxLength={200}
            value={draft.email}
            aria-invalid={invalid('email')}
            aria-describedby={describedBy('email')}
            onChange={(e) => form.set('email', e.target.value)}
          />
        </Field>
        <Field
          label="Почтовый адрес (если ответ нужен письмом)"
          htmlFor="postalAddress"
          error={form.fieldError('postalAddress')}
        >
          <input
            id="postalAddress"
            autoComplete="street-address"
            maxLength={300}
            value={draft.postalAddress}
            aria-invalid={invalid('postalAddress')}
            aria-describedby={describedBy('postalAddress')}
            onChange={(e) => form.set('postalAddress', e.target.value)}
          />
        </Field>
        <Field label="Телефон (необязательно)" htmlFor="phone" error={form.fieldError('phone')}>
          <input
            id="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={40}
            value={draft.phone}
            aria-invalid={invalid('phone')}
            aria-describedby={describedBy('phone')}
            onChange={(e) => form.set('phone', e.target.value)}
          />
        </Field>
        {/* The honeypot: off screen and out of the tab order; only a script fills it. */}
        <div className="hp-field" aria-hidden="true">
          <label htmlFor="website">Сайт (не заполняйте)</label>
          <input
            id="website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={draft.website}
            onChange={(e) => form.set('website', e.target.value)}
          />
        </div>
      </fieldset>

      <div className={`consent${invalid('consent') ? ' field-invalid' : ''}`}>
        <label className="consent-label">
          <input
            id="consent"
            type="checkbox"
            checked={draft.consent}
            aria-invalid={invalid('consent')}
            aria-describedby={describedBy('consent', 'consent-text')}
            onChange={(e) => form.set('consent', e.target.checked)}
          />
          <span>Согласен(на) на обработку персональных данных</span>
        </label>
        <p id="consent-text" className="muted small consent-text">
          {info.consent.text}
        </p>
        {form.fieldError('consent') && (
          <div className="field-error" id="consent-error">
            {form.fieldError('consent')}
          </div>
        )}
      </div>

      <FormError error={form.error} />
      <div className="submit-actions">
        <button type="submit" className="btn btn-primary btn-wide" disabled={form.pending}>
          {form.pending ? 'Отправка…' : 'Отправить обращение'}
        </button>
        {form.progress !== null && (
          <progress
            className="submit-progress"
            max={1}
            value={form.progress}
            aria-label="Отправка обращения"
          />
        )}
      </div>
    </form>
  )
}
