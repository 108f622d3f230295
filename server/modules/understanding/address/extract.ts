/**
 * Finds the address in a free text («на улице Николаева у дома 12», «Гагарина, 5», «у остановки «Площадь
 * Победы»», «пересечение Ленина и Кирова») or in an address line typed into a form («г. Смоленск,
 * ул. Николаева, д. 12, кв. 5»). One pass over the tokens with index lookups by stem — no regular
 * expression per street — and every answer carries a confidence and a one-sentence Russian reason.
 *
 * Designed for precision: a bare word becomes a street only with evidence (a type marker, a house number,
 * a capital letter after a preposition), because «во всём мире» must not become «улица Мира».
 */
import { cleanText } from '../text'
import type { Gazetteer, GazetteerHouse, LandmarkEntry, NameVariant } from './gazetteer'
import { type House, isHouseWord, parseHouse } from './house'
import { adjectiveGenders, dropOrdinals, type Marker, markerAt, TYPE_GENDER } from './names'
import { otherSettlement } from './settlements'
import { latinToCyrillic, scriptCounts, type Token, tokens } from './tokens'

export interface AddressMatch {
  /** The gazetteer's full street name, or null. */
  street: string | null
  /** Normalised house: «12», «12а», «12/3», «12 к2», «12 стр1», «12 литА». */
  house: string | null
  /** The gazetteer's landmark name («школа № 7»), or null. */
  landmark: string | null
  /** The second street of a crossing («пересечение Ленина и Кирова» → «улица Кирова»). */
  intersection: string | null
  /** District code, or null. */
  district: string | null
  lat: number | null
  lon: number | null
  /** 0..1 */
  confidence: number
  /** One Russian sentence: how the address was found, or why not. */
  reason: string
}

const PREPOSITIONS = new Set(
  'на по с со в во у около возле напротив вдоль до от из за к ко между рядом угол углу пересечение адрес район районе'.split(
    ' ',
  ),
)
const CROSSING_STEMS = new Set(['пересечен', 'перекресток', 'перекрестк', 'угл', 'угол'])
const SETTLEMENT_WORDS = new Set([
  'г',
  'гор',
  'город',
  'города',
  'городе',
  'пос',
  'поселок',
  'поселке',
  'пгт',
  'дер',
  'деревня',
  'деревне',
  'село',
  'селе',
  'д',
  'п',
])
const HOUSE_FILLER = new Set([
  'около',
  'у',
  'возле',
  'напротив',
  'рядом',
  'с',
  'во',
  'в',
  'двор',
  'дворе',
  'за',
])
// Single words that are also ordinary words: without a type marker they need a capital and a house.
const COMMON_STEMS = new Set(
  (
    'мир побед садов лесн нов центральн школьн советск молодежн строител рабоч зелен солнечн речн полев парков ' +
    'лугов заводск колхозн красн октябрьск первомайск комсомольск пионерск трудов мост вокзальн почтов торгов ' +
    'спортивн дачн озерн кооперативн друж свобод весн мал больш горн гор лес сад парк завод рынок рыночн ' +
    'нагорн подгорн верхн нижн средн прям коротк длин широк узк тих светл ясн тепл сирен рябинов березов'
  ).split(' '),
)
const MONTH_STEMS = new Set(
  'январ феврал март апрел ма мая июн июл август сентябр октябр ноябр декабр'.split(' '),
)
const KINDERGARTEN_STEMS = new Set(['садик', 'дс', 'доу', 'мбдоу', 'мдоу'])
const SCHOOL_STEMS = new Set(['школ', 'сош', 'гимназ', 'лице', 'мбоу', 'моу'])

interface Candidate {
  start: number
  end: number
  variant: NameVariant
  street: number
  marker: Marker | null
  house: House | null
  known: GazetteerHouse | null
  confidence: number
  why: string
  typeMismatch: boolean
  ambiguous: boolean
  fuzzy: boolean
}

interface Options {
  /** An address line from a form or ПОС: the whole text is an address, bare names are fine. */
  structured?: boolean
}

/** Finds the address in a free text. Never throws; bad input gives confidence 0 and a reason. */
export function extractAddress(text: string, gaz: Gazetteer): AddressMatch {
  return read(text, gaz, {})
}

/** Reads an address line typed into a form or coming from ПОС («г. Смоленск, ул. Николаева, д. 12, кв. 5»). */
export function parseAddressLine(line: string, gaz: Gazetteer): AddressMatch {
  return read(line, gaz, { structured: true })
}

