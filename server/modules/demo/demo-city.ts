/**
 * Demo city of Smolensk: typed loader and validator for `reference/demo/smolensk.json` and
 * `reference/topics.json`. The data are approximate demo data, not an official gazetteer.
 */
import fs from 'node:fs'
import { z } from 'zod'
import {
  DISTRICT_CODES,
  type DistrictCode,
  ROLE_CODES,
  type RoleCode,
  SECTOR_CODES,
  type SectorCode,
} from '../../../common/domain.js'

/** [lat, lon] */
export type LatLon = [number, number]
/** [lon, lat] — GeoJSON order, used only in polygons */
export type LonLat = [number, number]

export interface DemoDistrict {
  code: DistrictCode
  name: string
  /** Genitive of the adjective: «Заднепровского» (for «…района»). */
  nameGen: string
  population: number
  center: LatLon
  /** Closed ring of [lon, lat] pairs (first point == last point). */
  polygon: LonLat[]
}

export interface DemoStreet {
  /** Full gazetteer form: «улица Николаева», «проспект Гагарина», «Краснинское шоссе». */
  name: string
  /** Usual short form: «ул. Николаева», «пр-т Гагарина», «Краснинское ш.». */
  short: string
  district: DistrictCode
  /** 2–4 [lat, lon] points along the street, inside its district polygon. */
  points: LatLon[]
  maxHouse: number
}

export type LandmarkKind = 'landmark' | 'park' | 'stop' | 'school' | 'kindergarten'

export interface DemoLandmark {
  name: string
  /** Genitive form for «возле …»: «остановки «Площадь Победы»». */
  nameGen: string
  kind: LandmarkKind
  district: DistrictCode
  point: LatLon
}

export type UnitKind = 'administration' | 'territorial' | 'municipal_enterprise' | 'regional' | 'other'
export type UnitLevel = 'municipal' | 'regional' | 'federal'

export interface DemoUnit {
  code: string
  name: string
  shortName: string
  kind: UnitKind
  level: UnitLevel
  /** Sectors it answers for, primary first. */
  sectors: SectorCode[]
  /** Only for territorial units. */
  district?: DistrictCode
  email: string
  phone: string
  headName: string
  workingHours: string
  headPosition?: string
  address?: string
  /** Code of the parent unit (a department inside a committee, an МУП under its управление). */
  parent?: string
  contacts?: { name: string; position?: string; phone?: string; email?: string }[]
}

export interface DemoUser {
  login: string
  role: RoleCode
  fullName: string
  unit?: string
  sectors?: SectorCode[]
}

export interface DemoCity {
  note: string
  city: {
    name: string
    region: string
    timezone: string
    center: LatLon
    /** [[south, west], [north, east]] as [lat, lon] */
    bbox: [LatLon, LatLon]
  }
  districts: DemoDistrict[]
  streets: DemoStreet[]
  landmarks: DemoLandmark[]
  units: DemoUnit[]
  users: DemoUser[]
}

export interface Topic {
  code: string
  sector: SectorCode
  name: string
  /** ТОТКО code (4–5 groups) or null when the municipal subset has no fitting code. */
  totko: string | null
  /** A retired topic names its successor (kept for old appeals). */
  replacedBy?: string
}

export const TOTKO_REGEX = /^\d{4}(\.\d{4}){3,4}$/

// ---------------------------------------------------------------------------------------------
// zod schemas (messages in Russian)

const CITY_BOUNDS = { latMin: 54.7, latMax: 54.85, lonMin: 31.9, lonMax: 32.2 }

const latLon = z
  .tuple([z.number(), z.number()])
  .refine(
    ([lat, lon]) =>
      lat >= CITY_BOUNDS.latMin &&
      lat <= CITY_BOUNDS.latMax &&
      lon >= CITY_BOUNDS.lonMin &&
      lon <= CITY_BOUNDS.lonMax,
    { message: 'точка [широта, долгота] вне Смоленска (проверьте порядок: сначала широта)' },
  )
const lonLat = z
  .tuple([z.number(), z.number()])
  .refine(
    ([lon, lat]) =>
      lat >= CITY_BOUNDS.latMin &&
      lat <= CITY_BOUNDS.latMax &&
      lon >= CITY_BOUNDS.lonMin &&
      lon <= CITY_BOUNDS.lonMax,
    { message: 'вершина полигона [долгота, широта] вне Смоленска (проверьте порядок: сначала долгота)' },
  )

