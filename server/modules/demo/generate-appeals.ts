import fs from 'node:fs'
import type { ChannelCode, DistrictCode, RegimeCode, SectorCode, StatusCode } from '../../../common/domain'
import { seededRandom } from '../../../common/random'
import { type DemoCity, type DemoStreet, districtAt, loadDemoCity, loadTopics, type Topic } from './demo-city'
import {
  ANSWERS,
  CLOSINGS,
  DURATIONS,
  FIRST_NAMES,
  HANDLES,
  OPENINGS,
  PATRONYMICS_F,
  PATRONYMICS_M,
  SURNAMES,
  TOPIC_ANSWERS,
  TOPIC_TEXTS,
} from './texts'

export interface DemoAppeal {
  externalId: string
  regime: RegimeCode
  channel: ChannelCode
  receivedAt: Date
  registeredAt: Date
  text: string
  addressText: string | null
  lat: number | null
  lon: number | null
  districtCode: DistrictCode | null
  sectorCode: SectorCode
  topicCode: string
  unitCode: string
  status: StatusCode
  urgent: boolean
  applicant: { fullName: string | null; phone: string | null; email: string | null }
  answerText: string | null
  answeredAt: Date | null
  rating: number | null
  ratedAt: Date | null
  closedAt: Date | null
}

type Rand = () => number
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
function weighted<T>(r: Rand, items: readonly T[], weight: (t: T) => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0)
  let x = r() * total
  for (const t of items) {
    x -= weight(t)
    if (x <= 0) return t
  }
  return items[items.length - 1]
}

/** The expected sector mix of a city's traffic (reference/sectors.json); the text model uses it as its prior. */
const SECTOR_WEIGHT: Record<string, number> = Object.fromEntries(
  (
    JSON.parse(fs.readFileSync(new URL('../../../reference/sectors.json', import.meta.url), 'utf8')) as {
      code: string
      expectedShare: number
    }[]
  ).map((s) => [s.code, s.expectedShare]),
)

/** Seasonal factor of a topic in a month (0 = January): heating in winter, potholes in spring, grass in summer. */
function season(topic: string, month: number): number {
  const winter = month === 11 || month <= 1
  const cold = month >= 9 || month <= 3
  if (topic === 'housing_heating') return winter ? 5 : cold ? 2.5 : 0.1
  if (topic === 'roads_snow' || topic === 'impr_yard_snow')
    return winter || month === 2 ? 4 : month === 10 ? 1 : 0.02
  if (topic === 'roads_pothole') return month >= 2 && month <= 4 ? 3 : 1
  if (['impr_grass', 'impr_trees', 'impr_playground', 'impr_public_space'].includes(topic))
    return month >= 4 && month <= 8 ? 3 : 0.4
  if (topic === 'impr_leaves_cleaning') return month === 9 || month === 10 ? 4 : 0.1
  if (topic === 'waste_collection' || topic === 'waste_illegal_dump')
    return month >= 5 && month <= 7 ? 1.6 : 1
  if (topic === 'edu_summer_camp') return month >= 2 && month <= 5 ? 3 : 0.1
  if (topic === 'edu_school_enrollment') return month <= 3 || month === 7 ? 2 : 0.3
  if (topic === 'housing_hot_water') return month >= 4 && month <= 7 ? 2 : 1
  return 1
}

const CHANNELS: [ChannelCode, number][] = [
  ['pos', 35],
  ['vk', 15],
  ['ok', 7],
  ['telegram', 8],
  ['phone', 12],
  ['web', 10],
  ['email', 8],
  ['paper', 5],
]

function regimeFor(r: Rand, channel: ChannelCode): RegimeCode {
  if (channel === 'pos') return r() < 0.8 ? 'pos' : 'fz59'
  if (channel === 'vk' || channel === 'ok' || channel === 'telegram') return 'incident'
  if (channel === 'email') return 'message'
  if (channel === 'phone') return r() < 0.7 ? 'fz59' : 'message'
  return 'fz59'
}

