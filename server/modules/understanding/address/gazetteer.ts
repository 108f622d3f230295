/**
 * The city gazetteer: a JSON document (streets with aliases, houses and points, landmarks, districts)
 * and the in-memory index built from it once, with the lookups the address reader needs: street names by
 * their first stem, fuzzy names by trigrams, houses per street, numbered and named landmarks, the
 * district of a point and the nearest house or street to a map pin.
 */
import { distanceMeters, pointInRing } from '../../geo/geo.service'
import { houseParts } from './house'
import { ABBREVIATED_FIRST, DROPPABLE_FIRST, isTypeWord, nameParts } from './names'
import { tokens } from './tokens'

export interface GazetteerDistrict {
  code: string
  name: string
  /** Boundary ring as [lon, lat] pairs (GeoJSON order), when known. */
  polygon?: [number, number][]
}

export interface GazetteerHouse {
  /** Normalised: «12», «12а», «12/3», «12 к2», «12 стр1», «12 литА». */
  number: string
  lat?: number | null
  lon?: number | null
  district?: string | null
}

export interface GazetteerStreet {
  /** Full name as in the gazetteer: «улица Николаева», «проспект Гагарина», «Краснинское шоссе». */
  name: string
  /** The street type word: «улица», «проспект», «шоссе»… */
  type: string | null
  /** Core words without the type: [«Николаева»]. Derived from the name when missing. */
  core?: string[]
  /** Other spellings and old names (with or without a type word). */
  aliases?: string[]
  /** District code when the whole street lies in one district. */
  district?: string | null
  /** Points [lat, lon] along the street. */
  points?: [number, number][]
  houses?: GazetteerHouse[]
}

export interface GazetteerLandmark {
  name: string
  /** school, kindergarten, stop, park, landmark, hospital… */
  kind: string
  aliases?: string[]
  district?: string | null
  lat: number
  lon: number
}

export interface GazetteerDoc {
  version: 1
  /** What the data is (demo, an import and its date). */
  note?: string
  city: {
    name: string
    region?: string
    /** Other names of the city itself («Санкт-Петербург»: «СПб», «Петербург»). */
    aliases?: string[]
    /** Settlements that belong to the city (suburbs inside its territory). */
    localities?: string[]
  }
  districts: GazetteerDistrict[]
  streets: GazetteerStreet[]
  landmarks: GazetteerLandmark[]
}

export interface StreetEntry {
  name: string
  type: string | null
  /** The district of the whole street, or null when it crosses districts or is unknown. */
  district: string | null
  /** Whether the street is known to cross districts (rather than unknown). */
  crossesDistricts: boolean
  points: [number, number][]
  houses: Map<string, GazetteerHouse>
  /** House without its litera → full house strings, for «12» meaning «12 литА». */
  housesByBase: Map<string, string[]>
  /** «12/3» means корпус 3 on this street (its houses have корпуса and no fractions). */
  slashIsKorpus: boolean
}

export interface NameVariant {
  stems: string[]
  /** The streets this spelling names (more than one: ambiguous without a type or a house). */
  streets: number[]
  /** An automatic shortening («Жукова» for «Маршала Жукова»): weaker evidence. */
  auto: boolean
  /** The core words joined, for fuzzy comparison. */
  joined: string
}

export interface LandmarkEntry extends GazetteerLandmark {
  number: string | null
}

export interface ReverseResult {
  street: string | null
  house: string | null
  district: string | null
  lat: number
  lon: number
  /** Distance in metres from the pin to the house or street found. */
  distance: number | null
}

/** A house the gazetteer does not hold, placed by its known neighbours on the street. */
export interface HouseEstimate {
  district: string | null
  lat: number | null
  lon: number | null
  /** The known houses it was placed between (one when only one side is known). */
  between: string[]
}

/** Known neighbours further than this many numbers away say nothing about a house. */
const NEIGHBOUR_GAP = 20

interface NumberedHouse {
  n: number
  house: GazetteerHouse
  district: string | null
}

const CELL_LAT = 0.002
const CELL_LON = 0.003
const REVERSE_RADIUS = 150

const NUMBERED_KIND_RE = /^(школа|гимназия|лицей|детский сад|ясли-сад|поликлиника|больница)\s*№\s*(\d+)/i
const KIND_OF_WORD: Record<string, string> = {
  школа: 'school',
  гимназия: 'school',
  лицей: 'school',
  'детский сад': 'kindergarten',
  'ясли-сад': 'kindergarten',
  поликлиника: 'clinic',
  больница: 'hospital',
}

