import { asc } from 'drizzle-orm'
import { cached } from '../../platform/cache'
import type { Queryable } from '../../platform/db'
import { districts, streets } from './geo.tables'

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

/** District and the nearest gazetteer street (within 400 m) for a map pin. */
export async function reverseGeocode(db: Queryable, lat: number, lon: number) {
  const district = await locateDistrict(db, lat, lon)
  const rows = await cached('streets', 60_000, () => db.select().from(streets))
  let best: { name: string; shortName: string; d: number } | null = null
  for (const s of rows) {
    for (const [plat, plon] of s.points) {
      const d = distanceMeters(lat, lon, plat, plon)
      if (!best || d < best.d) best = { name: s.name, shortName: s.shortName, d }
    }
  }
  return { district, addressText: best && best.d <= 400 ? best.shortName : null }
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
