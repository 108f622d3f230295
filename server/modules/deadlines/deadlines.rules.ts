import { z } from 'zod'
import { REGIME_CODES } from '../../../common/domain'

/*
 * Deadline rules as data (reference/deadlines.json; an admin may replace the set through PUT /api/deadline-rules).
 * Pure functions: the schema, the checks a set must pass before it is used, and matching an appeal to its rule.
 *
 * What `due` means: a day-based term (calendar or working days) ends at the end of its last day, 23:59:59.999 Moscow
 * time (ГК РФ ст. 194 п. 1: «до двадцати четырёх часов последнего дня срока»); a working-hour term ends at the exact
 * moment the hours run out. The same meaning holds for the answer, the extension, information requests and `veche deadline`.
 */

const code = z
  .string('укажите код правила')
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'код правила: латинские строчные буквы, цифры, «-» и «_»')
const list = (what: string) =>
  z.array(z.string().min(1).max(100), `${what}: ожидается список`).min(1, `${what}: пустой список`).optional()

const TERM_SHAPES = {
  calendar_days: {
    kind: z.literal('calendar_days'),
    amount: z.number().int('число дней — целое').min(1, 'не меньше 1 дня').max(366, 'не больше 366 дней'),
    /** A last day that falls on a day off: stays ('none') or moves to the next working day ('next', ГК РФ ст. 193). */
    moveOffDay: z.enum(['none', 'next'], 'moveOffDay: none или next'),
  },
  working_days: {
    kind: z.literal('working_days'),
    amount: z.number().int('число дней — целое').min(1, 'не меньше 1 дня').max(250, 'не больше 250 дней'),
  },
  working_hours: {
    kind: z.literal('working_hours'),
    amount: z.number().positive('часов больше нуля').max(2000, 'не больше 2000 часов'),
  },
}
const KIND_ERROR = 'вид срока: calendar_days, working_days или working_hours'

/** A term plus the given fields, as one strict discriminated union (unknown fields are refused). */
function withTerm<T extends z.ZodRawShape>(extra: T) {
  return z.discriminatedUnion(
    'kind',
    [
      z.object({ ...extra, ...TERM_SHAPES.calendar_days }).strict(),
      z.object({ ...extra, ...TERM_SHAPES.working_days }).strict(),
      z.object({ ...extra, ...TERM_SHAPES.working_hours }).strict(),
    ],
    KIND_ERROR,
  )
}

/** How a term is counted on the production calendar. */
export const ZTerm = withTerm({})
export type Term = z.infer<typeof ZTerm>

/** One answer-deadline rule: matched by regime, optionally by channel and by category (sector, topic or ПОС category). */
export const ZDeadlineRule = withTerm({
  code,
  regime: z.enum(REGIME_CODES, `режим: ${REGIME_CODES.join(', ')}`),
  channels: list('channels'),
  /** Matches when any of the appeal's categories is listed: its sector, its topic, or its ПОС category. */
  categories: list('categories'),
  description: z.string().trim().min(10, 'описание с источником нормы обязательно (не короче 10 символов)'),
})
export type DeadlineRule = Term & {
  code: string
  regime: (typeof REGIME_CODES)[number]
  channels?: string[]
  categories?: string[]
  description: string
}

const ZStage = z
  .object({
    code: z.enum(['moderation', 'routing', 'execution', 'approval']),
    name: z.string().min(1),
    /** Statuses in which the appeal is at this stage. */
    statuses: z.array(z.string().min(1)).min(1),
    /** The stage must end by this share of the whole term, counted from registration (cumulative, the last is 1). */
    until: z.number().gt(0).max(1),
  })
  .strict()

export const ZRuleSet = z
  .object({
    description: z.string().optional(),
    rules: z.array(z.unknown()).min(1, 'набор правил пуст'),
    extension: z
      .object({
        regimes: z.array(z.enum(REGIME_CODES)),
        /** 59-ФЗ ст. 12 ч. 2: by no more than 30 days, once. */
        maxDays: z.number().int().min(1).max(30, 'продление не больше 30 дней (59-ФЗ ст. 12 ч. 2)'),
        maxCount: z.number().int().min(1).max(1, 'продление допускается один раз (59-ФЗ ст. 12 ч. 2)'),
        description: z.string().min(10),
      })
      .strict(),
    infoRequest: withTerm({ description: z.string().min(10) }),
    clarification: z
      .object({
        regimes: z.array(z.enum(REGIME_CODES)),
        /** The longest pause while waiting for the applicant, in calendar days; then the clock resumes by itself. */
        maxDays: z.number().int().min(1).max(60),
        description: z.string().min(10),
      })
      .strict(),
    stages: z.array(ZStage).min(1),
  })
  .strict()

