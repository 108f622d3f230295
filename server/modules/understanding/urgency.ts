/**
 * Urgency of an appeal: danger to life, no heating in the cold season, gas, flooding, wires, open manholes,
 * children at risk, fallen trees, icicles, long outages in winter, people stuck in a lift, snow blocking
 * ambulances. The rules are data (reference/understanding/urgency.json); this file only compiles and
 * evaluates them.
 *
 * Speed: every pattern must start with a literal word prefix (its trigger). A text is scanned once for
 * word tokens; a token whose prefix is a trigger runs only that pattern, anchored (sticky) at the token.
 * So no rule ever scans a whole text, and the cost grows with the number of tokens, not of rules.
 */
import fs from 'node:fs'
import { z } from 'zod'
import { latinToCyrillic, scriptCounts } from './address/tokens'
import { normalize } from './text'

export interface UrgencyInput {
  /** Normalised text (lower case, ё → е) from analyse(). */
  norm: string
  /** Stems from analyse(); some weak cues are stems. */
  stems: string[]
}

export interface UrgencyVerdict {
  urgent: boolean
  /** 0..1: 1 − Π(1 − weight) over the strongest hit of each category and every weak cue. */
  score: number
  /** Categories whose strongest hit alone reaches the threshold (or the best one when only together). */
  categories: string[]
  /** Russian, one line each, quoting the words that triggered. */
  reasons: string[]
}

const ZPatterns = z.array(z.string().min(1))

/** One rule as written in urgency.json (see the file's rules for examples). */
export const ZUrgencyRule = z
  .object({
    id: z.string().min(1),
    /** A category code from `categories`, or null for a weak cue that only adds to the score. */
    category: z.string().nullable(),
    /** Patterns over the normalised text, each starting with a literal word prefix. */
    match: ZPatterns.optional(),
    /** Stems (exact) from analyse(); a weak, position-free trigger. */
    stems: ZPatterns.optional(),
    /** Each group needs one of its patterns in the same sentence (a flat list is one group). */
    with: z.union([ZPatterns, z.array(ZPatterns)]).optional(),
    /** Any of these in the same sentence cancels the hit (unless it follows «не»/«ни»: «не огородили»). */
    unless: ZPatterns.optional(),
    /** Any of these right after the match cancels it («утечки газа нет»). */
    notAfter: ZPatterns.optional(),
    /** A season code from `seasons`: outside it the hit is noted but adds nothing. */
    season: z.string().optional(),
    /** Sector codes: when the caller knows the sector and it is not listed, the rule is skipped. */
    sectors: z.array(z.string()).optional(),
    /** false: do not apply the generic negation check before the match (the pattern holds it). */
    negatable: z.boolean().optional(),
    /** 'text': `with` and `unless` look at the whole text instead of the sentence. */
    scope: z.enum(['sentence', 'text']).optional(),
    /**
     * Any of these in the match's own sentence cancels the hit, whatever the scope: what the sentence of the match is
     * about («нет света во дворе, фонари не горят»), not a word anywhere in a letter that lists several problems.
     */
    unlessSentence: ZPatterns.optional(),
    /** Any of these anywhere in the text cancels the hit (the text is about something else: «шум» → «убьёт» is a figure of speech). */
    unlessText: ZPatterns.optional(),
    weight: z.number().gt(0).lt(1),
    /** Russian; {match} is replaced by the matched words. */
    reason: z.string().min(1),
  })
  .strict()

