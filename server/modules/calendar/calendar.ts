import { z } from 'zod'
import data from '../../../reference/calendar/ru.json' with { type: 'json' }

/*
 * Russian production calendar and deadline arithmetic: pure functions over a data file.
 *
 * Time zone: every day boundary and working hour is Moscow time. Europe/Moscow has been UTC+3 all year round,
 * with no DST, since 26.10.2014 (Федеральный закон от 21.07.2014 № 248-ФЗ), and the calendar only covers years
 * after that, so a fixed +03:00 offset is exact and keeps this module free of Intl/tz-database differences.
 * If Russia ever brings DST back, this offset is the one place to change.
 *
 * Internally a civil date is a "day number": whole days since 1970-01-01 of the Moscow calendar.
 */

/** Moscow offset from UTC in milliseconds (fixed +03:00 since 2014, see the header comment). */
const MSK_OFFSET_MS = 3 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const MINUTE_MS = 60 * 1000
const HOUR_MS = 60 * MINUTE_MS

/** What a date is under the calendar: a full or shortened working day, a plain weekend or a non-working day. */
export type DayKind = 'working' | 'short' | 'weekend' | 'holiday'

/** A row of the admin override table: wins over the data file for that date. */
export interface CalendarOverride {
  /** 'YYYY-MM-DD', Moscow civil date. */
  date: string
  /** holiday = non-working day; working = full working day; short = working day shortened by 1 hour (ТК РФ ст. 95). */
  kind: 'holiday' | 'working' | 'short'
}

/** Working hours of a day, in minutes after Moscow midnight. */
export interface WorkdayHours {
  readonly start: number
  readonly end: number
  readonly lunchStart: number
  readonly lunchEnd: number
  /** End of a pre-holiday day: one hour earlier (ТК РФ ст. 95). */
  readonly shortDayEnd: number
}

/** Where a year's data came from and whether the act behind it is final. */
export interface CalendarYearInfo {
  readonly year: number
  readonly source: string
  /** 'draft' = built from a published draft, not a signed постановление: show it as such to users. */
  readonly status: 'approved' | 'draft'
}

/** A loaded calendar: the data file plus admin overrides, ready for the functions below. */
export interface ProductionCalendar {
  readonly country: 'RU'
  readonly timezone: 'Europe/Moscow'
  readonly workday: WorkdayHours
  readonly years: ReadonlyMap<number, CalendarYearInfo>
  /** Every date that departs from the Mon–Fri rule, keyed 'YYYY-MM-DD' (file first, overrides on top). */
  readonly exceptions: ReadonlyMap<string, CalendarOverride['kind']>
}

const OVERRIDE_KINDS: ReadonlySet<string> = new Set(['holiday', 'working', 'short'])
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/

const ZIsoDate = z.string().regex(ISO_DATE)
const ZHhMm = z.string().regex(HH_MM)
const ZYear = z.object({
  source: z.string().min(1),
  status: z.enum(['approved', 'draft']),
  holidays: z.array(ZIsoDate),
  workingWeekends: z.array(ZIsoDate),
  shortDays: z.array(ZIsoDate),
  transfers: z.array(z.object({ from: ZIsoDate, to: ZIsoDate })).optional(),
  totals: z.object({
    workingDays: z.number().int(),
    nonWorkingDays: z.number().int(),
    shortDays: z.number().int(),
    hours40: z.number().int(),
  }),
})
const ZCalendarFile = z.object({
  country: z.literal('RU'),
  timezone: z.literal('Europe/Moscow'),
  workday: z.object({
    start: ZHhMm,
    end: ZHhMm,
    lunch: z.tuple([ZHhMm, ZHhMm]),
    shortDayEnd: ZHhMm,
  }),
  years: z.record(z.string().regex(/^\d{4}$/), ZYear),
})

/** Russian error for a year the data file does not cover: deadlines must never be guessed. */
function missingYear(year: number): Error {
  return new Error(`Производственный календарь на ${year} год не загружен`)
}

function parseIsoDate(date: string): number {
  const m = ISO_DATE.exec(date)
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const ms = Date.UTC(y, mo - 1, d)
    const back = new Date(ms)
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) {
      return ms / DAY_MS
    }
  }
  throw new Error(`Некорректная дата «${date}»: ожидается существующая дата в формате ГГГГ-ММ-ДД`)
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear()
}