/** Preferred executors by topic prefix; the first that serves the sector (and district) wins. */
const PREFERRED: [string, string[]][] = [
  ['housing_heating', ['teploset', 'kvadra', 'ugkh']],
  ['housing_hot_water', ['teploset', 'ugkh']],
  ['housing_water', ['vodokanal', 'ugkh']],
  ['housing_sewer', ['vodokanal', 'ugkh']],
  ['housing_gas', ['gazprom', 'ugkh']],
  ['housing_uk', ['gzhi', 'ugkh']],
  ['housing', ['ugkh', 'TU']],
  ['roads', ['smolavtodor', 'TU', 'dormoststroy']],
  ['transport_tram', ['muttp']],
  ['transport', ['avtokolonna', 'utdh', 'muttp']],
  ['waste', ['spetsavto', 'TU', 'ublag']],
  ['impr_trees', ['zelenstroy', 'TU']],
  ['impr_grass', ['zelenstroy', 'TU']],
  ['impr', ['TU', 'ublag', 'ugkh']],
  ['edu', ['uobr']],
  ['social', ['usoc', 'minsoc']],
  ['other', ['mcu', 'TU']],
]

function unitFor(r: Rand, city: DemoCity, topic: Topic, district: DistrictCode | null): string {
  const prefs = PREFERRED.find(([p]) => topic.code.startsWith(p))?.[1] ?? []
  const serves = (code: string) => city.units.find((u) => u.code === code && u.sectors.includes(topic.sector))
  const options = prefs
    .map((p) => (p === 'TU' ? (district ? `tu_${district}` : null) : p))
    .filter((c): c is string => c !== null && serves(c) !== undefined)
  if (options.length > 0) return r() < 0.7 ? options[0] : pick(r, options)
  return city.units.find((u) => u.sectors.includes(topic.sector))?.code ?? 'mcu'
}

/** Age-dependent status: fresh items wait, old ones are answered, rated and closed. */
function statusFor(r: Rand, ageDays: number): StatusCode {
  const table: [StatusCode, number][] =
    ageDays < 1
      ? [
          ['registered', 50],
          ['in_work', 40],
          ['answer_prepared', 10],
        ]
      : ageDays < 5
        ? [
            ['in_work', 45],
            ['answer_prepared', 10],
            ['answer_approved', 3],
            ['answered', 30],
            ['rated', 12],
          ]
        : ageDays < 40
          ? [
              ['in_work', 3],
              ['returned', 1],
              ['answered', 25],
              ['rated', 40],
              ['closed', 25],
              ['rejected', 1],
              ['redirected', 1],
            ]
          : [
              ['in_work', 0.3],
              ['returned', 0.2],
              ['answered', 6],
              ['rated', 30],
              ['closed', 60],
              ['rejected', 1],
              ['redirected', 1],
            ]
  return weighted(r, table, ([, w]) => w)[0]
}

const RESPONSE_HOURS: Record<RegimeCode, [number, number]> = {
  incident: [1, 30],
  pos: [24, 12 * 24],
  fz59: [5 * 24, 34 * 24],
  message: [3 * 24, 15 * 24],
}

const URGENT: Record<string, number> = {
  housing_gas: 0.9,
  impr_manhole: 0.6,
  housing_heating: 0.08,
  impr_trees: 0.05,
  housing_sewer: 0.1,
}

const DAY = 86_400_000

function pointOnStreet(r: Rand, street: DemoStreet): [number, number] {
  const i = Math.floor(r() * Math.max(1, street.points.length - 1))
  const a = street.points[i]
  const b = street.points[Math.min(i + 1, street.points.length - 1)]
  const t = r()
  return [a[0] + (b[0] - a[0]) * t + (r() - 0.5) * 0.0012, a[1] + (b[1] - a[1]) * t + (r() - 0.5) * 0.0018]
}

function personName(r: Rand): string {
  const female = r() < 0.55
  const surname = pick(r, SURNAMES) + (female ? 'а' : '')
  const first = female
    ? pick(
        r,
        FIRST_NAMES.filter((_, i) => i % 2 === 1),
      )
    : pick(
        r,
        FIRST_NAMES.filter((_, i) => i % 2 === 0),
      )
  return `${surname} ${first} ${pick(r, female ? PATRONYMICS_F : PATRONYMICS_M)}`
}

