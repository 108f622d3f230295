/**
 * Normalises a typed registration number: trims, upper-cases, and turns a Latin "O" typed by mistake
 * into the Cyrillic «О» the numbers start with.
 */
export function normaliseRegNumber(value: string): string {
  const trimmed = value.trim().toUpperCase().replace(/\s+/g, '')
  return trimmed.replace(/^O(?=-)/, 'О')
}

/** Whether a typed number looks like a registration number (О-2026-000123). */
export function isRegNumber(value: string): boolean {
  return /^[А-ЯЁA-Z]{1,3}-\d{4}-\d{1,9}$/.test(value)
}

/** Keeps only digits of a tracking code. */
export function normaliseCode(value: string): string {
  return value.replace(/\D/g, '').slice(0, 6)
}

/** The deep link of a tracking result. */
export function trackPath(regNumber: string, code: string): string {
  return `/track/${encodeURIComponent(regNumber)}?code=${encodeURIComponent(code)}`
}
