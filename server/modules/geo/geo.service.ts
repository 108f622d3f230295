import { asc } from 'drizzle-orm'
import { cached } from '../../platform/cache'
import type { Queryable } from '../../platform/db'
import { loadActiveGazetteer } from '../understanding/address/gazetteer.store'
import { districts } from './geo.tables'

type Ring = [number, number][]

/** Ray casting: is [lon, lat] inside the ring? */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Distance in metres between two points (equirectangular: accurate enough inside one city). */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const k = Math.PI / 180
  const x = (lon2 - lon1) * k * Math.cos(((lat1 + lat2) / 2) * k)
  const y = (lat2 - lat1) * k
  return Math.sqrt(x * x + y * y) * 6_371_000
}

/** The district that contains the point, or null outside the city. */
export async function locateDistrict(db: Queryable, lat: number, lon: number) {
  const rows = await cached('districts', 60_000, () => db.select().from(districts))
  const hit = rows.find((d) => pointInRing(lon, lat, d.polygon))
  return hit ? { code: hit.code, name: hit.name } : null
}

/** How a street type is shortened in an address line («улица Николаева» → «ул. Николаева»). */
const SHORT_TYPE: Record<string, string> = {
  улица: 'ул.',
  проспект: 'пр-т',
  переулок: 'пер.',
  бульвар: 'б-р',
  площадь: 'пл.',
  проезд: 'пр-д',
  набережная: 'наб.',
  микрорайон: 'мкр.',
}

/** «улица Большая Советская» → «ул. Большая Советская»; types written after the name stay as they are. */
export function shortStreetName(name: string): string {
  const [first, ...rest] = name.split(' ')
  const short = SHORT_TYPE[first.toLowerCase()]
  return short && rest.length ? `${short} ${rest.join(' ')}` : name
}

/** District and the nearest street of the active gazetteer (within 150 m) for a map pin. */
export async function reverseGeocode(db: Queryable, lat: number, lon: number) {
  const [district, gazetteer] = await Promise.all([locateDistrict(db, lat, lon), loadActiveGazetteer(db)])
  const hit = gazetteer.reverse(lat, lon)
  return { district, addressText: hit.street ? shortStreetName(hit.street) : null }
}

/** The districts as a GeoJSON FeatureCollection for the map. */
export async function districtsGeoJson(db: Queryable) {
  const rows = await db.select().from(districts).orderBy(asc(districts.name))
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((d) => ({
      type: 'Feature' as const,
      properties: { code: d.code, name: d.name },
      geometry: { type: 'Polygon' as const, coordinates: [d.polygon] },
    })),
  }
}
