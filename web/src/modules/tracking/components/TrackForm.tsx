import { Field } from '../../../ui/Field'
import { useTrackForm } from '../hooks/useTrackForm'

/** Registration number + 6-digit code. */
export function TrackForm({ regNumber, code }: { regNumber?: string; code?: string }) {
  const form = useTrackForm(regNumber, code)
  return (
    <form className="card stack track-form" onSubmit={form.submit} noValidate>
      <Field label="Номер обращения" htmlFor="track-number" hint="Например: О-2026-000123">
        <input
          id="track-number"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={form.regNumber}
          onChange={(e) => form.setRegNumber(e.target.value)}
        />
      </Field>
      <Field label="Код (6 цифр)" htmlFor="track-code" hint="Его сообщили при регистрации обращения">
        <input
          id="track-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={form.code}
          onChange={(e) => form.setCode(e.target.value)}
        />
      </Field>
      {form.error && (
        <p className="field-error" role="alert">
          {form.error}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-wide">
        Проверить
      </button>
    </form>
  )
}