export const ZUrgencyRules = z
  .object({
    version: z.number().int(),
    threshold: z.number().gt(0).lt(1),
    utcOffsetHours: z.number().min(-12).max(14),
    categories: z.record(z.string(), z.string()),
    seasons: z.record(
      z.string(),
      z.object({ name: z.string(), months: z.array(z.number().int().min(1).max(12)) }),
    ),
    negation: z.string(),
    resolved: ZPatterns,
    /** A past or a planned event in the same sentence («в прошлом году», «всё обошлось», «будет отключена») cancels a hit… */
    past: ZPatterns.optional(),
    /** …unless the sentence also says it is happening now («опять», «снова», «сейчас»). */
    present: ZPatterns.optional(),
    /** In the same sentence, these undo `resolved`: it came back («починили, а вечером опять прорвало»). */
    again: ZPatterns.optional(),
    /**
     * Anywhere in the text, these make the whole story an aftermath (a claim for damages) or a precaution asked for
     * ahead («заранее поставить», «пока не замёрз»): like `past`.
     */
    aftermath: ZPatterns.optional(),
    /** Not a real event in this sentence: hearsay, news, a question about norms. */
    unreal: ZPatterns.optional(),
    /**
     * The author says it is not urgent or only informs («не срочно», «когда будет время»). When its clause names a
     * subject of its own («Вопрос с урной не срочный»), it calms that clause only; when it names nothing but
     * `calmFiller` words («Это не срочно», «Когда будет время, посмотрите»), it calms its sentence if that names
     * something, else the whole text.
     */
    calm: ZPatterns.optional(),
    /**
     * Calm phrases about the whole message wherever they stand: a withdrawal («отбой», «заявку закройте») or «это не
     * срочно» (the «это» points back at everything said).
     */
    calmWhole: ZPatterns.optional(),
    /** Whole words that name no subject of their own next to a calm phrase («это», «вопрос», «посмотрите»). */
    calmFiller: ZPatterns.optional(),
    /**
     * A clause that insists it is happening now («прямо сейчас», «срочно») keeps its hit despite a `calm` phrase that
     * covers it («Вопрос не срочный. А в подвале прямо сейчас хлещет вода»).
     */
    insist: ZPatterns.optional(),
    /** Right before the match, a condition or an instruction («если вдруг почувствую», «при запахе газа»). */
    hypothetical: z.string().optional(),
    /**
     * A wish, not a fact: «просим, чтобы огородили», «хорошо бы убрали» — the hazard is asked to be handled, not
     * handled, so a `resolved` word or an `unless` hit in it cancels nothing. Tested on the text before the hit up to
     * the end of the hit's first word (so it can ask that word to be a past form).
     */
    request: z.string().optional(),
    rules: z.array(ZUrgencyRule).min(1),
  })
  .strict()

export type UrgencyRuleSpec = z.infer<typeof ZUrgencyRule>
export type UrgencyRulesFile = z.infer<typeof ZUrgencyRules>

// ---- pattern language ------------------------------------------------------------------------------

/** A letter of a word: Russian, Ukrainian/Belarusian extras, Latin, digits. */
const LETTER = 'а-яіїєґўa-z0-9'
const W = `[${LETTER}]`
const WORD_RE = new RegExp(`${W}+`, 'g')
/** A word inside a gap: not a negation; an address abbreviation («д.», «ул.») keeps its dot. */
const GAP_WORD = `(?:(?:ул|д|кв|пр|пер|ст|мкр|корп|стр|пос|пл|просп|наб|эт)\\.|(?!(?:не|нет|ни|без|если)[\\s,])[^\\s,.!?;]+)`
/** « … »: up to three words in between, none of them a negation. */
const GAP = `[\\s,]+(?:${GAP_WORD}[\\s,]+){0,3}`
/** « …… »: up to six words in between, none of them a negation. */
const LONG_GAP = `[\\s,]+(?:${GAP_WORD}[\\s,]+){0,6}`
const SPACE = '(?:[\\s,]+)'

/**
 * Expands the pattern shorthands: « … » a gap of ≤ 3 words, « …… » a gap of ≤ 6 words, a space,
 * \w a letter, \b a word end (a word start when a letter follows it).
 */