export interface RuleSet {
  description?: string
  rules: DeadlineRule[]
  extension: { regimes: string[]; maxDays: number; maxCount: number; description: string }
  infoRequest: Term & { description: string }
  clarification: { regimes: string[]; maxDays: number; description: string }
  stages: { code: string; name: string; statuses: string[]; until: number }[]
}

/** What an appeal offers to rule matching. */
export interface MatchInput {
  regime: string
  channel?: string | null
  /** Sector code, topic code, ПОС category — any of them may be named in a rule's `categories`. */
  categories?: (string | null | undefined)[]
}

/** Context the checks need: the known statuses, and a way to compute a term now (throws when a calendar year is missing). */
export interface CheckContext {
  statuses: { code: string; isOpen: boolean }[]
  channels: string[]
  tryTerm(term: Term): void
}

const covers = (outer: string[] | undefined, inner: string[] | undefined) =>
  outer === undefined || inner?.every((x) => outer.includes(x)) === true

/** Rule `a` (earlier) catches every appeal rule `b` would catch: `b` can never apply. */
export const shadows = (a: DeadlineRule, b: DeadlineRule) =>
  a.regime === b.regime && covers(a.channels, b.channels) && covers(a.categories, b.categories)

/**
 * Validates a rule set: its shape, then overlaps (a rule shadowed entirely by an earlier one), gaps (a regime with
 * no rule that catches everything left), unknown channels and statuses, stages, and whether every term can be
 * computed on the loaded production calendar. Returns the set or throws a list of Russian messages naming the rules.
 */
