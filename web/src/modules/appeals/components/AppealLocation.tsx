import { useMemo } from 'react'
import { CityMap } from '../../geo/components/CityMap'

/** The appeal's point on the district map (read-only). */
export function AppealLocation({ lat, lon }: { lat: number; lon: number }) {
  const point = useMemo(() => ({ lat, lon }), [lat, lon])
  return <CityMap point={point} label="Место на карте" className="map-card" />
}