export function expandPattern(src: string): string {
  return src
    .replaceAll(' …… ', '\u0002')
    .replaceAll(' … ', '\u0001')
    .replaceAll(' ', SPACE)
    .replaceAll('\\w', W)
    .replace(/\\b(?=[а-яіїєґўa-z0-9])/g, `(?<!${W})`)
    .replaceAll('\\b', `(?!${W})`)
    .replaceAll('\u0001', GAP)
    .replaceAll('\u0002', LONG_GAP)
}

/** Literal word prefixes a pattern can start with («(?:запах|пахн)\w*» → запах, пахн). */
export function triggersOf(src: string): string[] {
  return triggerSpecs(src).map((t) => t.lit)
}

interface TriggerSpec {
  lit: string
  /** The literal is a whole word (a space or \b follows): «в квартир…» runs on «в», not on «вода». */
  exact: boolean
}

const endsWord = (rest: string) => rest === '' || rest.startsWith(' ') || rest.startsWith('\\b')

/** Triggers with exactness; `follow` is what comes after `src` in the enclosing pattern. */
function triggerSpecs(src: string, follow = ''): TriggerSpec[] {
  if (src.startsWith('(?:')) {
    let depth = 0
    let end = -1
    const cuts: number[] = []
    for (let i = 0; i < src.length; i++) {
      const c = src[i]
      if (c === '\\') {
        i++
        continue
      }
      if (c === '(') depth++
      else if (c === ')') {
        depth--
        if (depth === 0) {
          end = i
          break
        }
      } else if (c === '|' && depth === 1) cuts.push(i)
    }
    if (end < 0) throw new Error(`Несбалансированные скобки в шаблоне «${src}»`)
    if (src[end + 1] === '?' || src[end + 1] === '*')
      throw new Error(`Необязательное начало шаблона «${src}»`)
    const after = src.slice(end + 1) + follow
    const bounds = [2, ...cuts, end]
    const out: TriggerSpec[] = []
    for (let k = 0; k + 1 < bounds.length; k++)
      out.push(...triggerSpecs(src.slice(bounds[k] + 1, bounds[k + 1]), after))
    return out
  }
  const m = src.match(new RegExp(`^${W}+`))
  let lit = m ? m[0] : ''
  const next = src[lit.length]
  const trimmed = next === '?' || next === '*' || next === '{'
  if (trimmed) lit = lit.slice(0, -1)
  if (!lit) throw new Error(`Шаблон должен начинаться с буквального начала слова: «${src}»`)
  const rest = src.slice(lit.length)
  return [{ lit, exact: !trimmed && endsWord(rest === '' ? follow : rest) }]
}

// ---- compiled rules ---------------------------------------------------------------------------------

interface CompiledRule {
  spec: UrgencyRuleSpec
  index: number
  withGroups: RegExp[]
  unless: RegExp | null
  unlessSentence: RegExp | null
  unlessText: RegExp | null
  notAfter: RegExp[]
  months: Set<number> | null
  seasonName: string
}

interface CompiledPattern {
  rule: CompiledRule
  re: RegExp
  /** Run only when the token is exactly the trigger. */
  exact: boolean
}

export interface CompiledUrgencyRules {
  file: UrgencyRulesFile
  rules: CompiledRule[]
  /** Trigger prefix → the patterns that start with it. */
  byTrigger: Map<string, CompiledPattern[]>
  /** First one or two letters → the triggers that start with them (one lookup per token, not per length). */
  buckets: Map<string, { trigger: string; patterns: CompiledPattern[] }[]>
  byStem: Map<string, CompiledRule[]>
  negation: RegExp
  resolved: RegExp
  past: RegExp | null
  present: RegExp | null
  again: RegExp | null
  aftermath: RegExp | null
  unreal: RegExp | null
  /** Calm and calmWhole phrases together (to find them and to check a clause holds none). */
  calm: RegExp | null
  /** The same, global (to list them all). */
  calmAll: RegExp | null
  calmWhole: RegExp | null
  calmFiller: RegExp | null
  insist: RegExp | null
  hypothetical: RegExp | null
  request: RegExp | null
}

