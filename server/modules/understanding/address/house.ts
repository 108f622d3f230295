/**
 * House numbers: «д. 12», «дом 12а», «12/3», «д.12 корп. 2», «к2», «стр. 1», «лит. А», normalised to
 * «12», «12а», «12/3», «12 к2», «12 стр1», «12 литА». The flat («кв. 5») is not part of the house.
 */
import type { Token } from './tokens'

export interface House {
  /** The normalised house: «12», «12а», «12/3», «12 к2», «12 стр1», «12 литА». */
  house: string
  number: string
  letter: string | null
  fraction: string | null
  korpus: string | null
  building: string | null
  litera: string | null
  /** Index of the first token after the house. */
  end: number
  /** Written with «д.»/«дом» before it. */
  explicit: boolean
}

const HOUSE_WORDS = new Set(['д', 'дом', 'дома', 'доме', 'домом', 'домa', 'здание', 'зд', 'владение', 'вл'])
const KORPUS_WORDS = new Set(['к', 'корп', 'корпус', 'корпуса', 'кор', 'кп'])
const BUILDING_WORDS = new Set(['с', 'стр', 'строение', 'строения', 'строен', 'соор', 'сооружение'])
const LITERA_WORDS = new Set(['л', 'лит', 'литера', 'литер', 'литеры'])
// A number followed by one of these is an amount or a time, not a house.
const UNIT_WORDS = new Set(
  (
    'лет год года годы раз раза минут мин минуты час часа часов дней дня день недель недели месяцев месяца ' +
    'метров метра м км см мм руб рублей рубля р тыс тысяч человек чел градусов градуса этаж этажа этаже этажей ' +
    'шт штук кг т тонн л литров января февраля марта апреля мая июня июля августа сентября октября ноября декабря ' +
    'утра вечера ночи числа куб'
  ).split(' '),
)

const NUMBER_RE = /^(\d{1,4})([а-я])?$/
const GLUED_RE = /^(\d{1,4})([а-я])?(к|корп|стр|с)(\d{1,3})$/
const GLUED_PART_RE = /^(?:(к|корп|стр|с)(\d{1,3})|(лит)([а-я]))$/

const isLetter = (t: Token | undefined) => !!t && t.norm.length === 1 && /[а-я]/.test(t.norm)
const isSmallNumber = (t: Token | undefined) => !!t && t.digits && t.norm.length <= 3

function format(h: Omit<House, 'house' | 'end' | 'explicit'>): string {
  let s = h.number + (h.letter ?? '')
  if (h.fraction) s += `/${h.fraction}`
  if (h.korpus) s += ` к${h.korpus}`
  if (h.building) s += ` стр${h.building}`
  if (h.litera) s += ` лит${h.litera.toUpperCase()}`
  return s
}

/** Builds the normalised house string from its parts. */
export function formatHouse(parts: {
  number: string
  letter?: string | null
  fraction?: string | null
  korpus?: string | null
  building?: string | null
  litera?: string | null
}): string {
  return format({
    number: parts.number,
    letter: parts.letter ?? null,
    fraction: parts.fraction ?? null,
    korpus: parts.korpus ?? null,
    building: parts.building ?? null,
    litera: parts.litera ?? null,
  })
}