export function checkRuleSet(raw: unknown, ctx: CheckContext): RuleSet {
  const problems: string[] = []
  const top = ZRuleSet.safeParse(raw)
  if (!top.success) {
    throw new RuleSetError(
      top.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || 'набор'}: ${i.message}`),
    )
  }
  const rules: DeadlineRule[] = []
  top.data.rules.forEach((r, i) => {
    const parsed = ZDeadlineRule.safeParse(r)
    if (!parsed.success) {
      const name = (r as { code?: unknown })?.code
      for (const issue of parsed.error.issues.slice(0, 3))
        problems.push(
          `Правило №${i + 1}${typeof name === 'string' ? ` «${name}»` : ''}: ${issue.path.join('.') || 'правило'}: ${issue.message}`,
        )
    } else rules.push(parsed.data as DeadlineRule)
  })
  if (problems.length > 0) throw new RuleSetError(problems)

  const seen = new Set<string>()
  for (const r of rules) {
    if (seen.has(r.code)) problems.push(`Код правила «${r.code}» встречается дважды`)
    seen.add(r.code)
    for (const c of r.channels ?? [])
      if (!ctx.channels.includes(c)) problems.push(`Правило «${r.code}»: неизвестный канал «${c}»`)
  }
  // Overlaps: first match wins, so a rule that an earlier one covers completely would never apply.
  rules.forEach((b, j) => {
    const a = rules.slice(0, j).find((x) => shadows(x, b))
    if (a)
      problems.push(
        `Перекрытие: правило «${b.code}» никогда не сработает — все его обращения раньше забирает правило «${a.code}» (режим ${b.regime}${a.channels ? `, каналы ${a.channels.join(', ')}` : ''}${a.categories ? `, категории ${a.categories.join(', ')}` : ''})`,
      )
  })
  // Gaps: every regime needs a last rule with no channel and no category, or some appeals get no deadline.
  for (const regime of REGIME_CODES) {
    const own = rules.filter((r) => r.regime === regime)
    if (!own.some((r) => !r.channels && !r.categories)) {
      problems.push(
        own.length === 0
          ? `Пробел: для режима «${regime}» нет ни одного правила — его обращения останутся без срока`
          : `Пробел: для режима «${regime}» нет общего правила (без каналов и категорий) — обращения, не подошедшие под ${own.map((r) => `«${r.code}»`).join(', ')}, останутся без срока`,
      )
    }
  }
  const set = top.data as unknown as RuleSet
  for (const regime of [...set.extension.regimes, ...set.clarification.regimes]) {
    if (!REGIME_CODES.includes(regime as never)) problems.push(`Неизвестный режим «${regime}»`)
  }
  const statusCodes = new Map(ctx.statuses.map((s) => [s.code, s.isOpen]))
  let prev = 0
  for (const s of set.stages) {
    if (s.until <= prev)
      problems.push(`Этап «${s.name}»: доли срока этапов должны возрастать (${s.until} после ${prev})`)
    prev = s.until
    for (const st of s.statuses) {
      if (!statusCodes.has(st)) problems.push(`Этап «${s.name}»: неизвестный статус «${st}»`)
      else if (!statusCodes.get(st)) problems.push(`Этап «${s.name}»: статус «${st}» не открытый`)
    }
  }
  if (prev !== 1) problems.push('Последний этап должен заканчиваться вместе со сроком ответа (until = 1)')
  // A rule that needs a calendar year that is not loaded fails here, not at 3 a.m. in a job.
  for (const r of rules) {
    try {
      ctx.tryTerm(r)
    } catch (err) {
      problems.push(`Правило «${r.code}»: ${(err as Error).message}`)
    }
  }
  try {
    ctx.tryTerm(set.infoRequest)
  } catch (err) {
    problems.push(`Срок межведомственного запроса: ${(err as Error).message}`)
  }
  if (problems.length > 0) throw new RuleSetError(problems)
  return { ...set, rules }
}

/** A rule set that must not be used: every problem found, in Russian. */
export class RuleSetError extends Error {
  constructor(readonly problems: string[]) {
    super(`Набор правил сроков отклонён:\n${problems.map((p) => `  • ${p}`).join('\n')}`)
  }
}

/** The first rule that matches (regime, then channel and category when the rule names them). */
export function matchRule(set: Pick<RuleSet, 'rules'>, input: MatchInput): DeadlineRule {
  const cats = (input.categories ?? []).filter((c): c is string => Boolean(c))
  const rule = set.rules.find(
    (r) =>
      r.regime === input.regime &&
      (!r.channels || (input.channel != null && r.channels.includes(input.channel))) &&
      (!r.categories || cats.some((c) => r.categories?.includes(c))),
  )
  // checkRuleSet guarantees a catch-all rule per known regime; an unknown regime is the caller's input error.
  if (!rule) throw new RangeError(`Неизвестный режим обращения «${input.regime}»`)
  return rule
}

const KIND_WORDS: Record<Term['kind'], (n: number) => string> = {
  calendar_days: (n) => `${n} ${plural(n, 'календарный день', 'календарных дня', 'календарных дней')}`,
  working_days: (n) => `${n} ${plural(n, 'рабочий день', 'рабочих дня', 'рабочих дней')}`,
  working_hours: (n) => `${n} ${plural(n, 'рабочий час', 'рабочих часа', 'рабочих часов')}`,
}

function plural(n: number, one: string, few: string, many: string) {
  if (!Number.isInteger(n)) return few
  const m10 = n % 10
  const m100 = n % 100
  if (m10 === 1 && m100 !== 11) return one
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few
  return many
}

/** A term in Russian words: «30 календарных дней (выходной не переносится)». */
export function describeTerm(t: Term): string {
  const base = KIND_WORDS[t.kind](t.amount)
  if (t.kind !== 'calendar_days') return base
  return `${base}${t.moveOffDay === 'next' ? ', последний день на выходном переносится на следующий рабочий' : ''}`
}

/** Why this rule: its code, what it matched on and its source — the `rule` field of `veche deadline`. */
export function explainRule(rule: DeadlineRule, input: MatchInput): string {
  const on = [`режим ${rule.regime}`]
  if (rule.channels) on.push(`канал ${input.channel}`)
  if (rule.categories) {
    const hit = (input.categories ?? []).find((c) => c && rule.categories?.includes(c))
    on.push(`категория ${hit}`)
  }
  return `${rule.code} (${on.join(', ')}): ${describeTerm(rule)}. ${rule.description}`
}

/** Where each stage must end, as a share of the whole term from registration to the final due moment. */
export function stageDues(
  stages: RuleSet['stages'],
  registeredAt: Date,
  dueAt: Date,
): { code: string; name: string; statuses: string[]; dueAt: Date }[] {
  const from = registeredAt.getTime()
  const span = Math.max(0, dueAt.getTime() - from)
  return stages.map((s) => ({
    code: s.code,
    name: s.name,
    statuses: s.statuses,
    dueAt: s.until === 1 ? dueAt : new Date(from + Math.round(span * s.until)),
  }))
}