function empty(reason: string, confidence = 0): AddressMatch {
  return {
    street: null,
    house: null,
    landmark: null,
    intersection: null,
    district: null,
    lat: null,
    lon: null,
    confidence,
    reason,
  }
}

function read(text: string, gaz: Gazetteer, opts: Options): AddressMatch {
  if (typeof text !== 'string' || !text.trim()) return empty('Текст пуст — адреса нет.')
  let clean = cleanText(text)
  let translit = false
  const scripts = scriptCounts(clean)
  if (scripts.latin >= 4 && scripts.latin > scripts.cyrillic * 2) {
    clean = latinToCyrillic(clean)
    translit = true
  }
  const ts = dropOrdinals(tokens(clean))
  if (!ts.length) return empty('В тексте нет слов и чисел — адрес не найден.')

  const outside = firstOf(outsideCity(ts, gaz), otherSettlement(ts, gaz.cityNames))
  const crossingAt = ts.findIndex((t) => CROSSING_STEMS.has(t.stem))
  const candidates = findStreets(ts, gaz, opts, crossingAt)
  const landmark = findLandmark(ts, gaz)

  // A landmark spelled over a street's words («площадь Ленина» beside «улица Ленина») wins over a street
  // whose written type disagrees.
  const streets = landmark
    ? candidates.filter((c) => !(c.typeMismatch && c.start <= landmark.end && c.end >= landmark.start - 1))
    : candidates

  let best: Candidate | null = null
  for (const c of streets) if (!best || c.confidence > best.confidence) best = c

  if (
    best &&
    outside &&
    outside.index <= best.start &&
    best.start - outside.index <= 12 &&
    !namesOwnCity(ts, outside.index + 1, best.start, gaz)
  ) {
    return empty(
      `Адрес за пределами города (${outside.name}) — улица не сопоставляется со справочником ${gaz.doc.city.name}.`,
      0.1,
    )
  }
  if (!best && !landmark) {
    if (outside)
      return empty(`Упомянут другой населённый пункт (${outside.name}) — адреса в городе нет.`, 0.05)
    return empty('Адрес не найден: нет названия улицы из справочника или ориентира.')
  }

  let intersection: Candidate | null = null
  if (best && crossingAt >= 0) {
    for (const c of streets) {
      if (c.street === best.street || (c.start < best.end && c.end > best.start)) continue
      if (!intersection || c.confidence > intersection.confidence) intersection = c
    }
  }
  // The first street in the text is the main one of a crossing.
  if (best && intersection && intersection.start < best.start) [best, intersection] = [intersection, best]

  return resolve(gaz, best, intersection, landmark?.entry ?? null, translit, !!opts.structured)
}

function resolve(
  gaz: Gazetteer,
  best: Candidate | null,
  cross: Candidate | null,
  landmark: LandmarkEntry | null,
  translit: boolean,
  structured: boolean,
): AddressMatch {
  const out = empty('')
  const why: string[] = []
  let confidence = 0
  if (best) {
    const s = gaz.streets[best.street]
    out.street = s.name
    confidence = best.confidence
    why.push(best.why)
    if (best.house) {
      // In a free text «12/3» may mean корпус 3 where the street numbers корпуса; a typed line means what it says.
      out.house = best.known
        ? best.known.number
        : structured
          ? best.house.house
          : gaz.canonicalHouse(best.street, best.house.house)
      why.push(
        best.known ? `дом ${out.house} есть в справочнике` : `дом ${out.house} в справочнике не найден`,
      )
    }
    if (best.known?.lat != null && best.known.lon != null) {
      out.lat = best.known.lat
      out.lon = best.known.lon
    }
    if (best.known?.district) {
      out.district = best.known.district
      why.push('район — по дому')
    } else if (out.lat != null && out.lon != null && gaz.districtAt(out.lat, out.lon)) {
      out.district = gaz.districtAt(out.lat, out.lon)
      why.push('район — по точке дома')
    }
    if (best.house && !best.known) {
      const near = gaz.estimateHouse(best.street, out.house ?? best.house.house)
      if (near && out.lat == null && near.lat != null && near.lon != null) {
        out.lat = near.lat
        out.lon = near.lon
        why.push(`точка — по соседним домам (${near.between.join(' и ')})`)
      }
      if (near?.district && !out.district) {
        out.district = near.district
        why.push(`район — по соседним домам (${near.between.join(' и ')})`)
      }
    }
    if (cross) {
      out.intersection = gaz.streets[cross.street].name
      // Two streets named around «пересечение»/«угол» support each other.
      confidence = Math.max(0.7, confidence, cross.confidence)
      why.push(`пересечение с «${out.intersection}»`)
      const p = out.lat == null ? gaz.crossing(best.street, cross.street) : null
      if (p) {
        out.lat = Math.round(p[0] * 1e6) / 1e6
        out.lon = Math.round(p[1] * 1e6) / 1e6
        if (!out.district) {
          out.district = gaz.districtAt(p[0], p[1])
          if (out.district) why.push('район — по точке пересечения')
        }
      }
    }
  }
  if (landmark) {
    out.landmark = landmark.name
    why.push(`ориентир «${landmark.name}»`)
    confidence = Math.max(confidence, best ? 0.8 : 0.7)
    if (out.lat == null) {
      out.lat = landmark.lat
      out.lon = landmark.lon
    }
    if (!out.district) {
      out.district = landmark.district ?? gaz.districtAt(landmark.lat, landmark.lon)
      if (out.district) why.push('район — по ориентиру')
    }
  }
  if (best && !out.district) {
    const s = gaz.streets[best.street]
    if (s.district) {
      out.district = s.district
      why.push('район — вся улица в одном районе')
    } else if (s.crossesDistricts) {
      why.push('район не определён: улица проходит через несколько районов')
    } else {
      why.push('район улицы в справочнике не указан')
    }
  }
  if (best && out.lat == null) {
    const p = gaz.streetPoint(best.street)
    if (p) {
      out.lat = p[0]
      out.lon = p[1]
      why.push('точка — приблизительно, по улице')
    }
  }
  if (translit) {
    confidence *= 0.85
    why.push('текст написан латиницей')
  }
  out.confidence = Math.round(Math.min(1, confidence) * 100) / 100
  const sentence = why.join('; ')
  out.reason = `${sentence[0].toUpperCase()}${sentence.slice(1)}.`
  return out
}

