import { useMemo, useState } from 'react'
import { CityMap } from '../../geo/components/CityMap'
import type { SubmitForm } from '../hooks/useSubmitForm'

/** The optional map pin, behind a button: on a phone the map would otherwise catch the page's scrolling. */
export function PinMap({ form }: { form: SubmitForm }) {
  const [shown, setShown] = useState(false)
  const { lat, lon } = form.draft
  const point = useMemo(() => (lat !== null && lon !== null ? { lat, lon } : null), [lat, lon])
  if (!shown) {
    return (
      <div className="row">
        <button type="button" className="btn" onClick={() => setShown(true)} aria-expanded="false">
          Отметить на карте
        </button>
        <span className="muted small">необязательно</span>
      </div>
    )
  }
  return (
    <div className="map-block">
      <CityMap
        point={point}
        onPick={form.pickPoint}
        label="Карта города: нажмите, чтобы отметить место"
        className="map-submit"
      />
      <div className="map-caption" aria-live="polite">
        {point ? (
          <>
            <span data-testid="picked-point">Точка отмечена{form.pinNote ? `: ${form.pinNote}` : ''}</span>{' '}
            <button type="button" className="btn btn-link" onClick={form.clearPoint}>
              убрать точку
            </button>
          </>
        ) : (
          <span className="muted">Нажмите на карту в том месте, где проблема.</span>
        )}
      </div>
    </div>
  )
}
