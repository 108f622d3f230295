/**
 * Street names as data: the street types with their spellings and abbreviations, and the analysis of a
 * gazetteer name («улица Николаева», «Краснинское шоссе», «5-я линия В.О.») into its type and core words.
 */
import { cleanText } from '../text'
import { type Token, tokens } from './tokens'

export interface StreetType {
  /** The full nominative word, as written in gazetteer names. */
  type: string
  /** Stems of the full word in any case. */
  stems: string[]
  /** Abbreviations (normalised; «пр-т» is written with its hyphen). */
  abbr: string[]
}

/** Street types of Russian addresses (ГАР short names included). */
export const STREET_TYPES: StreetType[] = [
  { type: 'улица', stems: ['улиц', 'вулиц'], abbr: ['ул', 'вул'] },
  { type: 'проспект', stems: ['проспект'], abbr: ['пр-т', 'пр-кт', 'просп', 'пркт', 'пр'] },
  { type: 'переулок', stems: ['переулок', 'переулк'], abbr: ['пер', 'пер-к'] },
  { type: 'бульвар', stems: ['бульвар'], abbr: ['б-р', 'бул', 'бульв'] },
  { type: 'шоссе', stems: ['шосс'], abbr: ['ш'] },
  { type: 'площадь', stems: ['площад'], abbr: ['пл'] },
  { type: 'набережная', stems: ['набережн'], abbr: ['наб'] },
  { type: 'проезд', stems: ['проезд'], abbr: ['пр-д', 'пр-зд', 'проезд'] },
  { type: 'микрорайон', stems: ['микрорайон'], abbr: ['мкр', 'мкрн', 'мр-н', 'микр', 'мкр-н'] },
  { type: 'тупик', stems: ['тупик'], abbr: ['туп'] },
  { type: 'спуск', stems: ['спуск'], abbr: ['сп'] },
  { type: 'линия', stems: ['лин'], abbr: ['лин'] },
  { type: 'аллея', stems: ['алле', 'алл'], abbr: ['ал'] },
  { type: 'дорога', stems: ['дорог'], abbr: ['дор'] },
  { type: 'территория', stems: ['территор'], abbr: ['тер'] },
  { type: 'квартал', stems: ['кварта'], abbr: ['кв-л'] },
  { type: 'тракт', stems: ['тракт'], abbr: [] },
  { type: 'въезд', stems: ['въезд'], abbr: [] },
  { type: 'просек', stems: ['просек'], abbr: [] },
  { type: 'садовое товарищество', stems: ['снт'], abbr: ['снт'] },
]

/** Full type words in the nominative, as they appear inside gazetteer names. */
const TYPE_BY_WORD = new Map<string, string>()
const TYPE_BY_STEM = new Map<string, string>()
const TYPE_BY_ABBR = new Map<string, string | null>()
for (const t of STREET_TYPES) {
  TYPE_BY_WORD.set(t.type, t.type)
  for (const s of t.stems) TYPE_BY_STEM.set(s, t.type)
  for (const a of t.abbr) TYPE_BY_ABBR.set(a, TYPE_BY_ABBR.has(a) ? null : t.type)
}
// «пр.» is both проспект and проезд: a marker, but of no certain type.
TYPE_BY_ABBR.set('пр', null)
for (const [word, type] of [
  ['проспект', 'проспект'],
  ['переулок', 'переулок'],
  ['шоссе', 'шоссе'],
  ['линия', 'линия'],
  ['аллея', 'аллея'],
  ['квартал', 'квартал'],
] as const)
  TYPE_BY_WORD.set(word, type)

// Single letters that read as a type only right before a name, never as a name word themselves.
const WEAK_ABBR = new Set(['ш', 'сп', 'ал'])

export interface Marker {
  /** The street type, or null for a marker of unknown type («пр.»). */
  type: string | null
  /** How many tokens the marker takes. */
  length: number
  /** A one-letter abbreviation: a marker only when it touches the name. */
  weak: boolean
}

/** Reads a street type marker at token `i` (full word in any case, or an abbreviation). */
export function markerAt(ts: Token[], i: number): Marker | null {
  const t = ts[i]
  if (!t || t.digits) return null
  const next = ts[i + 1]
  if (next && next.sep === '-' && !next.space) {
    const compound = `${t.norm}-${next.norm}`
    if (TYPE_BY_ABBR.has(compound))
      return { type: TYPE_BY_ABBR.get(compound) ?? null, length: 2, weak: false }
  }
  const byStem = TYPE_BY_STEM.get(t.stem)
  if (byStem && t.norm.length > 3) return { type: byStem, length: 1, weak: false }
  if (TYPE_BY_ABBR.has(t.norm)) {
    // An abbreviation must be short and look like one (a dot after it, or a capital-free word).
    const dotted = next?.sep.startsWith('.') ?? false
    if (WEAK_ABBR.has(t.norm) && !dotted) return null
    return { type: TYPE_BY_ABBR.get(t.norm) ?? null, length: 1, weak: WEAK_ABBR.has(t.norm) }
  }
  return null
}

