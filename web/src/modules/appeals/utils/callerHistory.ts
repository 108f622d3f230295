import type { CallerLookup } from '../api/types'

/** The server returns at most this many earlier appeals of a caller, newest first. */
export const CALLER_HISTORY_LIMIT = 20

/** Shortest part of a name the server searches by (it matches the beginning of the ФИО). */
export const CALLER_NAME_MIN_LETTERS = 3

/** How many letters a typed name has (spaces, dots and hyphens do not count). */
export function countLetters(typed: string): number {
  return typed.match(/\p{L}/gu)?.length ?? 0
}

/**
 * The 10-digit Russian number (9101234567) once the typed phone is complete, else null.
 * Accepts `8 (910) 123-45-67`, `+7 910 …`, `9101234567`. A number typed with a leading `+7`/`8 `
 * needs all 11 digits: ten of them are still a number in progress, and asking for it would log a
 * personal-data lookup of a stranger.
 */
export function completePhone(typed: string): string | null {
  const digits = typed.replace(/\D/g, '')
  if (digits.length === 11 && /^[78]/.test(digits)) return digits.slice(1)
  const prefixed = /^\s*(\+|[78]\s*[\s(-])/.test(typed)
  if (digits.length === 10 && !prefixed) return digits
  return null
}

/**
 * The lookup to make for what the operator has typed, or null while neither part is enough for the
 * server: the phone complete, or at least three letters of the ФИО.
 */
export function callerLookup(phone: string, name: string): CallerLookup | null {
  const lookup: CallerLookup = {}
  const digits = completePhone(phone)
  if (digits) lookup.phone = `+7${digits}`
  const cleanName = name.trim().replace(/\s+/g, ' ')
  if (countLetters(cleanName) >= CALLER_NAME_MIN_LETTERS) lookup.name = cleanName
  return lookup.phone || lookup.name ? lookup : null
}

/**
 * Identity of a lookup: two lookups with the same key find the same appeals (the server matches the
 * name case-insensitively), so the second one is never sent.
 */
export function callerLookupKey(lookup: CallerLookup): string {
  return `${lookup.phone ?? ''}|${(lookup.name ?? '').toLocaleLowerCase('ru')}`
}
