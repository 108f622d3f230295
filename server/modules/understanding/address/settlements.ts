/**
 * Other settlements named in a text without a settlement word: «в Москве на Ленина 5», «Вязьма, ул. Ленина, 5».
 * Smolensk has a улица Ленина too, so without this such an appeal would be placed in the city. The names are
 * data (reference/understanding/settlements.json); the gazetteer's own city and localities are never «other».
 */
import fs from 'node:fs'
import { cleanText } from '../text'
import { stemsOf } from './gazetteer'
import { type Token, tokens } from './tokens'

const FILE = new URL('../../../../reference/understanding/settlements.json', import.meta.url)

interface SettlementsDoc {
  settlements: { name: string; in: string[]; nominative?: boolean }[]
}

interface Form {
  name: string
  norms: string[]
}

interface Index {
  /** First token of a form after «в/во» → its forms (longest first). */
  locative: Map<string, Form[]>
  /** First token of a nominative name → its forms. */
  nominative: Map<string, Form[]>
}

let index: Index | null = null

function formOf(name: string, text: string): Form {
  return { name, norms: tokens(cleanText(text)).map((t) => t.norm) }
}

function put(map: Map<string, Form[]>, form: Form) {
  if (!form.norms.length) return
  const list = map.get(form.norms[0]) ?? []
  list.push(form)
  list.sort((a, b) => b.norms.length - a.norms.length)
  map.set(form.norms[0], list)
}

function load(): Index {
  if (index) return index
  const doc = JSON.parse(fs.readFileSync(FILE, 'utf8')) as SettlementsDoc
  const built: Index = { locative: new Map(), nominative: new Map() }
  for (const s of doc.settlements) {
    for (const f of s.in) put(built.locative, formOf(s.name, f))
    if (s.nominative !== false) put(built.nominative, formOf(s.name, s.name))
  }
  index = built
  return built
}

const matchAt = (ts: Token[], i: number, forms: Form[] | undefined): Form | null =>
  forms?.find((f) => f.norms.every((n, k) => ts[i + k]?.norm === n)) ?? null

const COMPARISON = new Set(['как', 'чем', 'словно', 'будто', 'точно'])

/** A clause boundary before token i (or the start of the text). */
const startsClause = (ts: Token[], i: number) => i === 0 || /[,.;:!?(]/.test(ts[i].sep)

/**
 * The first other settlement the text names, as «в Москве» / «во Владимире», or a name that opens a clause and is
 * followed by a comma («Вязьма, ул. Ленина»); `cityNames` are the gazetteer's own (joined stems), never other.
 */
export function otherSettlement(
  ts: Token[],
  cityNames: ReadonlySet<string>,
): { index: number; name: string } | null {
  const idx = load()
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]
    let found: Form | null = null
    // «как в Москве», «лучше, чем в Питере»: a comparison, not where the problem is.
    if ((t.norm === 'в' || t.norm === 'во') && i + 1 < ts.length && !COMPARISON.has(ts[i - 1]?.norm ?? '')) {
      found = matchAt(ts, i + 1, idx.locative.get(ts[i + 1].norm))
    } else if (startsClause(ts, i)) {
      const f = matchAt(ts, i, idx.nominative.get(t.norm))
      if (f && ts[i + f.norms.length]?.sep.includes(',')) found = f
    }
    if (found && !cityNames.has(stemsOf(found.name).join(' '))) return { index: i, name: found.name }
  }
  return null
}
