/**
 * Writes the demo gazetteer of Smolensk (reference/gazetteer/smolensk-demo.json) from the demo city
 * (reference/demo/smolensk.json): its districts and polygons, its 69 streets with aliases and generated
 * house points along each street, its landmarks plus demo schools, kindergartens, stops and parks.
 * Every generated position is demo data, said so in the document's note.
 *
 *   npx tsx server/modules/understanding/address/build-demo.ts
 */

import fs from 'node:fs'
import path from 'node:path'
import { seededRandom } from '../../../../common/random'
import type { GazetteerDoc, GazetteerHouse, GazetteerLandmark, GazetteerStreet } from './gazetteer'
import { nameParts } from './names'

interface DemoCity {
  city: { name: string; region: string }
  districts: { code: string; name: string; polygon: [number, number][] }[]
  streets: { name: string; short: string; district: string; points: [number, number][]; maxHouse: number }[]
  landmarks: { name: string; kind: string; district: string; point: [number, number] }[]
}

const ROOT = path.resolve(import.meta.dirname, '../../../..')
export const DEMO_SOURCE = path.join(ROOT, 'reference/demo/smolensk.json')
export const DEMO_GAZETTEER = path.join(ROOT, 'reference/gazetteer/smolensk-demo.json')

/** Other spellings people write, beyond what the index derives itself (titles dropped, «Б.» for «Большая»). */
const ALIASES: Record<string, string[]> = {
  'улица Большая Советская': ['Большая Советская улица', 'Бол. Советская'],
  'улица Нормандия-Неман': ['Нормандии-Неман', 'Нормандия Неман'],
  'улица Воинов-интернационалистов': ['Воинов интернационалистов'],
  'улица Конёнкова': ['Коненкова'],
  'улица Валентины Гризодубовой': ['Гризодубовой', 'В. Гризодубовой'],
  'улица Петра Алексеева': ['П. Алексеева', 'Алексеева'],
  'улица Александра Степанова': ['А. Степанова', 'Степанова'],
  'улица Степана Разина': ['Ст. Разина', 'Разина'],
  'улица Ново-Московская': ['Новомосковская', 'Ново Московская'],
  'улица Ново-Ленинградская': ['Новоленинградская', 'Ново Ленинградская'],
  'улица Октябрьской революции': ['Октябрьской Революции', 'Окт. революции'],
  'улица Барклая де Толли': ['Барклая-де-Толли', 'Барклая'],
  'улица 12 лет Октября': ['Двенадцати лет Октября'],
  'улица 25 Сентября': ['Двадцать пятого Сентября'],
  'улица Большая Краснофлотская': ['Большая Краснофлотская улица'],
  'проспект Гагарина': ['Гагарина проспект'],
  'Краснинское шоссе': ['Краснинка'],
}

/** Demo landmarks added to the demo city's own: numbered schools and kindergartens, stops, parks. */
const SCHOOLS = [1, 2, 4, 5, 6, 8, 10, 12, 14, 16, 21, 25, 26, 27, 28, 30, 35, 37, 39]
const KINDERGARTENS = [3, 5, 8, 12, 20, 25, 30, 45, 52, 56, 70, 81]
const STOPS = [
  'Автовокзал',
  'Реадовка',
  'Королёвка',
  'Медгородок',
  'Кловка',
  'Поликлиника № 3',
  'Дачная',
  'Рыленкова',
]
const PARKS = ['сквер Памяти героев', 'парк Реадовка', 'Чуриловский пруд']

const round = (x: number) => Math.round(x * 1e5) / 1e5

/** The point at fraction `f` (0..1) of a polyline's length. */
function along(points: [number, number][], f: number): [number, number] {
  if (points.length === 1) return points[0]
  const lens = points.slice(1).map((p, i) => Math.hypot(p[0] - points[i][0], p[1] - points[i][1]))
  let left = f * lens.reduce((s, l) => s + l, 0)
  for (let i = 0; i < lens.length; i++) {
    if (left <= lens[i] || i === lens.length - 1) {
      const t = lens[i] ? Math.min(1, left / lens[i]) : 0
      const [a, b] = [points[i], points[i + 1]]
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
    }
    left -= lens[i]
  }
  return points[points.length - 1]
}

function houses(s: DemoCity['streets'][number]): GazetteerHouse[] {
  const out: GazetteerHouse[] = []
  const add = (number: string, n: number, side: number) => {
    const [lat, lon] = along(s.points, (n - 0.5) / s.maxHouse)
    // Odd numbers on one side, even on the other, some 20 m apart.
    out.push({
      number,
      lat: round(lat + side * 0.00012),
      lon: round(lon - side * 0.0002),
      district: s.district,
    })
  }
  for (let n = 1; n <= s.maxHouse; n++) {
    const side = n % 2 ? 1 : -1
    add(String(n), n, side)
    if (n % 7 === 3) add(`${n}а`, n, side)
    if (n % 11 === 5) add(`${n} к2`, n, side)
    if (n % 13 === 8) add(`${n}/2`, n, side)
    if (n % 17 === 9) add(`${n} стр1`, n, side)
  }
  return out
}

