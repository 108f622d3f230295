/**
 * Imports a city gazetteer from an OpenStreetMap XML extract (.osm), streamed in two passes:
 * the first finds the district boundaries (relations boundary=administrative), the second reads node
 * coordinates, streets (highway=* ways with a name), addresses (addr:street + addr:housenumber on nodes
 * and ways, a way's centroid as its point), landmarks (schools, kindergartens, stops, parks, clinics) and
 * the boundary ways. Houses get their district by point-in-polygon.
 */
import { pointInRing } from '../../geo/geo.service'
import type { GazetteerDoc, GazetteerHouse, GazetteerLandmark, GazetteerStreet } from './gazetteer'
import { parseHouse } from './house'
import { type ImportReport, type Progress, SkipCounter } from './import-report'
import { nameParts } from './names'
import { tokens } from './tokens'
import { type Attrs, scanXml } from './xml-scan'

export interface OsmImportOptions {
  /** The city's name; by default the first place=city node's name. */
  city?: string
  /** admin_level of the districts; by default the deepest level (≤ 10) with at least two boundaries. */
  adminLevel?: string
  onProgress?: Progress
}

interface Element {
  kind: 'node' | 'way' | 'relation'
  id: string
  lat: number
  lon: number
  tags: Attrs
  refs: string[]
  members: { type: string; ref: string; role: string }[]
}

interface Boundary {
  id: string
  name: string
  level: string
  ways: string[]
}

const round = (x: number) => Math.round(x * 1e6) / 1e6