type GridItem =
  | { kind: 'house'; street: number; house: string }
  | { kind: 'segment'; street: number; seg: number }

export class Gazetteer {
  readonly doc: GazetteerDoc
  readonly streets: StreetEntry[] = []
  readonly landmarks: LandmarkEntry[] = []
  /** First stem → name variants starting with it, longest first. */
  readonly byFirstStem = new Map<string, NameVariant[]>()
  readonly variants: NameVariant[] = []
  /** Stem trigram → variant indices, for typos. */
  private readonly trigrams = new Map<string, number[]>()
  readonly landmarksByNumber = new Map<string, number>()
  /** First stem → landmark name variants. */
  readonly landmarkNames = new Map<string, { stems: string[]; landmark: number }[]>()
  /** Joined stems of the city's own names and its localities. */
  readonly cityNames = new Set<string>()
  private readonly byName = new Map<string, number>()
  private readonly districtNames = new Map<string, string>()
  private readonly grid = new Map<number, GridItem[]>()

  private constructor(doc: GazetteerDoc) {
    this.doc = doc
    for (const d of doc.districts) this.districtNames.set(d.code, d.name)
    for (const name of [doc.city.name, ...(doc.city.aliases ?? []), ...(doc.city.localities ?? [])]) {
      this.cityNames.add(stemsOf(name).join(' '))
    }
    const variantKeys = new Map<string, NameVariant>()
    const addVariant = (stems: string[], street: number, auto: boolean, joined: string) => {
      if (!stems.length || stems.join('').length < 2) return
      const key = stems.join(' ')
      const hit = variantKeys.get(key)
      if (hit) {
        if (!hit.streets.includes(street)) hit.streets.push(street)
        if (!auto) hit.auto = false
        return
      }
      const v: NameVariant = { stems, streets: [street], auto, joined }
      variantKeys.set(key, v)
      this.variants.push(v)
    }
    doc.streets.forEach((s, idx) => {
      this.streets.push(this.streetEntry(s))
      this.byName.set(s.name.toLowerCase(), idx)
      const parts = nameParts(s.name, s.type)
      const names = [{ stems: parts.stems, joined: parts.stems.join(' ') }]
      // «Большой проспект П.С.» is also written «пр. Большой П.С.»: the inner type word may move out.
      const inner = parts.core.findIndex((w) => isTypeWord(w))
      if (inner > 0) {
        const stems = parts.stems.filter((_, i) => i !== inner)
        names.push({ stems, joined: stems.join(' ') })
      }
      for (const a of s.aliases ?? []) {
        const p = nameParts(a, s.type)
        names.push({ stems: p.stems, joined: p.stems.join(' ') })
      }
      for (const n of names) {
        addVariant(n.stems, idx, false, n.joined)
        for (const auto of autoVariants(n.stems)) addVariant(auto, idx, true, auto.join(' '))
      }
    })
    for (const v of this.variants) {
      const list = this.byFirstStem.get(v.stems[0])
      if (list) list.push(v)
      else this.byFirstStem.set(v.stems[0], [v])
    }
    for (const list of this.byFirstStem.values()) list.sort((a, b) => b.stems.length - a.stems.length)
    this.variants.forEach((v, i) => {
      for (const g of trigramsOf(v.joined)) {
        const list = this.trigrams.get(g)
        if (list) list.push(i)
        else this.trigrams.set(g, [i])
      }
    })
    doc.landmarks.forEach((l, idx) => {
      const m = NUMBERED_KIND_RE.exec(l.name)
      const number = m ? m[2] : null
      this.landmarks.push({ ...l, number })
      if (m) this.landmarksByNumber.set(`${KIND_OF_WORD[m[1].toLowerCase()] ?? l.kind}:${number}`, idx)
      for (const name of [l.name, ...(l.aliases ?? [])]) {
        const stems = stemsOf(name)
        if (!stems.length || (m && name === l.name)) continue
        const list = this.landmarkNames.get(stems[0])
        if (list) list.push({ stems, landmark: idx })
        else this.landmarkNames.set(stems[0], [{ stems, landmark: idx }])
      }
    })
    for (const list of this.landmarkNames.values()) list.sort((a, b) => b.stems.length - a.stems.length)
    this.buildGrid()
  }

  /** Builds the index from a document (once; lookups are then in memory). */
  static fromDoc(doc: GazetteerDoc): Gazetteer {
    return new Gazetteer(doc)
  }