/** Openings and closings a thank-you can carry (no «уже не первый раз пишу», no «сколько можно ждать?»). */
const POLITE_OPENINGS = new Set([
  '',
  'Здравствуйте! ',
  'Добрый день. ',
  'Уважаемая администрация! ',
  'Добрый вечер! ',
])
const POLITE_CLOSINGS = new Set(['', ' Заранее спасибо.'])

/**
 * A citizen's message around a topic's text. `polite`: a thank-you, which keeps only the openings and closings
 * that fit it (the random stream is the same either way, so the rest of the demo city does not move).
 */
function composeText(r: Rand, body: string, polite = false): string {
  const pickedOpening = pick(r, OPENINGS)
  const opening = polite && !POLITE_OPENINGS.has(pickedOpening) ? '' : pickedOpening
  const lowerStart = opening.endsWith(', ') || opening.endsWith(': ')
  let core = lowerStart ? body : body.charAt(0).toUpperCase() + body.slice(1)
  if (!/[.!?]$/.test(core)) core += r() < 0.2 ? '!' : '.'
  const closing = pick(r, CLOSINGS)
  let text = `${opening}${core}${polite && !POLITE_CLOSINGS.has(closing) ? '' : closing}`
  // Citizens type fast: now and then a lower-case start or a doubled space.
  if (r() < 0.08) text = text.charAt(0).toLowerCase() + text.slice(1)
  if (r() < 0.05) text = text.replace(' ', '  ')
  return text
}

