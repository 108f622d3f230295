import { useMemo } from 'react'
import { DistrictMap } from '../../geo/components/DistrictMap'
import { useMapBase } from '../../geo/hooks/useMapBase'

/** The appeal's point on the district map (read-only). */
export function AppealLocation({ lat, lon }: { lat: number; lon: number }) {
  const mapBase = useMapBase()
  const point = useMemo(() => ({ lat, lon }), [lat, lon])
  if (!mapBase.data) {
    return <div className="map map-card map-placeholder">{mapBase.error?.message ?? 'Загрузка карты…'}</div>
  }
  return <DistrictMap base={mapBase.data} point={point} label="Место на карте" className="map-card" />
}