  private streetEntry(s: GazetteerStreet): StreetEntry {
    const houses = new Map<string, GazetteerHouse>()
    const housesByBase = new Map<string, string[]>()
    let korpusCount = 0
    let fractionCount = 0
    for (const h of s.houses ?? []) {
      houses.set(h.number, h)
      const p = houseParts(h.number)
      if (!p) continue
      if (p.korpus) korpusCount++
      if (p.fraction) fractionCount++
      if (p.litera) {
        const base = h.number.replace(/ лит[А-ЯA-Z]$/, '')
        const list = housesByBase.get(base)
        if (list) list.push(h.number)
        else housesByBase.set(base, [h.number])
      }
    }
    const points = s.points ?? []
    let district = s.district ?? null
    let crosses = false
    if (!district) {
      const seen = new Set<string>()
      for (const h of houses.values()) {
        const d = h.district ?? (h.lat != null && h.lon != null ? this.districtAt(h.lat, h.lon) : null)
        if (d) seen.add(d)
      }
      for (const [lat, lon] of points) seen.add(this.districtAt(lat, lon) ?? '')
      seen.delete('')
      if (seen.size === 1) district = [...seen][0]
      crosses = seen.size > 1
    }
    return {
      name: s.name,
      type: s.type,
      district,
      crossesDistricts: crosses,
      points,
      houses,
      housesByBase,
      slashIsKorpus: korpusCount > 0 && fractionCount === 0,
    }
  }

  private buildGrid() {
    const put = (lat: number, lon: number, item: GridItem) => {
      const key = cellKey(Math.floor(lat / CELL_LAT), Math.floor(lon / CELL_LON))
      const list = this.grid.get(key)
      if (list) list.push(item)
      else this.grid.set(key, [item])
    }
    this.streets.forEach((s, street) => {
      for (const h of s.houses.values()) {
        if (h.lat != null && h.lon != null) put(h.lat, h.lon, { kind: 'house', street, house: h.number })
      }
      for (let seg = 0; seg < s.points.length; seg++) {
        const a = s.points[seg]
        const b = s.points[seg + 1] ?? a
        const [la0, la1] = [
          Math.floor(Math.min(a[0], b[0]) / CELL_LAT),
          Math.floor(Math.max(a[0], b[0]) / CELL_LAT),
        ]
        const [lo0, lo1] = [
          Math.floor(Math.min(a[1], b[1]) / CELL_LON),
          Math.floor(Math.max(a[1], b[1]) / CELL_LON),
        ]
        if ((la1 - la0 + 1) * (lo1 - lo0 + 1) > 400) continue // a broken segment across the map
        for (let i = la0; i <= la1; i++)
          for (let j = lo0; j <= lo1; j++) {
            const key = cellKey(i, j)
            const item: GridItem = { kind: 'segment', street, seg }
            const list = this.grid.get(key)
            if (list) list.push(item)
            else this.grid.set(key, [item])
          }
      }
    })
  }

  /** The street by its full gazetteer name (case-insensitive). */
  street(name: string): StreetEntry | null {
    const i = this.byName.get(name.toLowerCase())
    return i === undefined ? null : this.streets[i]
  }

  districtName(code: string): string | null {
    return this.districtNames.get(code) ?? null
  }

  /** The district whose polygon contains the point, or null. */
  districtAt(lat: number, lon: number): string | null {
    for (const d of this.doc.districts) {
      if (d.polygon && d.polygon.length > 2 && pointInRing(lon, lat, d.polygon)) return d.code
    }
    return null
  }

  /**
   * Finds a house on a street: the exact form first, then the street's own reading of a variant
   * («12/3» as корпус 3 where the street numbers корпуса, «12а» as «12 литА», «12» as its only litera).
   */
  findHouse(street: number, house: string): GazetteerHouse | null {
    const s = this.streets[street]
    const exact = s.houses.get(house)
    if (exact) return exact
    const p = houseParts(house)
    if (!p) return null
    const tries: string[] = []
    if (p.fraction && !p.korpus && /^\d+$/.test(p.fraction))
      tries.push(house.replace(`/${p.fraction}`, '').replace(/^(\d+[а-я]?)/, `$1 к${p.fraction}`))
    if (p.letter && !p.litera)
      tries.push(`${house.replace(/^(\d+)[а-я]/, '$1')} лит${p.letter.toUpperCase()}`)
    for (const t of tries) {
      const hit = s.houses.get(t)
      if (hit) return hit
    }
    if (!p.litera) {
      for (const base of [house, ...tries]) {
        const list = s.housesByBase.get(base)
        if (list?.length === 1) return s.houses.get(list[0]) ?? null
      }
    }
    return null
  }

