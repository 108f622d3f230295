import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { SelectField } from '../../../ui/SelectField'
import { handleFormKeyDown } from '../../platform/utils/formKeyboard'
import type { Reference } from '../../reference/api/reference'
import { topicsForSector } from '../../reference/utils/filters'
import { codeNameOptions } from '../../reference/utils/options'
import type { RegistrationForm as Form } from '../hooks/useRegistrationForm'
import { ApplicantFields } from './ApplicantFields'
import { CallerHistory } from './CallerHistory'
import { LocationFields } from './LocationFields'

const REGIME_LABELS: Record<'fz59' | 'message', { title: string; hint: string }> = {
  fz59: { title: 'Обращение (59-ФЗ)', hint: 'письменный ответ в течение 30 дней' },
  message: { title: 'Сообщение', hint: 'не по 59-ФЗ, срок по регламенту МЦУ' },
}

/** The keyboard-first phone registration form (Enter — next field, Ctrl+Enter — register). */
export function RegistrationForm({ form, reference }: { form: Form; reference: Reference }) {
  const { draft } = form
  const firstApplicant = draft.applicants[0]
  const topics = topicsForSector(reference, draft.sectorCode)
  const regimeName = (code: 'fz59' | 'message') =>
    reference.regimes.find((r) => r.code === code)?.name ?? REGIME_LABELS[code].title
  return (
    <form className="register" onSubmit={form.submit} onKeyDown={handleFormKeyDown} noValidate>
      <div className="register-columns">
        <div className="stack">
          {draft.applicants.map((applicant, index) => (
            <ApplicantFields key={applicant.key} form={form} applicant={applicant} index={index} />
          ))}
          <div>
            <button type="button" className="btn btn-small" onClick={form.addApplicant}>
              + соавтор
            </button>
            <span className="muted small"> — для коллективного обращения</span>
          </div>

          <fieldset>
            <legend>Обращение</legend>
            <div className="radio-row" role="radiogroup" aria-label="Режим">
              {(['fz59', 'message'] as const).map((code) => (
                <label key={code} className="radio-card">
                  <input
                    type="radio"
                    name="regime"
                    value={code}
                    checked={draft.regime === code}
                    onChange={() => form.set('regime', code)}
                  />
                  <span>
                    <strong>{regimeName(code)}</strong>
                    <span className="muted small"> — {REGIME_LABELS[code].hint}</span>
                  </span>
                </label>
              ))}
            </div>
            <Field label="Текст обращения" htmlFor="text" error={form.fieldError('text')}>
              <textarea
                id="text"
                rows={7}
                value={draft.text}
                aria-invalid={Boolean(form.fieldError('text'))}
                onChange={(e) => form.set('text', e.target.value)}
              />
            </Field>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={draft.urgent}
                onChange={(e) => form.set('urgent', e.target.checked)}
              />
              Срочно (угроза жизни, здоровью, аварийная ситуация)
            </label>
            <div className="grid-2">
              <SelectField
                id="sectorCode"
                label="Сектор (необязательно)"
                value={draft.sectorCode}
                onChange={(value) => form.set('sectorCode', value)}
                placeholder="— определит координатор —"
                options={codeNameOptions(reference.sectors)}
              />
              <SelectField
                id="topicCode"
                label="Тема (необязательно)"
                value={draft.topicCode}
                disabled={topics.length === 0}
                onChange={(value) => form.set('topicCode', value)}
                placeholder={draft.sectorCode ? '— не выбрана —' : '— сначала сектор —'}
                options={codeNameOptions(topics)}
              />
            </div>
          </fieldset>
        </div>

        <div className="stack">
          <LocationFields form={form} reference={reference} />
          {/* Below the map: the map keeps its place on screen, and Tab reaches the form's fields first. */}
          <CallerHistory phone={firstApplicant?.phone ?? ''} name={firstApplicant?.fullName ?? ''} />
        </div>
      </div>

      <div className="form-footer">
        <FormError error={form.error} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={form.pending}>
            {form.pending ? 'Регистрация…' : 'Зарегистрировать'}
          </button>
          <span className="muted small">
            <kbd>Enter</kbd> — следующее поле, <kbd>Ctrl</kbd>+<kbd>Enter</kbd> — зарегистрировать
          </span>
        </div>
      </div>
    </form>
  )
}
