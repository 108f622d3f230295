import { useMemo } from 'react'
import { Field } from '../../../ui/Field'
import { SelectField } from '../../../ui/SelectField'
import { CityMap } from '../../geo/components/CityMap'
import type { Reference } from '../../reference/api/reference'
import { codeNameOptions } from '../../reference/utils/options'
import type { RegistrationForm } from '../hooks/useRegistrationForm'

/** Address text, district and the map pin of a new appeal. */
export function LocationFields({ form, reference }: { form: RegistrationForm; reference: Reference }) {
  const { draft } = form
  const { lat, lon } = draft
  const point = useMemo(() => (lat !== null && lon !== null ? { lat, lon } : null), [lat, lon])
  const showSuggestion = form.suggestedAddress && form.suggestedAddress !== draft.addressText
  return (
    <fieldset>
      <legend>Место</legend>
      <Field
        label="Адрес"
        htmlFor="addressText"
        error={form.fieldError('addressText')}
        hint={
          showSuggestion && (
            <>
              По точке: {form.suggestedAddress}{' '}
              <button
                type="button"
                className="btn btn-link"
                onClick={() => form.set('addressText', form.suggestedAddress ?? '')}
              >
                подставить
              </button>
            </>
          )
        }
      >
        <input
          id="addressText"
          autoComplete="off"
          placeholder="улица, дом — или точка на карте"
          value={draft.addressText}
          onChange={(e) => form.set('addressText', e.target.value)}
        />
      </Field>
      <SelectField
        id="districtCode"
        label="Район"
        error={form.fieldError('districtCode')}
        value={draft.districtCode}
        onChange={(value) => form.set('districtCode', value)}
        placeholder="— не указан —"
        options={codeNameOptions(reference.districts)}
      />
      <div className="map-block">
        <CityMap
          point={point}
          onPick={form.pickPoint}
          label="Карта: щёлкните, чтобы поставить точку"
          className="map-form"
        />
        <div className="map-caption" aria-live="polite">
          {point ? (
            <>
              <span data-testid="picked-point">
                Точка: {point.lat.toFixed(5)}, {point.lon.toFixed(5)}
              </span>
              {form.geocoding && <span className="muted"> · определяем район…</span>}
              <button type="button" className="btn btn-link" onClick={form.clearPoint}>
                убрать точку
              </button>
            </>
          ) : (
            <span className="muted">Щёлкните по карте, чтобы отметить место — район определится сам.</span>
          )}
          {form.geocodeError && <div className="field-error">{form.geocodeError}</div>}
        </div>
      </div>
    </fieldset>
  )
}