const sectorCode = z.enum(SECTOR_CODES)
const districtCode = z.enum(DISTRICT_CODES)
const text = z.string().trim().min(1, { message: 'пустая строка' })

const districtSchema = z.object({
  code: districtCode,
  name: text,
  nameGen: text,
  population: z.number().int().positive(),
  center: latLon,
  polygon: z
    .array(lonLat)
    .min(9, { message: 'в полигоне должно быть 8–20 вершин плюс замыкающая точка' })
    .max(21, { message: 'в полигоне должно быть 8–20 вершин плюс замыкающая точка' })
    .refine((ring) => ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1], {
      message: 'полигон не замкнут: первая точка должна совпадать с последней',
    }),
})

const streetSchema = z.object({
  name: text.regex(/(^(улица|проспект|переулок|площадь|проезд) )|( шоссе$)/, {
    message: 'название улицы должно быть в полной форме: «улица …», «проспект …», «… шоссе»',
  }),
  short: text,
  district: districtCode,
  points: z.array(latLon).min(2, { message: 'у улицы должно быть 2–4 точки' }).max(4, {
    message: 'у улицы должно быть 2–4 точки',
  }),
  maxHouse: z.number().int().min(1),
})

const landmarkSchema = z.object({
  name: text,
  nameGen: text,
  kind: z.enum(['landmark', 'park', 'stop', 'school', 'kindergarten']),
  district: districtCode,
  point: latLon,
})

const unitSchema = z
  .object({
    code: text.regex(/^[a-z][a-z0-9_]*$/, { message: 'код подразделения — латиница в нижнем регистре' }),
    name: text,
    shortName: text,
    kind: z.enum(['administration', 'territorial', 'municipal_enterprise', 'regional', 'other']),
    level: z.enum(['municipal', 'regional', 'federal']),
    sectors: z.array(sectorCode).min(1, { message: 'подразделение должно отвечать хотя бы за один блок' }),
    district: districtCode.optional(),
    email: text.regex(/^[^@\s]+@[^@\s]+\.example$/, {
      message: 'e-mail должен быть выдуманным, в домене .example',
    }),
    phone: text.regex(/^\+7 \(4812\) 00-00-\d{2}$/, { message: 'телефон в формате +7 (4812) 00-00-NN' }),
    headName: text,
    workingHours: text,
    headPosition: text.optional(),
    address: text.optional(),
    parent: text.optional(),
    contacts: z
      .array(
        z.object({ name: text, position: text.optional(), phone: text.optional(), email: text.optional() }),
      )
      .optional(),
  })
  .refine((u) => (u.kind === 'territorial') === (u.district !== undefined), {
    message: 'district указывается только и обязательно для территориальных управлений',
  })

const userSchema = z.object({
  login: text,
  role: z.enum(ROLE_CODES),
  fullName: text,
  unit: text.optional(),
  sectors: z.array(sectorCode).optional(),
})