  /** Per street: its known houses by number (litera and корпус variants merged), built on first use. */
  private readonly numbered = new Map<number, NumberedHouse[]>()

  private numberedHouses(street: number): NumberedHouse[] {
    const cached = this.numbered.get(street)
    if (cached) return cached
    const byNumber = new Map<number, NumberedHouse>()
    for (const h of this.streets[street].houses.values()) {
      const p = houseParts(h.number)
      if (!p) continue
      const n = Number(p.number)
      const district = h.district ?? (h.lat != null && h.lon != null ? this.districtAt(h.lat, h.lon) : null)
      const prev = byNumber.get(n)
      // The plain number beats its letters and корпуса; a house with a point beats one without.
      if (!prev || (prev.house.lat == null && h.lat != null) || h.number === String(n))
        byNumber.set(n, { n, house: h, district: district ?? prev?.district ?? null })
    }
    const list = [...byNumber.values()].sort((a, b) => a.n - b.n)
    this.numbered.set(street, list)
    return list
  }

  /**
   * Places a house the gazetteer does not hold between its known neighbours on the same side of the street
   * (the same parity, as Russian streets number their sides), the way geocoders interpolate: the district
   * when the neighbours on both sides agree (or the only known side is close), and a point on the line
   * between them. Null when no neighbour is within NEIGHBOUR_GAP numbers.
   */
  estimateHouse(street: number, house: string): HouseEstimate | null {
    const p = houseParts(house)
    if (!p) return null
    const n = Number(p.number)
    const side = this.numberedHouses(street).filter(
      (h) => h.n % 2 === n % 2 && Math.abs(h.n - n) <= NEIGHBOUR_GAP,
    )
    if (!side.length) return null
    let below: NumberedHouse | null = null
    let above: NumberedHouse | null = null
    for (const h of side) {
      if (h.n <= n) below = h
      if (h.n >= n && !above) above = h
    }
    const pair = [below, above].filter((h): h is NumberedHouse => h !== null)
    const nearest = pair.reduce((a, b) => (Math.abs(b.n - n) < Math.abs(a.n - n) ? b : a))
    const districts = new Set(pair.map((h) => h.district))
    const district =
      districts.size === 1 && (pair.length === 2 || Math.abs(nearest.n - n) <= NEIGHBOUR_GAP / 2)
        ? nearest.district
        : null
    let lat = nearest.house.lat ?? null
    let lon = nearest.house.lon ?? null
    if (below && above && below !== above) {
      const [a, b] = [below.house, above.house]
      if (a.lat != null && a.lon != null && b.lat != null && b.lon != null) {
        const t = (n - below.n) / (above.n - below.n)
        lat = Math.round((a.lat + (b.lat - a.lat) * t) * 1e6) / 1e6
        lon = Math.round((a.lon + (b.lon - a.lon) * t) * 1e6) / 1e6
      }
    }
    return { district, lat, lon, between: [...new Set(pair.map((h) => h.house.number))] }
  }

  /** The canonical form of a house on a street (the gazetteer's spelling when it knows the house). */
  canonicalHouse(street: number, house: string): string {
    const hit = this.findHouse(street, house)
    if (hit) return hit.number
    const s = this.streets[street]
    const p = houseParts(house)
    if (s.slashIsKorpus && p?.fraction && !p.korpus && /^\d+$/.test(p.fraction)) {
      return house.replace(`/${p.fraction}`, '').replace(/^(\d+[а-я]?)/, `$1 к${p.fraction}`)
    }
    return house
  }

  /** Name variants within a small edit distance of `joined` (stems joined by spaces). */
  fuzzy(joined: string, maxDistance: number): NameVariant[] {
    const counts = new Map<number, number>()
    const grams = trigramsOf(joined)
    for (const g of grams) for (const v of this.trigrams.get(g) ?? []) counts.set(v, (counts.get(v) ?? 0) + 1)
    const out: { v: NameVariant; d: number }[] = []
    for (const [vi, n] of counts) {
      if (n < grams.length / 3) continue
      const v = this.variants[vi]
      if (Math.abs(v.joined.length - joined.length) > maxDistance) continue
      const d = levenshtein(v.joined, joined, maxDistance)
      if (d <= maxDistance) out.push({ v, d })
    }
    out.sort((a, b) => a.d - b.d)
    return out.filter((o) => o.d === out[0].d).map((o) => o.v)
  }

  /** A point on the street: its middle point. */
  streetPoint(street: number): [number, number] | null {
    const pts = this.streets[street].points
    if (pts.length) return pts[Math.floor((pts.length - 1) / 2)]
    for (const h of this.streets[street].houses.values())
      if (h.lat != null && h.lon != null) return [h.lat, h.lon]
    return null
  }