/** Reads an .osm file into a gazetteer document and a report. */
export async function importOsm(
  file: string,
  opts: OsmImportOptions = {},
): Promise<{ doc: GazetteerDoc; report: ImportReport }> {
  const skipped = new SkipCounter()
  const progress = (pass: number) => (done: number, total: number) =>
    opts.onProgress?.(done + (pass - 1) * total, total * 2)

  // Pass 1: district boundaries and the ways they are made of.
  const boundaries: Boundary[] = []
  await scanElements(
    file,
    (el) => {
      if (el.kind !== 'relation' || el.tags.boundary !== 'administrative' || !el.tags.name) return
      const ways = el.members.filter((m) => m.type === 'way' && m.role !== 'inner').map((m) => m.ref)
      boundaries.push({ id: el.id, name: el.tags.name, level: el.tags.admin_level ?? '', ways })
    },
    progress(1),
  )
  const level = opts.adminLevel ?? chooseLevel(boundaries)
  const districts = boundaries.filter((b) => b.level === level)
  const boundaryWays = new Set(districts.flatMap((d) => d.ways))

  // Pass 2: coordinates, streets, addresses, landmarks, boundary ways.
  const nodes = new Map<string, [number, number]>()
  const wayCoords = new Map<string, [number, number][]>()
  const streetWays = new Map<string, [number, number][][]>()
  const addresses: { street: string; number: string; lat: number; lon: number; id: string }[] = []
  const landmarks: GazetteerLandmark[] = []
  let city = opts.city ?? null
  await scanElements(
    file,
    (el) => {
      if (el.kind === 'node') {
        nodes.set(el.id, [el.lat, el.lon])
        if (!city && el.tags.place === 'city' && el.tags.name) city = el.tags.name
        place(el, el.lat, el.lon)
        return
      }
      if (el.kind !== 'way') return
      const coords: [number, number][] = []
      for (const ref of el.refs) {
        const p = nodes.get(ref)
        if (p) coords.push(p)
      }
      if (coords.length < el.refs.length)
        skipped.add('в пути нет части узлов (обрезанная выгрузка)', `way ${el.id}`)
      if (boundaryWays.has(el.id)) wayCoords.set(el.id, coords)
      if (!coords.length) return
      if (el.tags.highway && el.tags.name) {
        const list = streetWays.get(el.tags.name)
        if (list) list.push(coords)
        else streetWays.set(el.tags.name, [coords])
      }
      const [lat, lon] = centroid(coords)
      place(el, lat, lon)
    },
    progress(2),
  )

  function place(el: Element, lat: number, lon: number) {
    const t = el.tags
    if (t['addr:housenumber']) {
      if (t['addr:street'])
        addresses.push({
          street: t['addr:street'],
          number: t['addr:housenumber'],
          lat,
          lon,
          id: `${el.kind} ${el.id}`,
        })
      else skipped.add('номер дома без addr:street (addr:place или без улицы)', `${el.kind} ${el.id}`)
    }
    const lm = landmarkOf(t, lat, lon)
    if (lm) landmarks.push(lm)
  }

  const districtDocs = districts
    .map((d) => {
      const ring = assembleRing(d.ways.map((w) => wayCoords.get(w) ?? []))
      if (!ring) skipped.add('граница района не замкнута', `relation ${d.id}`)
      return { code: districtCode(d.name), name: d.name, polygon: ring ?? undefined }
    })
    .filter((d) => d.polygon)
  const districtOf = (lat: number, lon: number) =>
    districtDocs.find((d) => d.polygon && pointInRing(lon, lat, d.polygon))?.code ?? null

  for (const l of landmarks) l.district = districtOf(l.lat, l.lon)
  const streets = new Map<string, GazetteerStreet>()
  const streetOf = (name: string) => {
    let s = streets.get(name)
    if (!s) {
      const parts = nameParts(name)
      s = { name, type: parts.type, core: parts.core, aliases: [], points: [], houses: [] }
      streets.set(name, s)
    }
    return s
  }
  for (const [name, ways] of streetWays) {
    const s = streetOf(name)
    for (const w of ways) for (const p of thin(w)) s.points?.push([round(p[0]), round(p[1])])
  }
  const seen = new Set<string>()
  let houseCount = 0
  for (const a of addresses) {
    const number = normaliseHouseNumber(a.number)
    if (!number) {
      skipped.add('номер дома не распознан', a.id)
      continue
    }
    const key = `${a.street}\u0000${number}`
    if (seen.has(key)) {
      skipped.add('дом повторяется (узел и контур здания)', a.id)
      continue
    }
    seen.add(key)
    const h: GazetteerHouse = {
      number,
      lat: round(a.lat),
      lon: round(a.lon),
      district: districtOf(a.lat, a.lon),
    }
    streetOf(a.street).houses?.push(h)
    houseCount++
  }
  for (const s of streets.values()) {
    const ds = new Set<string>()
    for (const h of s.houses ?? []) if (h.district) ds.add(h.district)
    for (const p of s.points ?? []) {
      const d = districtOf(p[0], p[1])
      if (d) ds.add(d)
    }
    s.district = ds.size === 1 ? [...ds][0] : null
  }
  const doc: GazetteerDoc = {
    version: 1,
    note: `Импорт OpenStreetMap (© участники OpenStreetMap, ODbL) ${new Date().toISOString().slice(0, 10)}`,
    city: { name: city ?? 'Город', localities: [] },
    districts: districtDocs,
    streets: [...streets.values()],
    landmarks,
  }
  return {
    doc,
    report: {
      source: 'osm',
      streets: streets.size,
      houses: houseCount,
      landmarks: landmarks.length,
      districts: districtDocs.length,
      skipped: skipped.list(),
    },
  }
}

/** Streams the file and hands over each complete node, way or relation with its tags and members. */
async function scanElements(file: string, onElement: (el: Element) => void, onBytes: Progress) {
  let cur: Element | null = null
  await scanXml(
    file,
    {
      open(name, a) {
        if (name === 'node' || name === 'way' || name === 'relation') {
          cur = {
            kind: name,
            id: a.id ?? '',
            lat: Number(a.lat),
            lon: Number(a.lon),
            tags: {},
            refs: [],
            members: [],
          }
        } else if (!cur) return
        else if (name === 'tag' && a.k) cur.tags[a.k] = a.v ?? ''
        else if (name === 'nd' && a.ref) cur.refs.push(a.ref)
        else if (name === 'member')
          cur.members.push({ type: a.type ?? '', ref: a.ref ?? '', role: a.role ?? '' })
      },
      close(name) {
        if (cur && name === cur.kind) {
          onElement(cur)
          cur = null
        }
      },
    },
    onBytes,
  )
}