const citySchema = z
  .object({
    note: text,
    city: z.object({
      name: text,
      region: text,
      timezone: text,
      center: latLon,
      bbox: z.tuple([latLon, latLon]),
    }),
    districts: z.array(districtSchema).length(DISTRICT_CODES.length, {
      message: `должно быть ровно ${DISTRICT_CODES.length} района`,
    }),
    streets: z.array(streetSchema).min(60, { message: 'нужно не меньше 60 улиц' }),
    landmarks: z.array(landmarkSchema).min(1),
    units: z.array(unitSchema).min(1),
    users: z.array(userSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const dup = <T>(items: T[], key: (t: T) => string, what: string, path: string) => {
      const seen = new Set<string>()
      items.forEach((it, i) => {
        const k = key(it)
        if (seen.has(k))
          ctx.addIssue({ code: 'custom', path: [path, i], message: `${what} «${k}» повторяется` })
        seen.add(k)
      })
    }
    dup(c.districts, (d) => d.code, 'район', 'districts')
    dup(c.streets, (s) => s.name, 'улица', 'streets')
    dup(c.units, (u) => u.code, 'подразделение', 'units')
    dup(c.users, (u) => u.login, 'логин', 'users')
    const unitCodes = new Set(c.units.map((u) => u.code))
    c.users.forEach((u, i) => {
      if (u.unit && !unitCodes.has(u.unit))
        ctx.addIssue({ code: 'custom', path: ['users', i, 'unit'], message: `нет подразделения «${u.unit}»` })
    })
    for (const d of DISTRICT_CODES) {
      if (!c.units.some((u) => u.kind === 'territorial' && u.district === d))
        ctx.addIssue({
          code: 'custom',
          path: ['units'],
          message: `нет территориального управления для района ${d}`,
        })
    }
    for (const s of SECTOR_CODES) {
      if (!c.units.some((u) => u.level === 'municipal' && u.sectors.includes(s)))
        ctx.addIssue({
          code: 'custom',
          path: ['units'],
          message: `за блок «${s}» не отвечает ни одно муниципальное подразделение`,
        })
    }
  })

const topicsSchema = z
  .array(
    z.object({
      code: text.regex(/^[a-z][a-z0-9_]*$/, { message: 'код темы — латиница в нижнем регистре' }),
      sector: sectorCode,
      name: text,
      totko: z
        .string()
        .regex(TOTKO_REGEX, { message: 'код ТОТКО должен иметь вид 0000.0000.0000.0000[.0000]' })
        .nullable(),
      replacedBy: z.string().optional(),
    }),
  )
  .superRefine((topics, ctx) => {
    const seen = new Set<string>()
    topics.forEach((t, i) => {
      if (seen.has(t.code))
        ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `код темы «${t.code}» повторяется` })
      seen.add(t.code)
    })
    for (const s of SECTOR_CODES) {
      const n = topics.filter((t) => t.sector === s && !t.replacedBy).length
      if (n < 5 || n > 20)
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `в блоке «${s}» должно быть 5–20 действующих тем, сейчас ${n}`,
        })
    }
  })

// ---------------------------------------------------------------------------------------------

const CITY_URL = new URL('../../../reference/demo/smolensk.json', import.meta.url)
const TOPICS_URL = new URL('../../../reference/topics.json', import.meta.url)

function readJson(url: URL, label: string): unknown {
  let raw: string
  try {
    raw = fs.readFileSync(url, 'utf8')
  } catch (e) {
    throw new Error(`Не удалось прочитать файл ${label}: ${(e as Error).message}`)
  }
  try {
    return JSON.parse(raw)
  } catch (e) {
    throw new Error(`Файл ${label} не является корректным JSON: ${(e as Error).message}`)
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, label: string): T {
  const res = schema.safeParse(data, { error: z.locales.ru().localeError })
  if (!res.success) {
    throw new Error(`Файл ${label} не прошёл проверку:\n${z.prettifyError(res.error)}`)
  }
  return res.data
}

/** Validates already-parsed demo-city data (exported for tests and tools). */
export function parseDemoCity(data: unknown, label = 'reference/demo/smolensk.json'): DemoCity {
  return parseOrThrow(citySchema, data, label) as DemoCity
}

export function parseTopics(data: unknown, label = 'reference/topics.json'): Topic[] {
  return parseOrThrow(topicsSchema, data, label)
}

let cityCache: DemoCity | undefined
let topicsCache: Topic[] | undefined

export function loadDemoCity(): DemoCity {
  cityCache ??= parseDemoCity(readJson(CITY_URL, 'reference/demo/smolensk.json'))
  return cityCache
}

/** The current topics (retired ones, kept for old appeals, are left out). */
export function loadTopics(): Topic[] {
  topicsCache ??= parseTopics(readJson(TOPICS_URL, 'reference/topics.json')).filter((t) => !t.replacedBy)
  return topicsCache
}

/** Ray-casting point-in-polygon test; `ring` is [lon, lat][]. */
export function pointInRing(lat: number, lon: number, ring: LonLat[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > lat !== yj > lat && lon < xi + ((lat - yi) * (xj - xi)) / (yj - yi)) inside = !inside
  }
  return inside
}

/** District whose polygon contains the point, or null. */
export function districtAt(city: DemoCity, lat: number, lon: number): DistrictCode | null {
  for (const d of city.districts) if (pointInRing(lat, lon, d.polygon)) return d.code
  return null
}
