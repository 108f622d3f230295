import 'leaflet/dist/leaflet.css'
import * as L from 'leaflet'
import { useEffect, useRef } from 'react'
import type { MapBase } from '../api/geo'

export type MapPoint = { lat: number; lon: number }

type DistrictMapProps = {
  base: MapBase
  point: MapPoint | null
  /** When given, a click on the map picks a point. */
  onPick?: (point: MapPoint) => void
  label: string
  className?: string
}

const DISTRICT_COLORS = ['#2f6db5', '#2e8b57', '#b5562f', '#7a4fb0', '#a08a1e']

/** Moves, creates or removes the point marker so that it matches `point`. */
function syncMarker(
  map: L.Map,
  marker: L.CircleMarker | null,
  point: MapPoint | null,
): L.CircleMarker | null {
  if (!point) {
    marker?.remove()
    return null
  }
  const latLng = L.latLng(point.lat, point.lon)
  if (marker) return marker.setLatLng(latLng)
  return L.circleMarker(latLng, {
    radius: 8,
    color: '#ffffff',
    weight: 2,
    fillColor: '#c62828',
    fillOpacity: 1,
  }).addTo(map)
}

/**
 * The city map without internet: district polygons on a plain background, a tile layer only when the
 * installation has a tile server (config.tileUrl), and one point marker.
 */
export function DistrictMap({ base, point, onPick, label, className }: DistrictMapProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const mapRef = useRef<L.Map | null>(null)
  const markerRef = useRef<L.CircleMarker | null>(null)
  const onPickRef = useRef(onPick)
  onPickRef.current = onPick
  const pointRef = useRef(point)
  pointRef.current = point
  const pickable = Boolean(onPick)

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const { config, districts } = base
    // No initial view here: the first fitBounds/setView below then sets it without a zoom animation
    // (an animated first zoom leaves half-drawn polygons on screen and in screenshots).
    const map = L.map(container, { attributionControl: Boolean(config.tileUrl), zoomSnap: 0.25 })
    if (config.tileUrl) L.tileLayer(config.tileUrl, { maxZoom: 19 }).addTo(map)
    let index = 0
    const layer = L.geoJSON(districts, {
      style: () => {
        const color = DISTRICT_COLORS[index++ % DISTRICT_COLORS.length]
        return { color, weight: 2, fillColor: color, fillOpacity: config.tileUrl ? 0.08 : 0.16 }
      },
      onEachFeature: (feature, featureLayer) => {
        featureLayer.bindTooltip(feature.properties.name.replace(/ район$/, ''), {
          permanent: true,
          direction: 'center',
          className: 'map-district-label',
        })
      },
    }).addTo(map)
    const bounds = layer.getBounds()
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8], animate: false })
    else map.setView(config.mapCenter, config.mapZoom, { animate: false })
    map.on('click', (event: L.LeafletMouseEvent) => {
      onPickRef.current?.({ lat: event.latlng.lat, lon: event.latlng.lng })
    })
    mapRef.current = map
    markerRef.current = syncMarker(map, null, pointRef.current)
    // The container may get its final size after layout (grid, tabs); re-measure once it settles.
    const observer = new ResizeObserver(() => map.invalidateSize({ animate: false }))
    observer.observe(container)
    return () => {
      observer.disconnect()
      map.remove()
      mapRef.current = null
      markerRef.current = null
    }
  }, [base])

  useEffect(() => {
    const map = mapRef.current
    if (!map) return
    markerRef.current = syncMarker(map, markerRef.current, point)
    // A point outside the districts (a suburb) must still be on screen.
    if (point && !map.getBounds().contains([point.lat, point.lon]))
      map.panTo([point.lat, point.lon], { animate: false })
  }, [point])

  return (
    <div
      ref={containerRef}
      className={`map${pickable ? ' map-pickable' : ''}${className ? ` ${className}` : ''}`}
      role="application"
      aria-label={label}
    />
  )
}