function chooseLevel(bs: Boundary[]): string {
  const counts = new Map<string, number>()
  for (const b of bs) counts.set(b.level, (counts.get(b.level) ?? 0) + 1)
  const levels = [...counts].filter(([l, n]) => n >= 2 && Number(l) <= 10).map(([l]) => Number(l))
  return levels.length ? String(Math.max(...levels)) : ''
}

/** Joins boundary ways end to end into one closed ring ([lon, lat]), or null. */
export function assembleRing(ways: [number, number][][]): [number, number][] | null {
  const rest = ways.filter((w) => w.length > 1).map((w) => [...w])
  if (!rest.length) return null
  const ring = rest.shift() ?? []
  const same = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1]
  while (rest.length) {
    const end = ring[ring.length - 1]
    const i = rest.findIndex((w) => same(w[0], end) || same(w[w.length - 1], end))
    if (i < 0) break
    const [w] = rest.splice(i, 1)
    if (!same(w[0], end)) w.reverse()
    ring.push(...w.slice(1))
  }
  if (!same(ring[0], ring[ring.length - 1]) || ring.length < 4) return null
  return ring.map(([lat, lon]) => [round(lon), round(lat)])
}

function centroid(coords: [number, number][]): [number, number] {
  let lat = 0
  let lon = 0
  const pts = coords.length > 1 && coords[0] === coords[coords.length - 1] ? coords.slice(1) : coords
  for (const p of pts) {
    lat += p[0]
    lon += p[1]
  }
  return [lat / pts.length, lon / pts.length]
}

/** At most ~20 points per way: enough for reverse geocoding within 150 m. */
function thin(coords: [number, number][]): [number, number][] {
  if (coords.length <= 20) return coords
  const step = Math.ceil(coords.length / 20)
  return coords.filter((_, i) => i % step === 0 || i === coords.length - 1)
}

/** «12к2» → «12 к2», «12 корп. 2» → «12 к2», «12А» → «12а», «12/3» → «12/3»; null when unreadable. */
export function normaliseHouseNumber(raw: string): string | null {
  const ts = tokens(raw.replace(/(\d)([кК])(\d)/g, '$1 к$3'))
  const h = parseHouse(ts, 0)
  return h && h.end === ts.length ? h.house : null
}

const NUMBERED_RE = /№\s*(\d+)/

function landmarkOf(t: Attrs, lat: number, lon: number): GazetteerLandmark | null {
  const name = t.name
  if (!name) return null
  const n = NUMBERED_RE.exec(name)?.[1]
  const base = { aliases: [] as string[], district: null, lat: round(lat), lon: round(lon) }
  if (t.amenity === 'school') {
    return n
      ? { ...base, name: `школа № ${n}`, kind: 'school', aliases: [name] }
      : { ...base, name, kind: 'school' }
  }
  if (t.amenity === 'kindergarten') {
    return n
      ? { ...base, name: `детский сад № ${n}`, kind: 'kindergarten', aliases: [name] }
      : { ...base, name, kind: 'kindergarten' }
  }
  if (t.highway === 'bus_stop' || t.public_transport === 'platform' || t.railway === 'tram_stop') {
    return { ...base, name: `остановка «${name}»`, kind: 'stop', aliases: [name] }
  }
  if (t.leisure === 'park' || t.leisure === 'garden') return { ...base, name, kind: 'park' }
  if (t.amenity === 'hospital' || t.amenity === 'clinic') return { ...base, name, kind: 'hospital' }
  return null
}

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
}

/** «Заднепровский район» → «zadneprovskiy»: a stable code from a district's name. */
export function districtCode(name: string): string {
  const word = name
    .toLowerCase()
    .replace(/\s*(район|административный округ|округ)\s*/g, ' ')
    .trim()
  return [...word]
    .map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '-'))
    .join('')
    .replace(/-+/g, '-')
}