function isSatOrSun(day: number): boolean {
  const wd = new Date(day * DAY_MS).getUTCDay()
  return wd === 0 || wd === 6
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

/** Moscow civil day of an instant. */
function mskDay(instant: Date): number {
  const t = instant.getTime()
  if (Number.isNaN(t)) throw new Error('Некорректная дата: передан Invalid Date')
  return Math.floor((t + MSK_OFFSET_MS) / DAY_MS)
}

/** The UTC instant of a Moscow wall-clock minute on a given day. */
function instantAt(day: number, minute: number): number {
  return day * DAY_MS + minute * MINUTE_MS - MSK_OFFSET_MS
}

/** The last millisecond of a Moscow civil day (23:59:59.999). */
function endOfDay(day: number): Date {
  return new Date(instantAt(day + 1, 0) - 1)
}

export interface BaseCalendar {
  workday: WorkdayHours
  years: Map<number, CalendarYearInfo>
  exceptions: Map<string, CalendarOverride['kind']>
}

let base: BaseCalendar | undefined

/** The data file (the production calendar as shipped); `veche calendar import` writes years into it. */
export const CALENDAR_FILE = new URL('../../../reference/calendar/ru.json', import.meta.url)

/** The shape of the data file, for tools that rewrite it (`veche calendar import`). */
export type CalendarFileData = z.infer<typeof ZCalendarFile>

/** Parses and cross-checks the data file once; a broken file must fail loudly at start-up, not skew deadlines. */
function loadBase(): BaseCalendar {
  base ??= checkCalendarFile(data)
  return base
}

/**
 * Checks a calendar file (shape, dates inside their years, lists that do not contradict each other, official totals)
 * and returns what it holds; throws a Russian error naming the first problem. Used at start and before an import writes.
 */
export function checkCalendarFile(raw: unknown): BaseCalendar {
  const parsed = ZCalendarFile.safeParse(raw)
  if (!parsed.success) {
    const i = parsed.error.issues[0]
    throw new Error(`Файл производственного календаря: ${i.path.join('.')}: ${i.message}`)
  }
  const file = parsed.data
  const fail = (msg: string): never => {
    throw new Error(`Файл производственного календаря: ${msg}`)
  }

  const w = file.workday
  const workday: WorkdayHours = {
    start: minutesOf(w.start),
    end: minutesOf(w.end),
    lunchStart: minutesOf(w.lunch[0]),
    lunchEnd: minutesOf(w.lunch[1]),
    shortDayEnd: minutesOf(w.shortDayEnd),
  }
  if (
    !(
      workday.start < workday.lunchStart &&
      workday.lunchStart <= workday.lunchEnd &&
      workday.lunchEnd < workday.shortDayEnd &&
      workday.shortDayEnd <= workday.end
    )
  ) {
    fail('часы работы должны идти по порядку: начало < обед < конец сокращённого дня ≤ конец дня')
  }

  const years = new Map<number, CalendarYearInfo>()
  const exceptions = new Map<string, CalendarOverride['kind']>()
  for (const [key, y] of Object.entries(file.years)) {
    const year = Number(key)
    const inYear = (date: string, list: string): number => {
      const day = parseIsoDate(date)
      if (yearOf(day) !== year) fail(`дата ${date} из списка ${list} не относится к ${year} году`)
      return day
    }
    const holidays = new Set(y.holidays)
    const shorts = new Set(y.shortDays)
    const workingWeekends = new Set(y.workingWeekends)
    for (const d of holidays) inYear(d, 'holidays')
    for (const d of workingWeekends) {
      if (!isSatOrSun(inYear(d, 'workingWeekends'))) {
        fail(`${d} в workingWeekends не суббота и не воскресенье`)
      }
      if (holidays.has(d)) fail(`${d} указана и в holidays, и в workingWeekends`)
    }
    for (const d of shorts) {
      const day = inYear(d, 'shortDays')
      if (holidays.has(d)) fail(`${d} указана и в holidays, и в shortDays`)
      // A shortened Saturday is still a working Saturday: it must be listed as such, so nothing is implied.
      if (isSatOrSun(day) && !workingWeekends.has(d)) {
        fail(`${d} — сокращённый выходной день, но нет в workingWeekends`)
      }
    }
    for (const d of holidays) exceptions.set(d, 'holiday')
    for (const d of workingWeekends) exceptions.set(d, 'working')
    for (const d of shorts) exceptions.set(d, 'short')

    // The official yearly totals are typed in by hand from the decree: they catch a mistyped or missing date.
    let working = 0
    let short = 0
    const first = parseIsoDate(`${year}-01-01`)
    const next = parseIsoDate(`${year + 1}-01-01`)
    for (let day = first; day < next; day++) {
      const kind = exceptions.get(isoOf(day))
      if (kind === 'short') short++
      if (kind === 'working' || kind === 'short' || (kind === undefined && !isSatOrSun(day))) working++
    }
    const t = y.totals
    if (
      t.workingDays !== working ||
      t.nonWorkingDays !== next - first - working ||
      t.shortDays !== short ||
      t.hours40 !== working * 8 - short
    ) {
      fail(
        `${year} год: итоги не сходятся со списками дат (рабочих дней по спискам ${working}, в totals ${t.workingDays}; сокращённых ${short}, в totals ${t.shortDays})`,
      )
    }
    years.set(year, { year, source: y.source, status: y.status })
  }
  return { workday, years, exceptions }
}

/** Loads the production calendar from reference/calendar, with admin overrides winning over the file. */
export function loadCalendar(overrides: readonly CalendarOverride[] = []): ProductionCalendar {
  const b = loadBase()
  const exceptions = new Map(b.exceptions)
  const seen = new Map<string, CalendarOverride['kind']>()
  for (const o of overrides) {
    const day = parseIsoDate(o.date)
    if (!OVERRIDE_KINDS.has(o.kind)) {
      throw new Error(`Переопределение на ${o.date}: неизвестный вид дня «${String(o.kind)}»`)
    }
    // An override cannot stand in for a whole missing year: the rest of that year would silently follow Mon–Fri.
    if (!b.years.has(yearOf(day))) {
      throw new Error(`Переопределение на ${o.date}: ${missingYear(yearOf(day)).message}`)
    }
    const prev = seen.get(o.date)
    if (prev !== undefined && prev !== o.kind) {
      throw new Error(`Противоречивые переопределения на ${o.date}: «${prev}» и «${o.kind}»`)
    }
    seen.set(o.date, o.kind)
    exceptions.set(o.date, o.kind)
  }
  return { country: 'RU', timezone: 'Europe/Moscow', workday: b.workday, years: b.years, exceptions }
}

function kindOfDay(cal: ProductionCalendar, day: number): DayKind {
  const year = yearOf(day)
  if (!cal.years.has(year)) throw missingYear(year)
  const ex = cal.exceptions.get(isoOf(day))
  if (ex === 'holiday') return 'holiday'
  if (ex === 'working' || ex === 'short') return ex
  return isSatOrSun(day) ? 'weekend' : 'working'
}

function isWorking(cal: ProductionCalendar, day: number): boolean {
  const kind = kindOfDay(cal, day)
  return kind === 'working' || kind === 'short'
}

/** Minute the working day ends: 18:00, or one hour earlier on a pre-holiday day (ТК РФ ст. 95). */
function workEnd(cal: ProductionCalendar, day: number): number {
  return kindOfDay(cal, day) === 'short' ? cal.workday.shortDayEnd : cal.workday.end
}

function assertInteger(value: number, min: number, what: string): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} должно быть целым числом не меньше ${min}, получено ${value}`)
  }
}

/** Kind of a Moscow civil date 'YYYY-MM-DD': working, short (pre-holiday), weekend or holiday (incl. transferred days off). */
export function dayKind(cal: ProductionCalendar, date: string): DayKind {
  return kindOfDay(cal, parseIsoDate(date))
}

/** Whether a Moscow civil date 'YYYY-MM-DD' is a working day (a shortened one counts). */
export function isWorkingDay(cal: ProductionCalendar, date: string): boolean {
  return isWorking(cal, parseIsoDate(date))
}

/**
 * Due moment N calendar days after `from`: the end (23:59:59.999 MSK) of the Nth day, counting from the next day
 * (59-ФЗ ст. 12 ч. 1: 30 days from registration; "дней" there means calendar days).
 */
export function addCalendarDays(
  cal: ProductionCalendar,
  from: Date,
  days: number,
  opts: { moveOffDay?: 'none' | 'next' | 'previous' } = {},
): Date {
  assertInteger(days, 0, 'Число календарных дней')
  let due = mskDay(from) + days
  // 'none' never consults the calendar, so it works for any year; moving needs the year's data (and throws without it).
  // 'next' follows ГК РФ ст. 193; 'previous' is what many regional 59-ФЗ instructions require. The rule is per regime.
  if (opts.moveOffDay === 'next') {
    while (!isWorking(cal, due)) due++
  } else if (opts.moveOffDay === 'previous') {
    while (!isWorking(cal, due)) due--
  }
  return endOfDay(due)
}

/**
 * Due moment N working days after `from`: the day of `from` is not counted; due is the end (23:59:59.999 MSK) of the
 * Nth working day. Every day-based term in Вече ends at the end of its last day, like addCalendarDays (ГК РФ ст. 194
 * п. 1: «до двадцати четырёх часов последнего дня срока»); only working-hour terms end inside a day.
 */
export function addWorkingDays(cal: ProductionCalendar, from: Date, days: number): Date {
  assertInteger(days, 1, 'Число рабочих дней')
  let day = mskDay(from)
  for (let left = days; left > 0; ) {
    day++
    if (isWorking(cal, day)) left--
  }
  return endOfDay(day)
}

/**
 * Moment when `hours` of working time have passed since `from` (09:00–13:00, 14:00–18:00 MSK; 17:00 on a
 * pre-holiday day, ТК РФ ст. 95). A start outside working time starts counting at the next working moment.
 */
export function addWorkingHours(cal: ProductionCalendar, from: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`Число рабочих часов должно быть неотрицательным числом, получено ${hours}`)
  }
  let left = Math.round(hours * HOUR_MS)
  const t = from.getTime()
  const { start, lunchStart, lunchEnd } = cal.workday
  for (let day = mskDay(from); ; day++) {
    if (!isWorking(cal, day)) continue
    const spans: Array<[number, number]> = [
      [instantAt(day, start), instantAt(day, lunchStart)],
      [instantAt(day, lunchEnd), instantAt(day, workEnd(cal, day))],
    ]
    for (const [a, b] of spans) {
      const s = Math.max(a, t)
      if (s >= b) continue
      // `<=` keeps a deadline that ends exactly at 13:00 or 18:00 on that moment, not at the next opening.
      if (left <= b - s) return new Date(s + left)
      left -= b - s
    }
  }
}

/** Working days after the Moscow date of `from` up to and including that of `to` (the inverse of addWorkingDays; negative if `to` is earlier). */
export function workingDaysBetween(cal: ProductionCalendar, from: Date, to: Date): number {
  const a = mskDay(from)
  const b = mskDay(to)
  if (b < a) return -workingDaysBetween(cal, to, from)
  let count = 0
  for (let day = a + 1; day <= b; day++) if (isWorking(cal, day)) count++
  return count
}

/** One Moscow date of the calendar as the SQL mirror (calendar_day) holds it. */
export interface CalendarDayRow {
  day: string
  working: boolean
  /** Working days from the first row up to and including this date. */
  ord: number
  /** Start and end of working time on a working day (the end is an hour earlier on a shortened day). */
  workStart: string | null
  workEnd: string | null
  /** A year the calendar does not hold: Mon–Fri, an approximation until the year is loaded. */
  approx: boolean
}

/**
 * Every date of the years `fromYear`…`toYear` with its working-day ordinal, for set-based SQL (the escalation
 * queue). Loaded years follow the calendar and its overrides; other years follow Mon–Fri and are marked approx,
 * so a statement never loses a step for lack of a year (the calendar page warns about the missing year).
 */
export function calendarDayRows(cal: ProductionCalendar, fromYear: number, toYear: number): CalendarDayRow[] {
  const rows: CalendarDayRow[] = []
  let ord = 0
  const first = parseIsoDate(`${fromYear}-01-01`)
  const last = parseIsoDate(`${toYear}-12-31`)
  for (let day = first; day <= last; day++) {
    const approx = !cal.years.has(yearOf(day))
    const kind: DayKind = approx ? (isSatOrSun(day) ? 'weekend' : 'working') : kindOfDay(cal, day)
    const working = kind === 'working' || kind === 'short'
    if (working) ord++
    const end = kind === 'short' ? cal.workday.shortDayEnd : cal.workday.end
    rows.push({
      day: isoOf(day),
      working,
      ord,
      workStart: working ? new Date(instantAt(day, cal.workday.start)).toISOString() : null,
      workEnd: working ? new Date(instantAt(day, end)).toISOString() : null,
      approx,
    })
  }
  return rows
}