/** All street mentions with evidence enough to believe them. */
function findStreets(ts: Token[], gaz: Gazetteer, opts: Options, crossingAt: number): Candidate[] {
  const out: Candidate[] = []
  const covered = new Uint8Array(ts.length)
  for (let i = 0; i < ts.length; i++) {
    const variants = gaz.byFirstStem.get(ts[i].stem)
    if (!variants) continue
    for (const v of variants) {
      if (!matches(ts, i, v.stems)) continue
      const c = judge(ts, gaz, i, i + v.stems.length, v, false, opts, crossingAt)
      if (c) {
        out.push(c)
        for (let k = c.start; k < c.end; k++) covered[k] = 1
      }
      break // the longest spelling that matches
    }
  }
  if (out.length) return out
  // Typos: only next to a type marker, or right before a house number, and within a safe distance.
  for (let i = 0; i < ts.length; i++) {
    const m = markerAt(ts, i)
    const spans: [number, number][] = []
    if (m && !m.weak) {
      for (let len = 3; len >= 1; len--) spans.push([i + m.length, i + m.length + len])
      for (let len = 3; len >= 1; len--) spans.push([i - len, i])
    } else if (ts[i].cap && !ts[i].digits && ts[i + 1]?.digits) {
      spans.push([i, i + 1])
    }
    for (const [a, b] of spans) {
      if (a < 0 || b > ts.length || covered[a]) continue
      const words = ts.slice(a, b)
      if (words.some((w) => w.digits || markerAt([w], 0))) continue
      const joined = words.map((w) => w.stem).join(' ')
      if (joined.length < 5) continue
      const max = joined.length >= 9 ? 2 : 1
      const hits = gaz.fuzzy(joined, max)
      if (!hits.length) continue
      const c = judge(ts, gaz, a, b, hits[0], true, opts, crossingAt)
      if (c && (m || c.house)) {
        out.push(c)
        break
      }
    }
    if (out.length) break
  }
  return out
}

function matches(ts: Token[], i: number, stems: string[]): boolean {
  if (i + stems.length > ts.length) return false
  for (let k = 1; k < stems.length; k++) if (ts[i + k].stem !== stems[k]) return false
  return true
}

function markerBefore(ts: Token[], start: number): { marker: Marker; at: number } | null {
  for (const back of [1, 2]) {
    const at = start - back
    if (at < 0) break
    const m = markerAt(ts, at)
    if (m && at + m.length === start) return { marker: m, at }
  }
  return null
}

function houseAfter(ts: Token[], at: number, structured: boolean): House | null {
  const first = ts[at]
  if (!first) return null
  // A sentence break between the name and the number: not the same address.
  if (!structured && /[!?;:]/.test(first.sep)) return null
  const direct = parseHouse(ts, at)
  if (direct) return direct
  if (HOUSE_FILLER.has(first.norm) && isHouseWord(ts[at + 1])) return parseHouse(ts, at + 1)
  return null
}