/** Reads a house at token `i` («д. 12 корп. 2», «12а», «12/3 лит. А»), or null. */
export function parseHouse(ts: Token[], i: number): House | null {
  let k = i
  let explicit = false
  let t = ts[k]
  if (!t) return null
  if (HOUSE_WORDS.has(t.norm) && /^\d/.test(ts[k + 1]?.norm ?? '')) {
    explicit = true
    k++
    t = ts[k]
  } else if (/^д\d{1,4}[а-я]?$/.test(t.norm)) {
    explicit = true
  }
  const norm = explicit && /^д\d/.test(t.norm) ? t.norm.slice(1) : t.norm
  const parts = {
    number: '',
    letter: null as string | null,
    fraction: null as string | null,
    korpus: null as string | null,
    building: null as string | null,
    litera: null as string | null,
  }
  const glued = GLUED_RE.exec(norm)
  const plain = NUMBER_RE.exec(norm)
  if (glued) {
    parts.number = glued[1]
    parts.letter = glued[2] ?? null
    addPart(parts, glued[3], glued[4])
  } else if (plain) {
    parts.number = plain[1]
    parts.letter = plain[2] ?? null
  } else return null
  if (parts.number.startsWith('0')) return null
  k++
  const after = ts[k]
  // A time («12:30»), a date («12.05.2021») or a decimal is not a house.
  if (after?.digits && (after.sep === ':' || after.sep === '.' || after.sep === ',') && !after.space)
    return null
  if (after && !after.digits && UNIT_WORDS.has(after.norm)) return null
  // «12 а», «12-а», «12"а"»: a letter glued or right after the number, then the end of the address.
  if (!parts.letter && isLetter(ts[k]) && !KORPUS_WORDS.has(ts[k].norm) && !BUILDING_WORDS.has(ts[k].norm)) {
    const letterTok = ts[k]
    const follower = ts[k + 1]
    const close = !letterTok.space || letterTok.sep === '-' || letterTok.sep === '"'
    const ends = !follower || /[,.;)]/.test(follower.sep)
    if (close || (ends && /[абвгдеж]/.test(letterTok.norm))) {
      parts.letter = letterTok.norm
      k++
    }
  }
  if (ts[k]?.sep === '/' && !ts[k].space && ts[k].digits && ts[k].norm.length <= 3) {
    parts.fraction = ts[k].norm
    k++
    if (isLetter(ts[k]) && !ts[k].space) {
      parts.fraction += ts[k].norm
      k++
    }
  }
  for (let guard = 0; guard < 3; guard++) {
    const w = ts[k]
    if (!w) break
    const g = GLUED_PART_RE.exec(w.norm)
    if (g) {
      if (!addPart(parts, g[1] ?? g[3], g[2] ?? g[4])) break
      k++
      continue
    }
    const value = ts[k + 1]
    if (KORPUS_WORDS.has(w.norm) && (isSmallNumber(value) || (isLetter(value) && w.norm !== 'к'))) {
      if (!addPart(parts, 'к', value.norm)) break
      k += 2
      continue
    }
    if (BUILDING_WORDS.has(w.norm) && isSmallNumber(value)) {
      if (!addPart(parts, 'стр', value.norm)) break
      k += 2
      continue
    }
    if (LITERA_WORDS.has(w.norm) && isLetter(value)) {
      if (!addPart(parts, 'лит', value.norm)) break
      k += 2
      continue
    }
    break
  }
  return { ...parts, house: format(parts), end: k, explicit }
}

function addPart(
  parts: { korpus: string | null; building: string | null; litera: string | null },
  kind: string,
  value: string,
): boolean {
  if (kind === 'к' || kind === 'корп') {
    if (parts.korpus) return false
    parts.korpus = value
  } else if (kind === 'стр' || kind === 'с') {
    if (parts.building || !/^\d+$/.test(value)) return false
    parts.building = value
  } else {
    if (parts.litera || !/^[а-я]$/.test(value)) return false
    parts.litera = value
  }
  return true
}

/** Is the token a house word («д.», «дом»)? */
export const isHouseWord = (t: Token | undefined) => !!t && HOUSE_WORDS.has(t.norm)

/**
 * Parses a normalised house string back into its parts («12а/3 к2 стр1 литА»), for comparing and
 * matching variants against a gazetteer.
 */
export function houseParts(house: string) {
  const m = /^(\d+)([а-я])?(?:\/(\d+[а-я]?))?(?: к(\w+))?(?: стр(\d+))?(?: лит([А-ЯA-Z]))?$/.exec(house)
  if (!m) return null
  return {
    number: m[1],
    letter: m[2] ?? null,
    fraction: m[3] ?? null,
    korpus: m[4] ?? null,
    building: m[5] ?? null,
    litera: m[6] ? m[6].toLowerCase() : null,
  }
}