/** Builds the demo document from the demo city. */
export function buildDemoGazetteer(city: DemoCity): GazetteerDoc {
  const streets: GazetteerStreet[] = city.streets.map((s) => ({
    name: s.name,
    type: nameParts(s.name).type,
    core: nameParts(s.name).core,
    aliases: ALIASES[s.name] ?? [],
    district: s.district,
    points: s.points,
    houses: houses(s),
  }))
  const landmarks: GazetteerLandmark[] = city.landmarks.map((l) => {
    const quoted = /«([^»]+)»/.exec(l.name)?.[1]
    const aliases = quoted && quoted !== 'Спартак' ? [quoted] : []
    if (l.name === 'сад Блонье') aliases.push('Блонье')
    if (l.name.startsWith('школа №')) aliases.push(l.name.replace('школа', 'СОШ'))
    return { name: l.name, kind: l.kind, aliases, district: l.district, lat: l.point[0], lon: l.point[1] }
  })
  const r = seededRandom(20261127)
  const place = (): { lat: number; lon: number; district: string } => {
    const s = city.streets[Math.floor(r() * city.streets.length)]
    const [lat, lon] = along(s.points, r())
    return { lat: round(lat + 0.0004), lon: round(lon + 0.0004), district: s.district }
  }
  const taken = new Set(landmarks.map((l) => l.name))
  for (const n of SCHOOLS) {
    const name = `школа № ${n}`
    if (!taken.has(name)) landmarks.push({ name, kind: 'school', aliases: [`СОШ № ${n}`], ...place() })
  }
  for (const n of KINDERGARTENS) {
    const name = `детский сад № ${n}`
    if (!taken.has(name)) landmarks.push({ name, kind: 'kindergarten', aliases: [], ...place() })
  }
  for (const s of STOPS) landmarks.push({ name: `остановка «${s}»`, kind: 'stop', aliases: [], ...place() })
  for (const p of PARKS) landmarks.push({ name: p, kind: 'park', aliases: [], ...place() })
  return {
    version: 1,
    note:
      'ДЕМО-ДАННЫЕ, не официальные: улицы, районы и ориентиры демо-города (reference/demo/smolensk.json); ' +
      'номера домов и их точки сгенерированы равномерно вдоль улиц, положения школ, детских садов, остановок ' +
      'и части парков выдуманы. Для работы импортируйте OpenStreetMap или ГАР (veche gazetteer import-osm / import-gar).',
    city: {
      name: city.city.name,
      region: city.city.region,
      aliases: ['Смоленске', 'Смоленска'],
      localities: [],
    },
    districts: city.districts.map((d) => ({ code: d.code, name: d.name, polygon: d.polygon })),
    streets,
    landmarks,
  }
}

/** JSON with one house or landmark per line: readable in a diff, not a megabyte of indentation. */
export function serializeDoc(doc: GazetteerDoc): string {
  const { streets, landmarks, districts, ...head } = doc
  const lines: string[] = ['{']
  for (const [k, v] of Object.entries(head)) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
  lines.push(`  "districts": [\n${districts.map((d) => `    ${JSON.stringify(d)}`).join(',\n')}\n  ],`)
  const streetLines = streets.map((s) => {
    const { houses: hs, ...rest } = s
    const body = JSON.stringify(rest).slice(0, -1)
    const list = (hs ?? []).map((h) => `      ${JSON.stringify(h)}`).join(',\n')
    return `    ${body},"houses": [\n${list}\n    ]}`
  })
  lines.push(`  "streets": [\n${streetLines.join(',\n')}\n  ],`)
  lines.push(`  "landmarks": [\n${landmarks.map((l) => `    ${JSON.stringify(l)}`).join(',\n')}\n  ]`)
  lines.push('}')
  return `${lines.join('\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const city = JSON.parse(fs.readFileSync(DEMO_SOURCE, 'utf8')) as DemoCity
  const doc = buildDemoGazetteer(city)
  fs.mkdirSync(path.dirname(DEMO_GAZETTEER), { recursive: true })
  fs.writeFileSync(DEMO_GAZETTEER, serializeDoc(doc))
  const houseCount = doc.streets.reduce((s, x) => s + (x.houses?.length ?? 0), 0)
  console.log(
    `${DEMO_GAZETTEER}: ${doc.streets.length} улиц, ${houseCount} домов, ${doc.landmarks.length} ориентиров`,
  )
}