/** «в доме 12 по улице Николаева»: a house written before the street. */
function houseBefore(ts: Token[], start: number): House | null {
  let s0 = start
  if (s0 > 0 && (ts[s0 - 1].norm === 'по' || ts[s0 - 1].norm === 'на')) s0--
  for (let back = 2; back <= 6 && s0 - back >= 0; back++) {
    if (!isHouseWord(ts[s0 - back])) continue
    const h = parseHouse(ts, s0 - back)
    if (h?.explicit && h.end === s0) return h
  }
  return null
}

function judge(
  ts: Token[],
  gaz: Gazetteer,
  start: number,
  end: number,
  v: NameVariant,
  fuzzy: boolean,
  opts: Options,
  crossingAt: number,
): Candidate | null {
  const before = markerBefore(ts, start)
  const after = markerAt(ts, end)
  const marker = before?.marker ?? after
  const houseAt = after ? end + after.length : end
  const house = houseAfter(ts, houseAt, !!opts.structured) ?? houseBefore(ts, before ? before.at : start)
  const first = ts[start]
  const prevTok = ts[(before ? before.at : start) - 1]
  const prep = !!prevTok && (PREPOSITIONS.has(prevTok.norm) || prevTok.norm === 'и')
  const nearCrossing = crossingAt >= 0 && start > crossingAt && start - crossingAt <= 8
  const cap = first.cap || (ts[start + 1]?.cap ?? false)
  const hasDigits = v.stems.some((s) => /^\d/.test(s))
  const single = v.stems.length === 1
  const common = single && COMMON_STEMS.has(v.stems[0])

  let confidence: number
  let why: string
  if (marker) {
    confidence = 0.75
    const at = before ? before.at : end
    const label = ts
      .slice(at, at + marker.length)
      .map((t) => t.norm)
      .join('-')
    why = `улица найдена по названию с указателем типа («${label}»)`
  } else if (opts.structured) {
    confidence = 0.65
    why = 'улица найдена в адресной строке'
  } else {
    // «25 сентября» is a date unless written «25 Сентября» or followed by a house; «5-я линия 12» is a street.
    if (hasDigits && !(house && (ts[start + 1]?.cap || !MONTH_STEMS.has(ts[start + 1]?.stem ?? ''))))
      return null
    if (single) {
      const okWithHouse = !!house && (cap || !common)
      const okBare = cap && !common && (prep || nearCrossing)
      if (!okWithHouse && !okBare) return null
      confidence = okWithHouse ? 0.65 : 0.45
    } else {
      if (!(cap || prep || house || nearCrossing)) return null
      confidence = house ? 0.7 : 0.55
    }
    why = house
      ? 'улица найдена по названию рядом с номером дома'
      : 'улица найдена по названию без указателя типа'
  }

  // Which street: the written type and the house decide between namesakes («Мебельная улица» / «… переулок»).
  let options = v.streets
  let typeMismatch = false
  if (marker?.type) {
    const typed = options.filter((s) => gaz.streets[s].type === marker.type)
    if (typed.length) options = typed
    else typeMismatch = true
  } else if (marker && options.length > 1) {
    // «пр.»: проспект or проезд, never улица.
    const typed = options.filter((s) => ['проспект', 'проезд'].includes(gaz.streets[s].type ?? ''))
    if (typed.length) options = typed
  }
  if (options.length > 1 && !marker?.type) {
    // Namesakes of different types: the adjective's gender tells «Мебельная» (улица) from «Мебельный» (переулок).
    const genders = ts
      .slice(start, end)
      .map((t) => adjectiveGenders(t.norm))
      .find((g) => g)
    if (genders) {
      const agreeing = options.filter((s) => genders.includes(TYPE_GENDER[gaz.streets[s].type ?? ''] ?? '-'))
      if (agreeing.length) options = agreeing
    }
  }
  let known: GazetteerHouse | null = null
  if (house) {
    const withHouse = options.filter((s) => gaz.findHouse(s, house.house))
    if (withHouse.length) options = withHouse
    if (options.length === 1 || withHouse.length) known = gaz.findHouse(options[0], house.house)
  }
  if (options.length > 1 && !marker) {
    const plain = options.filter((s) => gaz.streets[s].type === 'улица')
    if (plain.length === 1) options = plain
  }
  const ambiguous = options.length > 1
  if (house) confidence += known ? 0.2 : 0.08
  if (typeMismatch) {
    confidence -= 0.2
    why += `, но тип в справочнике другой («${gaz.streets[options[0]].type}»)`
  }
  if (v.auto) confidence -= 0.1
  if (fuzzy) {
    confidence -= 0.15
    why = `улица найдена по похожему написанию («${ts
      .slice(start, end)
      .map((t) => t.norm)
      .join(' ')}»)`
  }
  if (ambiguous) {
    confidence -= 0.25
    why += `; название неоднозначно (${options.length} улицы)`
  }
  return {
    start,
    end,
    variant: v,
    street: options[0],
    marker,
    house,
    known,
    confidence: Math.max(0.05, Math.min(0.98, confidence)),
    why,
    typeMismatch,
    ambiguous,
    fuzzy,
  }
}

