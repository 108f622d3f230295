/**
 * Text basics shared by every understanding step: clean a raw text (HTML soup, entities, zero-width
 * characters), normalise it (lower case, ё → е), split it into word tokens and stem Russian words.
 * Pure functions; the stemmer keeps a bounded cache because appeal vocabulary repeats a lot.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const snowball = require('snowball-stemmers') as {
  newStemmer(lang: string): { stem(word: string): string }
}

/** Longest text the understanding step reads; the rest is ignored (a 100 KB paste is not 100 KB of meaning). */
export const MAX_TEXT_CHARS = 20_000

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  laquo: '«',
  raquo: '»',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  shy: '',
}

/** Strips tags, decodes entities and squeezes whitespace. Safe on plain text. */
export function cleanText(raw: string): string {
  let s = raw.length > MAX_TEXT_CHARS * 2 ? raw.slice(0, MAX_TEXT_CHARS * 2) : raw
  if (s.includes('<')) {
    s = s
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
      .replace(/<[^>]{0,500}>/g, ' ')
  }
  if (s.includes('&')) {
    s = s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' '
      }
      return ENTITIES[e.toLowerCase()] ?? m
    })
  }
  s = s.replace(/[\u200b-\u200f\u2060\ufeff\ufffc]/g, '').replace(/[ \t\u00a0]+/g, ' ')
  s = s.replace(/\s*\n\s*/g, '\n').trim()
  return s.length > MAX_TEXT_CHARS ? s.slice(0, MAX_TEXT_CHARS) : s
}

/** Lower case, ё → е. */
export function normalize(s: string): string {
  const lower = s.toLowerCase()
  return lower.includes('ё') ? lower.replaceAll('ё', 'е') : lower
}

const TOKEN_RE = /[a-zа-я0-9]+/g

/** Word tokens of a normalised text: runs of Cyrillic, Latin letters and digits. */
export function tokenize(normalized: string): string[] {
  return normalized.match(TOKEN_RE) ?? []
}

const stemmer = snowball.newStemmer('russian')
const STEM_CACHE_LIMIT = 200_000
let stemCache = new Map<string, string>()

/** Snowball Russian stem of one lower-case token; digits and Latin words are returned as they are. */
export function stem(token: string): string {
  const hit = stemCache.get(token)
  if (hit !== undefined) return hit
  const out = /[а-я]/.test(token) && token.length > 2 ? stemmer.stem(token) : token
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache = new Map()
  stemCache.set(token, out)
  return out
}

/** Russian stop words that carry no topic (prepositions, pronouns, particles, politeness). */
export const STOP_WORDS = new Set(
  (
    'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему ' +
    'теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они ' +
    'тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому ' +
    'этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об ' +
    'другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда ' +
    'лучше чуть том нельзя такой им более всегда конечно всю между это эта эти также очень уважаемые уважаемый здравствуйте добрый день ' +
    'пожалуйста просим прошу спасибо заранее вопрос'
  ).split(' '),
)

export interface Analysed {
  /** The cleaned text (tags and entities removed). */
  clean: string
  /** Its normalised form (lower case, ё → е). */
  norm: string
  tokens: string[]
  /** Stems of the tokens, stop words removed. */
  stems: string[]
}

/** One pass over a raw text that every understanding step can share. */
export function analyse(raw: string): Analysed {
  const clean = cleanText(raw ?? '')
  const norm = normalize(clean)
  const tokens = tokenize(norm)
  const stems: string[] = []
  for (const t of tokens) if (!STOP_WORDS.has(t)) stems.push(stem(t))
  return { clean, norm, tokens, stems }
}