  /** The point nearest to where two streets cross (closest pair of their points), or null. */
  crossing(a: number, b: number): [number, number] | null {
    let best: [number, number] | null = null
    let bestD = Number.POSITIVE_INFINITY
    for (const p of this.streets[a].points)
      for (const q of this.streets[b].points) {
        const d = distanceMeters(p[0], p[1], q[0], q[1])
        if (d < bestD) {
          bestD = d
          best = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]
        }
      }
    return best
  }

  /** The nearest house (or street) within 150 m of a map pin, with the district of the pin. */
  reverse(lat: number, lon: number): ReverseResult {
    const ci = Math.floor(lat / CELL_LAT)
    const cj = Math.floor(lon / CELL_LON)
    let house: { street: number; house: string; d: number } | null = null
    let street: { street: number; d: number } | null = null
    const seenSeg = new Set<number>()
    for (let i = ci - 1; i <= ci + 1; i++)
      for (let j = cj - 1; j <= cj + 1; j++) {
        for (const item of this.grid.get(cellKey(i, j)) ?? []) {
          if (item.kind === 'house') {
            const h = this.streets[item.street].houses.get(item.house)
            if (h?.lat == null || h.lon == null) continue
            const d = distanceMeters(lat, lon, h.lat, h.lon)
            if (d <= REVERSE_RADIUS && (!house || d < house.d))
              house = { street: item.street, house: item.house, d }
          } else {
            const key = item.street * 100_000 + item.seg
            if (seenSeg.has(key)) continue
            seenSeg.add(key)
            const pts = this.streets[item.street].points
            const d = segmentDistance(lat, lon, pts[item.seg], pts[item.seg + 1] ?? pts[item.seg])
            if (d <= REVERSE_RADIUS && (!street || d < street.d)) street = { street: item.street, d }
          }
        }
      }
    const at = this.districtAt(lat, lon)
    if (house) {
      const s = this.streets[house.street]
      const h = s.houses.get(house.house)
      return {
        street: s.name,
        house: house.house,
        district: h?.district ?? at ?? s.district,
        lat,
        lon,
        distance: Math.round(house.d),
      }
    }
    if (street) {
      const s = this.streets[street.street]
      return {
        street: s.name,
        house: null,
        district: at ?? s.district,
        lat,
        lon,
        distance: Math.round(street.d),
      }
    }
    return { street: null, house: null, district: at, lat, lon, distance: null }
  }

  /** Counts for status lines and reports. */
  stats() {
    let houses = 0
    for (const s of this.streets) houses += s.houses.size
    return {
      streets: this.streets.length,
      houses,
      landmarks: this.landmarks.length,
      districts: this.doc.districts.length,
    }
  }
}

/** Stems of a name's words (quotes and № dropped). */
export function stemsOf(name: string): string[] {
  return tokens(name).map((t) => t.stem)
}

/** Shortenings people use: the surname without the title, the first adjective abbreviated. */
function autoVariants(stems: string[]): string[][] {
  const out: string[][] = []
  if (stems.length >= 2 && DROPPABLE_FIRST.has(stems[0])) out.push(stems.slice(1))
  if (stems.length >= 2)
    for (const abbr of ABBREVIATED_FIRST[stems[0]] ?? []) out.push([abbr, ...stems.slice(1)])
  // «5-я линия В.О.»: the trailing initials are often left out.
  let end = stems.length
  while (end > 1 && stems[end - 1].length === 1) end--
  if (end < stems.length && end > 0) out.push(stems.slice(0, end))
  return out
}

function trigramsOf(s: string): string[] {
  const p = ` ${s} `
  const out = new Set<string>()
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3))
  return [...out]
}

/** Levenshtein distance, stopping early past `max`. */
export function levenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      cur.push(v)
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return rowMin
    prev = cur
  }
  return prev[b.length]
}

const cellKey = (i: number, j: number) => i * 1_000_000 + j

function segmentDistance(lat: number, lon: number, a: [number, number], b: [number, number]): number {
  const k = Math.cos((lat * Math.PI) / 180)
  const ax = (a[1] - lon) * k
  const ay = a[0] - lat
  const bx = (b[1] - lon) * k
  const by = b[0] - lat
  const dx = bx - ax
  const dy = by - ay
  const len = dx * dx + dy * dy
  const t = len ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len)) : 0
  const px = ax + t * dx
  const py = ay + t * dy
  return Math.sqrt(px * px + py * py) * 111_195
}
