import type { FeatureCollection, Geometry } from 'geojson'
import { apiRequest } from '../../platform/api/http'

/** Public settings of this installation. */
export type AppConfig = {
  cityName: string
  mapCenter: [number, number]
  mapZoom: number
  tileUrl: string | null
}

export type DistrictProperties = { code: string; name: string }
export type DistrictCollection = FeatureCollection<Geometry, DistrictProperties>

export type ReverseGeocode = {
  district: { code: string; name: string } | null
  addressText: string | null
}

/** What a map needs before it can be drawn: the config and the district boundaries. */
export type MapBase = { config: AppConfig; districts: DistrictCollection }

let cachedBase: Promise<MapBase> | null = null

/** Loads the map config and district polygons once per page load (both are public and static). */
export function loadMapBase(): Promise<MapBase> {
  if (!cachedBase) {
    cachedBase = Promise.all([
      apiRequest<AppConfig>('/api/config', { authRedirect: false }),
      apiRequest<DistrictCollection>('/api/geo/districts', { authRedirect: false }),
    ])
      .then(([config, districts]) => ({ config, districts }))
      .catch((error: unknown) => {
        cachedBase = null
        throw error
      })
  }
  return cachedBase
}

/** The district and a suggested address for a point on the map. */
export function reverseGeocode(lat: number, lon: number, signal?: AbortSignal): Promise<ReverseGeocode> {
  return apiRequest('/api/geo/reverse', { query: { lat: lat.toFixed(6), lon: lon.toFixed(6) }, signal })
}
