import fs from 'node:fs'
import { XMLParser } from 'fast-xml-parser'
import {
  CALENDAR_FILE,
  type CalendarFileData,
  checkCalendarFile,
  loadCalendar,
} from '../modules/calendar/calendar'
import { calendarWarnings, calendarYears } from '../modules/calendar/calendar.service'

/*
 * `veche calendar import <xmlcalendar.xml>` writes a year into the product's data file (reference/calendar/ru.json),
 * not into the admin override table. Why: a year is regulation data that every installation needs the same, reviewed
 * in git, covered by the load-time consistency check and by the tests; the override table is for a local one-off
 * decision on a date (and an override may not stand in for a whole missing year). The imported year is marked
 * "draft" until someone checks it against the signed постановление and sets "approved".
 */

export class CalendarImportError extends Error {}

type Year = CalendarFileData['years'][string]

/** Parses the xmlcalendar.ru format (<calendar year=…><days><day d="MM.DD" t="1|2|3" f="MM.DD"/>…). */
export function parseXmlCalendar(text: string, source?: string): { year: number; data: Year } {
  let doc: {
    calendar?: { year?: string; date?: string; days?: { day?: { d?: string; t?: string; f?: string }[] } }
  }
  try {
    doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'day',
    }).parse(text, true)
  } catch (err) {
    throw new CalendarImportError(`Файл не является XML xmlcalendar: ${(err as Error).message}`)
  }
  const cal = doc.calendar
  if (!cal || typeof cal !== 'object')
    throw new CalendarImportError('Это не файл xmlcalendar.ru: нет элемента <calendar year="…">')
  const year = Number(cal.year)
  if (!/^\d{4}$/.test(String(cal.year ?? '')) || year < 2015 || year > 2100)
    throw new CalendarImportError(
      `Неверный год в файле: «${cal.year ?? ''}» (ожидается год от 2015 до 2100 в атрибуте <calendar year>)`,
    )
  const days = cal.days?.day ?? []
  if (days.length === 0)
    throw new CalendarImportError(`В файле на ${year} год нет ни одного дня (<days><day …/>)`)
  const holidays: string[] = []
  const workingWeekends: string[] = []
  const shortDays: string[] = []
  const transfers: { from: string; to: string }[] = []
  const iso = (md: string | undefined, what: string) => {
    const m = /^(\d{2})\.(\d{2})$/.exec(md ?? '')
    const date = m && new Date(Date.UTC(year, Number(m[1]) - 1, Number(m[2])))
    if (!m || !date || date.getUTCMonth() !== Number(m[1]) - 1 || date.getUTCDate() !== Number(m[2]))
      throw new CalendarImportError(`Несуществующая дата «${md ?? ''}» (${what}) в календаре на ${year} год`)
    return `${year}-${m[1]}-${m[2]}`
  }
  const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())
  for (const day of days) {
    const date = iso(day.d, 'атрибут d')
    if (day.t === '1') {
      holidays.push(date)
      if (day.f) transfers.push({ from: iso(day.f, 'атрибут f'), to: date })
    } else if (day.t === '2') {
      shortDays.push(date)
      if (weekend(date)) workingWeekends.push(date)
    } else if (day.t === '3') workingWeekends.push(date)
    else
      throw new CalendarImportError(`День ${date}: неизвестный тип t="${day.t ?? ''}" (ожидается 1, 2 или 3)`)
  }
  // Totals follow from the lists here; the admin checks them against the official calendar before "approved".
  let working = 0
  const ex = new Map<string, string>([
    ...holidays.map((d) => [d, 'h'] as const),
    ...workingWeekends.map((d) => [d, 'w'] as const),
  ])
  const first = Date.UTC(year, 0, 1)
  const next = Date.UTC(year + 1, 0, 1)
  for (let t = first; t < next; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10)
    const k = ex.get(d)
    if (k === 'w' || (k === undefined && !weekend(d))) working++
  }
  const total = Math.round((next - first) / 86_400_000)
  return {
    year,
    data: {
      source: `${source ?? `xmlcalendar.ru ru/${year}/calendar.xml`}${cal.date ? ` (файл от ${cal.date})` : ''}`,
      status: 'draft',
      holidays,
      workingWeekends,
      shortDays,
      transfers,
      totals: {
        workingDays: working,
        nonWorkingDays: total - working,
        shortDays: shortDays.length,
        hours40: working * 8 - shortDays.length,
      },
    },
  }
}