/** Is this normalised word a full street type word («проспект», «линия»)? */
export const isTypeWord = (norm: string) => TYPE_BY_WORD.has(norm)

/** Is this token a street type in a gazetteer name (the nominative full word or an abbreviation)? */
export function typeOfNameToken(t: Token): string | null {
  return TYPE_BY_WORD.get(t.norm) ?? TYPE_BY_STEM.get(t.stem) ?? null
}

/** Grammatical gender of a street type, to agree with an adjective name («Мебельная» улица, «Мебельный» переулок). */
export const TYPE_GENDER: Record<string, 'f' | 'm' | 'n'> = {
  улица: 'f',
  набережная: 'f',
  линия: 'f',
  аллея: 'f',
  площадь: 'f',
  дорога: 'f',
  территория: 'f',
  проспект: 'm',
  переулок: 'm',
  бульвар: 'm',
  проезд: 'm',
  тупик: 'm',
  спуск: 'm',
  тракт: 'm',
  микрорайон: 'm',
  квартал: 'm',
  въезд: 'm',
  просек: 'm',
  шоссе: 'n',
}

const GENDER_ENDINGS: [string, string][] = [
  ['ая', 'f'],
  ['яя', 'f'],
  ['ую', 'f'],
  ['юю', 'f'],
  ['ей', 'f'],
  ['ый', 'm'],
  ['ий', 'm'],
  ['ое', 'n'],
  ['ее', 'n'],
  ['ой', 'fm'],
  ['ом', 'mn'],
  ['ем', 'mn'],
  ['ого', 'mn'],
  ['его', 'mn'],
  ['ому', 'mn'],
  ['ему', 'mn'],
]

/** The genders an adjective form can agree with («Мебельной» → f or m), or null for a non-adjective. */
export function adjectiveGenders(word: string): string | null {
  if (word.length < 5) return null
  for (const [ending, genders] of GENDER_ENDINGS) if (word.endsWith(ending)) return genders
  return null
}

export interface NameParts {
  /** The street type found in the name (or the given one). */
  type: string | null
  /** Core tokens without the type word: «Николаева», «Большая Советская», «25 Сентября». */
  core: string[]
  /** Their stems, the key of the index. */
  stems: string[]
}

// Ordinal endings written after a number: «5-я линия», «2-й переулок».
const ORDINAL_ENDINGS = new Set([
  'я',
  'й',
  'ая',
  'ий',
  'ой',
  'го',
  'ого',
  'му',
  'ому',
  'е',
  'ое',
  'ый',
  'ю',
  'ую',
  'ей',
  'м',
  'ом',
])

/** Drops ordinal endings that follow a number: [«5», «я», «линия»] → [«5», «линия»]. */
export function dropOrdinals(ts: Token[]): Token[] {
  return ts.filter((t, i) => !(i > 0 && ts[i - 1].digits && ORDINAL_ENDINGS.has(t.norm) && t.sep === '-'))
}

/** Splits a street name into its type and core words. */
export function nameParts(name: string, givenType?: string | null): NameParts {
  const ts = dropOrdinals(tokens(cleanText(name)))
  let type = givenType ?? null
  let core = ts
  const typed = (t: Token) => typeOfNameToken(t) ?? markerAt([t], 0)?.type ?? null
  if (ts.length > 1) {
    const first = typed(ts[0])
    const last = typed(ts[ts.length - 1])
    if (first && (!type || first === type)) {
      type = first
      core = ts.slice(1)
    } else if (last && (!type || last === type)) {
      type = last
      core = ts.slice(0, -1)
    } else if (!type) {
      // «5-я линия В.О.»: the type word stays in the core (people write it there), but it is the type.
      const inner = ts.find((t) => TYPE_BY_WORD.has(t.norm))
      if (inner) type = TYPE_BY_WORD.get(inner.norm) ?? null
    }
  }
  return { type, core: core.map((t) => t.norm), stems: core.map((t) => t.stem) }
}

/** Words of a title that people drop: «Маршала Жукова» → «Жукова», «набережная реки Мойки» → «Мойки». */
export const DROPPABLE_FIRST = new Set([
  'академик',
  'марша',
  'генера',
  'адмира',
  'профессор',
  'геро',
  'космонавт',
  'летчик',
  'писател',
  'поэт',
  'композитор',
  'художник',
  'архитектор',
  'доктор',
  'полковник',
  'капита',
  'лейтенант',
  'сержант',
  'рек',
  'кана',
])

/** Adjectives that people abbreviate to their first letter(s): «Б. Советская», «М. Конюшенная». */
export const ABBREVIATED_FIRST: Record<string, string[]> = {
  больш: ['б', 'бол'],
  мал: ['м', 'мал'],
  нов: ['н', 'нов'],
  стар: ['ст', 'стар'],
  верхн: ['в', 'верх'],
  нижн: ['н', 'ниж'],
  средн: ['ср'],
}