/** One regex for a list of sentence patterns (one scan instead of one per pattern). */
const oneOf = (list: string[], flags = '') =>
  new RegExp(`(?<!${W})(?:${list.map(expandPattern).join('|')})`, flags)
const NEGATED_BEFORE = new RegExp(`(?:^|[^${LETTER}])(?:не|ни) $`)

const FIRST_WORD = new RegExp(`${W}*`, 'y')

/** Is the word at `at` asked for rather than done («чтобы огородили»)? */
function wished(request: RegExp | null, window: string, at: number): boolean {
  if (!request) return false
  FIRST_WORD.lastIndex = at
  const word = FIRST_WORD.exec(window)?.[0] ?? ''
  return request.test(window.slice(Math.max(0, at - 48), at + word.length))
}

/**
 * An `unless` hit: «огородили» cancels, «не огородили» does not, nor does a wish («просим, чтобы огородили»: `request`).
 * So does a `with` hit (without `request`): «ничего не падает» is no fall.
 */
function unlessHit(re: RegExp, window: string, request: RegExp | null = null): boolean {
  re.lastIndex = 0
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    if (
      !NEGATED_BEFORE.test(window.slice(Math.max(0, m.index - 4), m.index)) &&
      !wished(request, window, m.index)
    )
      return true
    re.lastIndex = m.index + 1
  }
  return false
}
const anyOf = (list: string[] | undefined, flags = '') =>
  list?.length ? new RegExp(`(?<!${W})(?:${list.map(expandPattern).join('|')})(?!${W})`, flags) : null

