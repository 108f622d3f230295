import { useMapBase } from '../hooks/useMapBase'
import { DistrictMap, type MapPoint } from './DistrictMap'

/** The district map with its base loaded here: a placeholder says «Загрузка карты…» or what went wrong. */
export function CityMap(props: {
  point: MapPoint | null
  onPick?: (p: MapPoint) => void
  label: string
  className: string
}) {
  const mapBase = useMapBase()
  if (!mapBase.data) {
    return (
      <div className={`map ${props.className} map-placeholder`}>
        {mapBase.error?.message ?? 'Загрузка карты…'}
      </div>
    )
  }
  return <DistrictMap base={mapBase.data} {...props} />
}
