/** Smolensk keeps Moscow time; every date on screen is shown in it, whatever the browser's zone. */
const TIME_ZONE = 'Europe/Moscow'

const dateTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})
const shortDateTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})
const dateOnly = new Intl.DateTimeFormat('ru-RU', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
})
const dayMonth = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: '2-digit', month: '2-digit' })
const time = new Intl.DateTimeFormat('ru-RU', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' })

function parse(value: string | null | undefined): Date | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** 27.11.2026, 14:05 */
export function formatDateTime(value: string | null | undefined): string {
  const date = parse(value)
  return date ? dateTime.format(date) : '—'
}

const yearOnly = new Intl.DateTimeFormat('ru-RU', { timeZone: TIME_ZONE, year: 'numeric' })

/** 27.11, 14:05 for this year (dense tables); an older date keeps its year: 22.12.2025. */
export function formatShortDateTime(value: string | null | undefined): string {
  const date = parse(value)
  if (!date) return '—'
  if (yearOnly.format(date) !== yearOnly.format(new Date())) return dateOnly.format(date)
  return shortDateTime.format(date)
}

/** 27.11.2026 */
export function formatDate(value: string | null | undefined): string {
  const date = parse(value)
  return date ? dateOnly.format(date) : '—'
}

/** 14:05 */
export function formatTime(value: string | null | undefined): string {
  const date = parse(value)
  return date ? time.format(date) : '—'
}

/** A calendar day 'YYYY-MM-DD' as 27.11 (no time-zone shift: it is already a local day). */
export function formatDay(day: string): string {
  const date = parse(`${day}T00:00:00Z`)
  return date ? dayMonth.format(date) : day
}

const integer = new Intl.NumberFormat('ru-RU')
const oneDecimal = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const percent = new Intl.NumberFormat('ru-RU', { style: 'percent', maximumFractionDigits: 0 })

/** 1 234 */
export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value)
}

/** 4,6 — an average rating; a dash when there is none yet. */
export function formatRating(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : oneDecimal.format(value)
}

/** 0.87 → 87 % */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : percent.format(value)
}