/** What changes between the year in the file and the imported one, day by day, in Russian. */
export function diffYear(before: Year | undefined, after: Year): string[] {
  if (!before)
    return [
      `новый год: нерабочих дней по спискам ${after.holidays.length}, рабочих выходных ${after.workingWeekends.length}, сокращённых ${after.shortDays.length}; рабочих дней ${after.totals.workingDays}`,
    ]
  const out: string[] = []
  const lists: [keyof Year & ('holidays' | 'workingWeekends' | 'shortDays'), string][] = [
    ['holidays', 'нерабочие дни'],
    ['workingWeekends', 'рабочие выходные'],
    ['shortDays', 'сокращённые дни'],
  ]
  for (const [key, name] of lists) {
    const a = new Set(before[key])
    const b = new Set(after[key])
    const added = [...b].filter((d) => !a.has(d))
    const removed = [...a].filter((d) => !b.has(d))
    if (added.length) out.push(`${name}: + ${added.join(', ')}`)
    if (removed.length) out.push(`${name}: − ${removed.join(', ')}`)
  }
  if (before.totals.workingDays !== after.totals.workingDays)
    out.push(`рабочих дней: ${before.totals.workingDays} → ${after.totals.workingDays}`)
  return out
}

/** JSON with lists of dates on one line, like the hand-written file. */
function formatFile(data: unknown): string {
  return `${JSON.stringify(data, null, 2).replace(/\[\n\s+("[^\]]*?")\n\s+\]/g, (_, inner: string) => `[${inner.replace(/,\n\s+/g, ', ')}]`)}\n`
}

/**
 * Imports one year from an xmlcalendar file: prints what would change; writes only when the whole file still passes
 * the calendar's load check, and not at all with dryRun. Any error leaves the file untouched.
 */
export function importCalendar(
  xmlPath: string,
  opts: { dryRun: boolean; status?: 'draft' | 'approved'; source?: string; file?: URL | string },
): { year: number; changes: string[]; written: boolean } {
  let text: string
  try {
    text = fs.readFileSync(xmlPath, 'utf8')
  } catch {
    throw new CalendarImportError(`Не удалось прочитать файл «${xmlPath}»`)
  }
  const { year, data } = parseXmlCalendar(text, opts.source)
  if (opts.status) data.status = opts.status
  const target = opts.file ?? CALENDAR_FILE
  const file = JSON.parse(fs.readFileSync(target, 'utf8')) as CalendarFileData
  const before = file.years[String(year)]
  const changes = diffYear(before, data)
  const next: CalendarFileData = {
    ...file,
    years: Object.fromEntries(
      Object.entries({ ...file.years, [String(year)]: data }).sort(([a], [b]) => Number(a) - Number(b)),
    ),
  }
  try {
    checkCalendarFile(next)
  } catch (err) {
    throw new CalendarImportError(`Календарь не прошёл проверку, файл не изменён: ${(err as Error).message}`)
  }
  if (opts.dryRun || changes.length === 0) return { year, changes, written: false }
  fs.writeFileSync(target, formatFile(next))
  return { year, changes, written: true }
}

/** `veche calendar status`: years loaded, draft or approved, and warnings (next year missing after 1 September). */
export function calendarStatusLines(now = new Date()): string[] {
  const cal = loadCalendar()
  return [
    ...calendarYears(cal).map(
      (y) => `${y.year}: ${y.status === 'approved' ? 'утверждён' : 'ПРОЕКТ (draft)'} — ${y.source}`,
    ),
    ...calendarWarnings(now, cal).map((w) => `Внимание: ${w}`),
  ]
}
