import { REGIME_CODES } from '../../common/domain'
import { loadCalendar, type ProductionCalendar } from '../modules/calendar/calendar'
import {
  checkRuleSet,
  describeTerm,
  explainRule,
  matchRule,
  type RuleSet,
  type Term,
} from '../modules/deadlines/deadlines.rules'
import { computeDueAt, readRuleFile } from '../modules/deadlines/deadlines.service'
import { loadReferenceFiles } from '../modules/reference/reference.service'

/** A bad argument of `veche deadline`: printed in Russian on stderr, exit code 2. */
export class UsageError extends Error {}

export interface DeadlineArgs {
  from?: string
  calendarDays?: string
  workingDays?: string
  workingHours?: string
  moveOffDay?: string
  regime?: string
  category?: string[]
  channel?: string
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/

/** `--from`: an ISO 8601 date-time; without an offset it is Moscow time. A date that does not exist is refused. */
export function parseFrom(value: string | undefined): Date {
  if (!value)
    throw new UsageError(
      'Укажите начало отсчёта: --from <дата и время ISO 8601>, например 2025-04-29T15:00+03:00',
    )
  const m = ISO.exec(value.trim())
  if (!m)
    throw new UsageError(
      `Неверная дата --from «${value}»: нужна дата и время ISO 8601, например 2025-04-29T15:00:00+03:00`,
    )
  const [, y, mo, d, h, mi] = m
  if (Number(h) > 23 || Number(mi) > 59 || Number(m[6] ?? 0) > 59)
    throw new UsageError(`Неверное время в --from «${value}»`)
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (
    probe.getUTCFullYear() !== Number(y) ||
    probe.getUTCMonth() !== Number(mo) - 1 ||
    probe.getUTCDate() !== Number(d)
  )
    throw new UsageError(`Такой даты нет: --from «${value}»`)
  const date = new Date(m[8] ? value.trim() : `${value.trim()}+03:00`)
  if (Number.isNaN(date.getTime())) throw new UsageError(`Неверная дата --from «${value}»`)
  return date
}

function count(value: string, what: string, opts: { fraction?: boolean; max: number }): number {
  const n = Number(value)
  const ok = /^\d+(\.\d+)?$/.test(value.trim()) && Number.isFinite(n) && n > 0 && n <= opts.max
  if (!ok || (!opts.fraction && !Number.isInteger(n)))
    throw new UsageError(
      `Неверное число ${what} «${value}»: нужно ${opts.fraction ? 'положительное число' : 'целое положительное число'} не больше ${opts.max}`,
    )
  return n
}

/** Moscow wall-clock time with its offset: 2025-05-15T23:59:59+03:00 (the due moment is inclusive to the second). */
export function formatMoscow(d: Date): string {
  return `${new Date(d.getTime() + 3 * 3_600_000).toISOString().slice(0, 19)}+03:00`
}

/** The file's rule set, checked like at start (against the reference statuses and channels and the calendar). */
export function fileRuleSet(cal: ProductionCalendar): RuleSet {
  const ref = loadReferenceFiles()
  return checkRuleSet(readRuleFile().raw, {
    statuses: ref.statuses.statuses.map((s) => ({ code: s.code, isOpen: s.isOpen })),
    channels: ref.channels.map((c) => c.code),
    tryTerm: (t) => {
      computeDueAt(t, new Date(), cal)
    },
  })
}

/**
 * `veche deadline`: the due moment for an explicit term or for the configured rule. Returns the one JSON line's
 * object; throws UsageError for bad or conflicting arguments.
 */
export function runDeadline(
  args: DeadlineArgs,
  ctx: { calendar?: ProductionCalendar; rules?: RuleSet } = {},
): { due: string; rule: string } {
  const from = parseFrom(args.from)
  const terms = [args.calendarDays, args.workingDays, args.workingHours, args.regime].filter(
    (v) => v !== undefined,
  )
  if (terms.length !== 1)
    throw new UsageError(
      terms.length === 0
        ? 'Укажите срок: --calendar-days N, --working-days N, --working-hours N или --regime <режим> (с --category, --channel)'
        : 'Укажите только один срок: --calendar-days, --working-days, --working-hours или --regime',
    )
  if (args.regime === undefined && (args.category?.length || args.channel))
    throw new UsageError('--category и --channel применяются только вместе с --regime')
  if (args.moveOffDay !== undefined && args.calendarDays === undefined)
    throw new UsageError('--move-off-day применяется только с --calendar-days')
  if (args.moveOffDay !== undefined && !['none', 'next'].includes(args.moveOffDay))
    throw new UsageError(`Неверное значение --move-off-day «${args.moveOffDay}»: none или next`)
  const cal = ctx.calendar ?? loadCalendar()
  const compute = (term: Term) => {
    try {
      return computeDueAt(term, from, cal)
    } catch (err) {
      throw new UsageError((err as Error).message)
    }
  }
  if (args.regime !== undefined) {
    if (!REGIME_CODES.includes(args.regime as never))
      throw new UsageError(`Неизвестный режим «${args.regime}»: ${REGIME_CODES.join(', ')}`)
    const rules = ctx.rules ?? fileRuleSet(cal)
    const input = { regime: args.regime, channel: args.channel ?? null, categories: args.category ?? [] }
    const rule = matchRule(rules, input)
    return { due: formatMoscow(compute(rule)), rule: explainRule(rule, input) }
  }
  let term: Term
  if (args.calendarDays !== undefined)
    term = {
      kind: 'calendar_days',
      amount: count(args.calendarDays, 'календарных дней', { max: 366 }),
      moveOffDay: (args.moveOffDay ?? 'none') as 'none' | 'next',
    }
  else if (args.workingDays !== undefined)
    term = { kind: 'working_days', amount: count(args.workingDays, 'рабочих дней', { max: 250 }) }
  else
    term = {
      kind: 'working_hours',
      amount: count(args.workingHours ?? '', 'рабочих часов', { fraction: true, max: 2000 }),
    }
  const how =
    term.kind === 'working_hours'
      ? 'рабочее время 09:00–18:00 МСК с обедом 13:00–14:00, в предпраздничный день до 17:00; отсчёт с ближайшего рабочего момента'
      : `день начала не считается; срок истекает в 23:59:59 МСК последнего дня (ГК РФ ст. 194)${term.kind === 'working_days' ? '; рабочие дни — по производственному календарю РФ' : ''}`
  return { due: formatMoscow(compute(term)), rule: `${describeTerm(term)} от ${formatMoscow(from)}: ${how}` }
}