/** A year of plausible demo appeals before `now`, deterministic for a seed. */
export function generateDemoAppeals(opts: { seed: number; count: number; now: Date }): DemoAppeal[] {
  const r = seededRandom(opts.seed)
  const city = loadDemoCity()
  const topics = loadTopics()
  const perSector = new Map<string, number>()
  for (const t of topics) perSector.set(t.sector, (perSector.get(t.sector) ?? 0) + 1)
  const out: DemoAppeal[] = []
  for (let i = 0; i < opts.count; i++) {
    // A moment in the last 365 days, fewer at weekends and at night (Moscow time).
    let registeredAt: Date
    for (;;) {
      const day = Math.floor(r() * 365)
      const hour = 7 + Math.floor(r() * 16)
      const base = new Date(opts.now.getTime() - day * DAY)
      const d = new Date(
        Date.UTC(
          base.getUTCFullYear(),
          base.getUTCMonth(),
          base.getUTCDate(),
          hour - 3,
          Math.floor(r() * 60),
        ),
      )
      const dow = new Date(d.getTime() + 3 * 3_600_000).getUTCDay()
      if (d.getTime() > opts.now.getTime()) continue
      if ((dow === 0 || dow === 6) && r() < 0.4) continue
      registeredAt = d
      break
    }
    const month = new Date(registeredAt.getTime() + 3 * 3_600_000).getUTCMonth()
    const topic = weighted(
      r,
      topics,
      (t) => (SECTOR_WEIGHT[t.sector] / (perSector.get(t.sector) ?? 1)) * season(t.code, month),
    )
    const channel = weighted(r, CHANNELS, ([, w]) => w)[0]
    const regime = regimeFor(r, channel)

    const district = weighted(r, city.districts, (d) => d.population)
    const street = pick(
      r,
      city.streets.filter((s) => s.district === district.code),
    )
    const landmarks = city.landmarks.filter((l) => l.district === district.code)
    const house = `${1 + Math.floor(r() * street.maxHouse)}${r() < 0.12 ? pick(r, ['а', 'б', 'в']) : ''}${r() < 0.05 ? `/${1 + Math.floor(r() * 4)}` : ''}`
    const addr = `${street.short}, д. ${house}`
    const near = landmarks.length
      ? `возле ${pick(r, landmarks).nameGen}`
      : `возле дома ${house} по ${street.short}`
    const body = pick(r, TOPIC_TEXTS[topic.code] ?? ['прошу разобраться с проблемой по адресу {addr}'])
    const usesPlace = body.includes('{addr}') || body.includes('{near}')
    const text = composeText(
      r,
      body.replaceAll('{addr}', addr).replaceAll('{near}', near).replaceAll('{days}', pick(r, DURATIONS)),
      topic.code === 'other_gratitude',
    )
    const located = usesPlace || r() < 0.3
    let point: [number, number] = pointOnStreet(r, street)
    if (districtAt(city, point[0], point[1]) !== district.code) point = street.points[0]

    const receivedAt =
      channel === 'paper'
        ? new Date(registeredAt.getTime() - Math.floor(r() * 2.5 * DAY))
        : new Date(registeredAt.getTime() - Math.floor(r() * 20) * 60_000)
    const ageDays = (opts.now.getTime() - registeredAt.getTime()) / DAY
    let status = statusFor(r, ageDays)
    const [minH, maxH] = RESPONSE_HOURS[regime]
    const answeredAtCandidate = new Date(registeredAt.getTime() + (minH + r() * (maxH - minH)) * 3_600_000)
    const answeredStatuses: StatusCode[] = ['answered', 'rated', 'closed', 'returned']
    if (answeredStatuses.includes(status) && answeredAtCandidate > opts.now) status = 'in_work'
    const answered = answeredStatuses.includes(status)
    const answeredAt = answered ? answeredAtCandidate : null
    let rating: number | null = null
    let ratedAt: Date | null = null
    if (answeredAt && (status === 'rated' || status === 'returned' || (status === 'closed' && r() < 0.75))) {
      rating =
        status === 'returned'
          ? 1 + Math.floor(r() * 2)
          : weighted(r, [5, 4, 3, 2, 1], (s) => [40, 25, 15, 10, 10][5 - s])
      ratedAt = new Date(Math.min(opts.now.getTime(), answeredAt.getTime() + (0.2 + r() * 4) * DAY))
      // A low rating reopens the appeal; older ones have since been reworked and closed.
      if (status === 'rated' && rating <= 2) status = ageDays > 20 ? 'closed' : 'returned'
    }
    const closedAt =
      status === 'closed' && answeredAt
        ? new Date(Math.min(opts.now.getTime(), (ratedAt ?? answeredAt).getTime() + (1 + r() * 10) * DAY))
        : null
    // When the work was done, as the answer says: up to two days before the answer, never before registration.
    const completion = answeredAt
      ? new Date(Math.max(registeredAt.getTime(), answeredAt.getTime() - r() * 2 * DAY))
      : null
    const social = regime === 'incident'
    const name = social
      ? `@${pick(r, HANDLES)}${Math.floor(r() * 90) + 10}`
      : r() < 0.97
        ? personName(r)
        : null
    out.push({
      externalId: `demo-${opts.seed}-${i}`,
      regime,
      channel,
      receivedAt,
      registeredAt,
      text,
      addressText: located ? addr : null,
      lat: located ? point[0] : null,
      lon: located ? point[1] : null,
      districtCode: located ? district.code : null,
      sectorCode: topic.sector,
      topicCode: topic.code,
      unitCode: unitFor(r, city, topic, located ? district.code : null),
      status,
      urgent: r() < (URGENT[topic.code] ?? 0.004),
      applicant: {
        fullName: name,
        phone:
          social || channel === 'email'
            ? null
            : `+7910${String(Math.floor(r() * 10_000_000)).padStart(7, '0')}`,
        email: channel === 'email' || (channel === 'pos' && r() < 0.5) ? `citizen${i}@example.ru` : null,
      },
      answerText:
        answeredAt || status === 'answer_prepared' || status === 'answer_approved'
          ? pick(r, TOPIC_ANSWERS[topic.code] ?? ANSWERS[topic.sector] ?? ANSWERS.other).replaceAll(
              '{date}',
              (completion ?? opts.now).toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' }),
            )
          : null,
      answeredAt,
      rating,
      ratedAt,
      closedAt,
    })
  }
  return out
}