/** Checks and compiles a rules file; throws (in Russian) on a bad shape, an unindexable pattern or a bad reference. */
export function compileUrgencyRules(raw: unknown): CompiledUrgencyRules {
  const parsed = ZUrgencyRules.safeParse(raw)
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Правила срочности содержат ошибки:\n${lines.join('\n')}`)
  }
  const file = parsed.data
  const byTrigger = new Map<string, CompiledPattern[]>()
  const byStem = new Map<string, CompiledRule[]>()
  const rules: CompiledRule[] = []
  const ids = new Set<string>()
  file.rules.forEach((spec, index) => {
    if (ids.has(spec.id)) throw new Error(`Правило «${spec.id}» повторяется`)
    ids.add(spec.id)
    if (spec.category !== null && !(spec.category in file.categories))
      throw new Error(`Правило «${spec.id}»: неизвестная категория ${spec.category}`)
    const season = spec.season ? file.seasons[spec.season] : undefined
    if (spec.season && !season) throw new Error(`Правило «${spec.id}»: неизвестный сезон ${spec.season}`)
    if (!spec.match?.length && !spec.stems?.length) throw new Error(`Правило «${spec.id}» ничего не ищет`)
    const withFlat = (spec.with ?? []).flat()
    for (const p of [
      ...(spec.match ?? []),
      ...withFlat,
      ...(spec.unless ?? []),
      ...(spec.unlessSentence ?? []),
      ...(spec.unlessText ?? []),
      ...(spec.notAfter ?? []),
    ])
      if (/[А-ЯЁё]/.test(p))
        throw new Error(
          `Правило «${spec.id}»: шаблон «${p}» должен быть в нормализованном виде (строчные, е вместо ё)`,
        )
    const groups = spec.with?.length ? (Array.isArray(spec.with[0]) ? spec.with : [spec.with]) : []
    const rule: CompiledRule = {
      spec,
      index,
      withGroups: (groups as string[][]).map((g) => oneOf(g, 'g')),
      unless: spec.unless?.length ? oneOf(spec.unless, 'g') : null,
      unlessSentence: spec.unlessSentence?.length ? oneOf(spec.unlessSentence, 'g') : null,
      unlessText: spec.unlessText?.length ? oneOf(spec.unlessText, 'g') : null,
      notAfter: (spec.notAfter ?? []).map((p) => new RegExp(`^(?:${expandPattern(p)})`)),
      months: season ? new Set(season.months) : null,
      seasonName: season?.name ?? '',
    }
    rules.push(rule)
    for (const p of spec.match ?? []) {
      const re = new RegExp(expandPattern(p), 'y')
      for (const { lit, exact } of triggerSpecs(p)) {
        const list = byTrigger.get(lit)
        if (list) list.push({ rule, re, exact })
        else byTrigger.set(lit, [{ rule, re, exact }])
      }
    }
    for (const s of spec.stems ?? []) {
      const list = byStem.get(s)
      if (list) list.push(rule)
      else byStem.set(s, [rule])
    }
  })
  const buckets = new Map<string, { trigger: string; patterns: CompiledPattern[] }[]>()
  for (const [trigger, patterns] of byTrigger) {
    const key = trigger.slice(0, 2)
    const list = buckets.get(key)
    if (list) list.push({ trigger, patterns })
    else buckets.set(key, [{ trigger, patterns }])
  }
  return {
    file,
    rules,
    byTrigger,
    buckets,
    byStem,
    negation: new RegExp(`(?:${file.negation})$`),
    resolved: new RegExp(`(?<!${W})(?<!не )(?:${file.resolved.map(expandPattern).join('|')})(?!${W})`, 'g'),
    past: anyOf(file.past),
    present: anyOf(file.present),
    again: anyOf(file.again),
    aftermath: anyOf(file.aftermath),
    unreal: anyOf(file.unreal),
    calm: anyOf([...(file.calm ?? []), ...(file.calmWhole ?? [])]),
    calmAll: anyOf([...(file.calm ?? []), ...(file.calmWhole ?? [])], 'g'),
    calmWhole: anyOf(file.calmWhole),
    calmFiller: file.calmFiller?.length
      ? new RegExp(`^(?:${file.calmFiller.map(expandPattern).join('|')})$`)
      : null,
    insist: anyOf(file.insist),
    hypothetical: file.hypothetical ? new RegExp(`(?:${file.hypothetical})$`) : null,
    request: file.request ? new RegExp(`(?:${file.request})$`) : null,
  }
}

// ---- evaluation -------------------------------------------------------------------------------------

const ABBREVIATION =
  /(?:^|[^а-я])(?:ул|д|кв|г|пр|пер|им|ст|т|р|руб|тыс|мкр|корп|стр|пос|ш|пл|обл|просп|наб|эт|с|п)$/
const SENTENCE_MAX = 300

/** A sentence end: . ! ? ; or a line break, but not the dot of «ул.» or «д.». */
function isBoundary(norm: string, i: number): boolean {
  const c = norm[i]
  if (c === '!' || c === '?' || c === ';' || c === '\n') return true
  if (c !== '.') return false
  return !ABBREVIATION.test(norm.slice(Math.max(0, i - 6), i))
}

/** Start and end of the sentence around [start, end). */
function sentenceBounds(norm: string, start: number, end: number): [number, number] {
  let a = start
  const aMin = Math.max(0, start - SENTENCE_MAX)
  while (a > aMin && !isBoundary(norm, a - 1)) a--
  let b = end
  const bMax = Math.min(norm.length, end + SENTENCE_MAX)
  while (b < bMax && !isBoundary(norm, b)) b++
  return [a, b]
}

function sentenceAround(norm: string, start: number, end: number): string {
  const [a, b] = sentenceBounds(norm, start, end)
  return norm.slice(a, b)
}

interface Hit {
  rule: CompiledRule
  match: string
  inSeason: boolean
}

/** Local month (1..12) of `when` at the city's UTC offset; null for an invalid date. */
function localMonth(when: Date, offsetHours: number): number | null {
  const t = when instanceof Date ? when.getTime() : Number.NaN
  if (!Number.isFinite(t)) return null
  return new Date(t + offsetHours * 3_600_000).getUTCMonth() + 1
}

function checkHit(
  c: CompiledUrgencyRules,
  rule: CompiledRule,
  norm: string,
  start: number,
  end: number,
  settled: Map<string, boolean>,
  calm: CalmScope | null,
): boolean {
  const spec = rule.spec
  const before = norm.slice(Math.max(0, start - 48), start)
  if (spec.negatable !== false && c.negation.test(before.slice(-24))) return false
  if (c.hypothetical?.test(before)) return false
  if (rule.notAfter.length) {
    const after = norm.slice(end, end + 40)
    if (rule.notAfter.some((re) => re.test(after))) return false
  }
  const window =
    spec.scope === 'text'
      ? norm.slice(Math.max(0, start - 2000), end + 2000)
      : sentenceAround(norm, start, end)
  if (calm && calmCovers(calm, start) && !insistsDespiteCalm(c, window, norm.slice(start, end))) return false
  for (const re of rule.withGroups) if (!unlessHit(re, window)) return false
  if (rule.unless && unlessHit(rule.unless, window, c.request)) return false
  if (rule.unlessSentence && unlessHit(rule.unlessSentence, sentenceAround(norm, start, end), c.request))
    return false
  if (rule.unlessText && unlessHit(rule.unlessText, norm, c.request)) return false
  let done = settled.get(window)
  if (done === undefined) {
    const now = !!c.present?.test(window)
    done =
      (resolvedIn(c, window) && !c.again?.test(window)) ||
      !!c.unreal?.test(window) ||
      (!now && (!!c.past?.test(window) || aftermathIn(c, norm, settled)))
    settled.set(window, done)
  }
  return !done
}

/** A `resolved` word in the window that is not a wish («просим, чтобы огородили»). */
function resolvedIn(c: CompiledUrgencyRules, window: string): boolean {
  const re = c.resolved
  re.lastIndex = 0
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    if (!wished(c.request, window, m.index)) return true
    re.lastIndex = m.index + 1
  }
  return false
}

/** «Не срочно, но …», «…, а вот …»: a contrast starts a new clause. */
const CONTRAST = /[\s,]+(?:но|зато|однако|а)[\s,]+/g

/** What the calm phrases of a text cover: the whole text, or only some clauses and sentences ([start, end) in norm). */
interface CalmScope {
  /** The first calm phrase, quoted in the reasons. */
  words: string
  whole: boolean
  spans: [number, number][]
}

/** The clause of a sentence around [start, end): from the last contrast before it to the first one after it. */
function clauseBounds(sentence: string, start: number, end: number): [number, number] {
  let from = 0
  let to = sentence.length
  CONTRAST.lastIndex = 0
  for (let m = CONTRAST.exec(sentence); m !== null; m = CONTRAST.exec(sentence)) {
    if (m.index + m[0].length <= start) from = m.index + m[0].length
    else if (m.index >= end) {
      to = m.index
      break
    }
  }
  return [from, to]
}

/** Does the text name something besides calm phrases and filler words («вопрос с урной» does, «это» does not)? */
function namesSubject(c: CompiledUrgencyRules, text: string): boolean {
  const rest = c.calmAll ? text.replace(c.calmAll, ' ') : text
  const words = rest.match(WORD_RE) ?? []
  return words.some((w) => !/^\d+$/.test(w) && !c.calmFiller?.test(w))
}

/**
 * Where the calm phrases of a text apply. A `calmWhole` phrase («отбой», «это не срочно») covers the whole text. A
 * calm phrase whose clause names a subject («Вопрос с урной не срочный») covers that clause; one whose clause names
 * nothing covers its sentence when the sentence names something («Не срочно, но лавочку бы покрасить»), else the
 * whole text («Не срочно.»).
 */
function calmScopeOf(c: CompiledUrgencyRules, norm: string): CalmScope | null {
  const all = c.calmAll
  if (!all || !c.calm?.test(norm)) return null
  let scope: CalmScope | null = null
  for (const m of [...norm.matchAll(all)]) {
    const start = m.index
    const end = start + m[0].length
    scope ??= { words: m[0], whole: false, spans: [] }
    if (c.calmWhole?.test(m[0])) {
      scope.whole = true
      break
    }
    const [a, b] = sentenceBounds(norm, start, end)
    const sentence = norm.slice(a, b)
    const [from, to] = clauseBounds(sentence, start - a, end - a)
    if (namesSubject(c, sentence.slice(from, to))) scope.spans.push([a + from, a + to])
    else if (namesSubject(c, sentence)) scope.spans.push([a, b])
    else {
      scope.whole = true
      break
    }
  }
  return scope
}

const calmCovers = (scope: CalmScope, at: number) =>
  scope.whole || scope.spans.some(([a, b]) => at >= a && at < b)

/**
 * With a calm phrase in the text, a hit counts only when its clause (the sentence after the last contrast before
 * the hit) insists that it is happening now and holds no calm phrase itself.
 */
function insistsDespiteCalm(c: CompiledUrgencyRules, sentence: string, matched: string): boolean {
  const at = sentence.indexOf(matched)
  let from = 0
  CONTRAST.lastIndex = 0
  for (let m = CONTRAST.exec(sentence); m !== null && m.index < at; m = CONTRAST.exec(sentence))
    from = m.index + m[0].length
  const clause = sentence.slice(from)
  return !!c.insist?.test(clause) && !c.calm?.test(clause)
}

/** Cache key of the aftermath check in the per-text map of sentences (no sentence can be this). */
const AFTERMATH_KEY = '\u0000aftermath'

/** The text is about an aftermath (damages, compensation): computed once per text. */
function aftermathIn(c: CompiledUrgencyRules, norm: string, settled: Map<string, boolean>): boolean {
  if (!c.aftermath) return false
  let v = settled.get(AFTERMATH_KEY)
  if (v === undefined) {
    v = c.aftermath.test(norm)
    settled.set(AFTERMATH_KEY, v)
  }
  return v
}

function findHits(
  c: CompiledUrgencyRules,
  norm: string,
  stems: string[],
  month: number | null,
  sector: string | null | undefined,
  calm: CalmScope | null,
): Hit[] {
  const found = new Map<number, Hit>()
  /** Sentence → already resolved or in the past (the same for every rule). */
  const settled = new Map<string, boolean>()
  const skip = (rule: CompiledRule) =>
    found.has(rule.index) ||
    (sector != null && rule.spec.sectors !== undefined && !rule.spec.sectors.includes(sector))
  const inSeason = (rule: CompiledRule) => rule.months === null || month === null || rule.months.has(month)

  WORD_RE.lastIndex = 0
  for (let m = WORD_RE.exec(norm); m !== null; m = WORD_RE.exec(norm)) {
    const token = m[0]
    const one = c.buckets.get(token[0])
    const two = token.length > 1 ? c.buckets.get(token.slice(0, 2)) : undefined
    for (const bucket of [one, two]) {
      if (!bucket) continue
      for (const { trigger, patterns } of bucket) {
        if (!token.startsWith(trigger)) continue
        for (const p of patterns) {
          if (p.exact && token.length !== trigger.length) continue
          if (skip(p.rule)) continue
          p.re.lastIndex = m.index
          const hit = p.re.exec(norm)
          if (!hit) continue
          const end = m.index + hit[0].length
          if (!checkHit(c, p.rule, norm, m.index, end, settled, calm)) continue
          found.set(p.rule.index, { rule: p.rule, match: hit[0].trim(), inSeason: inSeason(p.rule) })
        }
      }
    }
  }
  // A stem cue has no sentence, so it cannot insist against a calm phrase.
  for (const s of calm !== null ? [] : stems) {
    for (const rule of c.byStem.get(s) ?? []) {
      if (skip(rule)) continue
      found.set(rule.index, { rule, match: `${s}…`, inSeason: inSeason(rule) })
    }
  }
  return [...found.values()].sort((a, b) => b.rule.spec.weight - a.rule.spec.weight)
}

const LETTERS_RE = /[\p{L}]/u
const TRANSLIT_DISCOUNT = 0.8

const round2 = (x: number) => Math.round(x * 100) / 100

/** Evaluates compiled rules; pure and fast, never throws on odd text. */
export function assessUrgencyWith(
  c: CompiledUrgencyRules,
  input: UrgencyInput,
  when: Date,
  sector?: string | null,
): UrgencyVerdict {
  let norm = typeof input?.norm === 'string' ? input.norm : ''
  const stems = Array.isArray(input?.stems) ? input.stems : []
  if (!norm.trim())
    return { urgent: false, score: 0, categories: [], reasons: ['Пустой текст — срочность не оценить'] }
  if (!LETTERS_RE.test(norm))
    return { urgent: false, score: 0, categories: [], reasons: ['В тексте нет слов — срочность не оценить'] }

  const notes: string[] = []
  let discount = 1
  const { latin, cyrillic } = scriptCounts(norm)
  if (latin > cyrillic * 2) {
    norm = normalize(latinToCyrillic(norm))
    discount = TRANSLIT_DISCOUNT
    notes.push('Текст латиницей: проверен после транслитерации, уверенность ниже')
  }
  const month = localMonth(when, c.file.utcOffsetHours)
  if (month === null) notes.push('Дата обращения неизвестна: сезонные правила применены без проверки месяца')

  const calm = calmScopeOf(c, norm)
  const calmReason = `Автор пишет, что это не срочно или только для сведения: «${calm?.words ?? ''}»`
  const hits = findHits(c, norm, stems, month, sector, calm)
  const best = new Map<string, number>()
  let rest = 1
  const reasons: string[] = []
  const offSeason: string[] = []
  for (const h of hits) {
    const text = h.rule.spec.reason.replaceAll('{match}', h.match)
    if (!h.inSeason) {
      offSeason.push(`«${h.match}» — не срочно вне сезона (${h.rule.seasonName})`)
      continue
    }
    const w = h.rule.spec.weight * discount
    reasons.push(text)
    const cat = h.rule.spec.category
    if (cat === null) rest *= 1 - w
    else if (w > (best.get(cat) ?? 0)) best.set(cat, w)
  }
  for (const w of best.values()) rest *= 1 - w
  const score = round2(1 - rest)
  const threshold = c.file.threshold
  const urgent = score >= threshold
  const ranked = [...best.entries()].sort((a, b) => b[1] - a[1])
  let categories = ranked.filter(([, w]) => w >= threshold).map(([k]) => k)
  if (urgent && categories.length === 0 && ranked.length) categories = [ranked[0][0]]
  if (calm !== null) {
    if (!urgent) return { urgent: false, score: 0, categories: [], reasons: [calmReason, ...notes] }
    notes.push(
      calm.whole
        ? `${calmReason}, но в другой части текста сказано, что это происходит сейчас`
        : `${calmReason}, но это сказано о другом`,
    )
  }
  if (hits.length === 0) notes.push('Признаков срочности не найдено')
  return { urgent, score, categories, reasons: [...reasons, ...offSeason.slice(0, 3), ...notes] }
}

const RULES_URL = new URL('../../../reference/understanding/urgency.json', import.meta.url)
let compiled: CompiledUrgencyRules | null = null

/** The shipped rules, compiled once. */
export function urgencyRules(): CompiledUrgencyRules {
  compiled ??= compileUrgencyRules(JSON.parse(fs.readFileSync(RULES_URL, 'utf8')))
  return compiled
}

/** Urgency of an analysed text received at `when`, optionally knowing its sector. */
export function assessUrgency(input: UrgencyInput, when: Date, sector?: string | null): UrgencyVerdict {
  return assessUrgencyWith(urgencyRules(), input, when, sector)
}

/** Russian names of the urgency categories, by code. */
export function urgencyCategoryNames(): Record<string, string> {
  return urgencyRules().file.categories
}