/** A numbered landmark («школа № 5», «5-й школы», «детский сад №17») or a named one («остановка «…»»). */
function findLandmark(
  ts: Token[],
  gaz: Gazetteer,
): { entry: LandmarkEntry; start: number; end: number } | null {
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]
    let kind: string | null = null
    let width = 1
    if (SCHOOL_STEMS.has(t.stem)) kind = 'school'
    else if (KINDERGARTEN_STEMS.has(t.stem)) kind = 'kindergarten'
    else if (t.stem === 'детск' && ts[i + 1]?.stem === 'сад') {
      kind = 'kindergarten'
      width = 2
    } else if (t.norm === 'д' && ts[i + 1]?.norm === 'с' && ts[i + 1].sep === '/') {
      kind = 'kindergarten'
      width = 2
    } else if (t.stem === 'поликлиник') kind = 'clinic'
    else if (t.stem === 'больниц') kind = 'hospital'
    if (!kind) continue
    let n = i + width
    if (ts[n] && (ts[n].norm === 'номер' || ts[n].norm === 'n')) n++
    const after = ts[n]?.digits ? ts[n].norm : null
    const beforeTok = i > 0 && ts[i - 1].digits ? ts[i - 1].norm : null
    for (const num of [after, beforeTok]) {
      if (!num) continue
      const idx = gaz.landmarksByNumber.get(`${kind}:${num}`)
      if (idx !== undefined) return { entry: gaz.landmarks[idx], start: i, end: n + 1 }
    }
  }
  for (let i = 0; i < ts.length; i++) {
    const list = gaz.landmarkNames.get(ts[i].stem)
    if (!list) continue
    for (const l of list) {
      if (!matches(ts, i, l.stems)) continue
      if (l.stems.length === 1 && !ts[i].cap) continue
      return { entry: gaz.landmarks[l.landmark], start: i, end: i + l.stems.length }
    }
  }
  return null
}

const firstOf = <T extends { index: number }>(a: T | null, b: T | null): T | null =>
  a && b ? (a.index <= b.index ? a : b) : (a ?? b)

/** «…в Москве, а у мамы в Смоленске на Ленина 5»: the city itself named between the other place and the street. */
function namesOwnCity(ts: Token[], from: number, to: number, gaz: Gazetteer): boolean {
  for (let i = from; i < to; i++) if (gaz.cityNames.has(ts[i].stem)) return true
  return false
}

/** «г. Москва», «пос. Печерск», «д. Ивановка»: another settlement, not the gazetteer's city. */
function outsideCity(ts: Token[], gaz: Gazetteer): { index: number; name: string } | null {
  for (let i = 0; i + 1 < ts.length; i++) {
    const t = ts[i]
    if (!SETTLEMENT_WORDS.has(t.norm)) continue
    const next = ts[i + 1]
    if (next.digits || !next.cap || next.sep.includes(',')) continue
    if ((t.norm === 'д' || t.norm === 'п') && !next.sep.startsWith('.') && !ts[i + 1].space) continue
    const words = [next]
    if (ts[i + 2] && ts[i + 2].sep === '-' && !ts[i + 2].space) words.push(ts[i + 2])
    else if (ts[i + 2]?.cap && !ts[i + 2].sep && !markerAt(ts, i + 2)) words.push(ts[i + 2])
    if (markerAt(ts, i + 1)) continue
    const stems = words.map((w) => w.stem).join(' ')
    if (gaz.cityNames.has(stems) || gaz.cityNames.has(words[0].stem)) continue
    // «д. Николаева» would be a house word before a street name: a street of ours is not a settlement.
    if (gaz.byFirstStem.has(words[0].stem) && (t.norm === 'д' || t.norm === 'п')) continue
    const label = words
      .map((w) => w.norm[0].toUpperCase() + w.norm.slice(1))
      .join(words.length > 1 && words[1].sep === '-' ? '-' : ' ')
    return { index: i, name: `${t.norm.length <= 3 ? `${t.norm}.` : t.norm} ${label}` }
  }
  return null
}
