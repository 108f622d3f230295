/**
 * Word tokens with what separates them: the address reader needs to know that «пр-т» is one marker,
 * that «12/3» is a fraction and that a name was written with a capital letter. One pass over the text,
 * no regular expression per street.
 */
import { normalize, stem } from '../text'

export interface Token {
  /** Normalised form (lower case, ё → е). */
  norm: string
  /** Snowball stem of `norm` (digits and short words as they are). */
  stem: string
  /** Punctuation between the previous token and this one, spaces removed ('' when only spaces). */
  sep: string
  /** Whether there was whitespace before the token. */
  space: boolean
  /** The token starts with a capital letter in the original text. */
  cap: boolean
  /** The token is made only of digits. */
  digits: boolean
  start: number
  end: number
}

const WORD_RE = /[a-zA-Zа-яА-ЯёЁ0-9]+/g

/** Splits a cleaned text into tokens (Cyrillic, Latin, digits), keeping separators and capitals. */
export function tokens(clean: string): Token[] {
  const out: Token[] = []
  let last = 0
  for (const m of clean.matchAll(WORD_RE)) {
    const raw = m[0]
    const start = m.index
    const between = clean.slice(last, start)
    const norm = normalize(raw)
    const first = raw.charCodeAt(0)
    out.push({
      norm,
      stem: stem(norm),
      // Most tokens are separated by one space: no regular expression for them.
      sep: between === ' ' ? '' : between.replace(/\s+/g, ''),
      space: between === ' ' || /\s/.test(between),
      cap: raw[0] !== norm[0] && !(first >= 48 && first <= 57),
      digits: first >= 48 && first <= 57 && /^\d+$/.test(raw),
      start,
      end: start + raw.length,
    })
    last = start + raw.length
  }
  return out
}

const LATIN: [string, string][] = [
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['yo', 'ё'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['yu', 'ю'],
  ['ya', 'я'],
  ['ye', 'е'],
  ['iy', 'ий'],
  ['yy', 'ый'],
  ['a', 'а'],
  ['b', 'б'],
  ['c', 'ц'],
  ['d', 'д'],
  ['e', 'е'],
  ['f', 'ф'],
  ['g', 'г'],
  ['h', 'х'],
  ['i', 'и'],
  ['j', 'й'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['q', 'к'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['v', 'в'],
  ['w', 'в'],
  ['x', 'кс'],
  ['y', 'ы'],
  ['z', 'з'],
  ["'", 'ь'],
]

/** Transliterates Latin letters to Cyrillic (the common «ul. Nikolaeva» spelling); other characters stay. */
export function latinToCyrillic(s: string): string {
  let out = ''
  let i = 0
  const lower = s.toLowerCase()
  outer: while (i < s.length) {
    for (const [lat, cyr] of LATIN) {
      if (lower.startsWith(lat, i)) {
        const upper = s[i] !== lower[i]
        out += upper ? cyr[0].toUpperCase() + cyr.slice(1) : cyr
        i += lat.length
        continue outer
      }
    }
    out += s[i]
    i++
  }
  return out
}

/** Counts Latin and Cyrillic letters, to decide whether a text is transliterated. */
export function scriptCounts(s: string): { latin: number; cyrillic: number } {
  let latin = 0
  let cyrillic = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++
    else if (c >= 0x410 && c <= 0x44f) cyrillic++
  }
  return { latin, cyrillic }
}
