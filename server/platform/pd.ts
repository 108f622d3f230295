/**
 * Masking of personal data (152-ФЗ): lists, exports and every public view show only as much as the
 * reader needs. Pure functions; the presenters decide which one applies to whom.
 */

/** 'Иванов Иван Петрович' → 'И*** И. П.'; '@ivan_smol' → '@i***'. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null
  const trimmed = name.trim()
  if (trimmed.startsWith('@')) return `@${trimmed.slice(1, 2)}***`
  const [surname, ...rest] = trimmed.split(/\s+/)
  const initials = rest.map((p) => `${p.slice(0, 1).toUpperCase()}.`).join(' ')
  return `${surname.slice(0, 1).toUpperCase()}***${initials ? ` ${initials}` : ''}`
}

/** '+7 (910) 123-45-67' → '+7 *** ***-**-67'. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 4) return '***'
  return `+7 *** ***-**-${digits.slice(-2)}`
}

/** 'ivan.petrov@mail.ru' → 'i***@mail.ru'. */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null
  const at = email.indexOf('@')
  if (at < 1) return '***'
  return `${email.slice(0, 1)}***${email.slice(at)}`
}

/** Drops the flat number: 'ул. Ленина, д. 5, кв. 17' → 'ул. Ленина, д. 5'. */
export function maskPostalAddress(address: string | null | undefined): string | null {
  if (!address) return null
  return address.replace(/,?\s*(кв\.?|квартира|комн\.?|комната)\s*\d+\S*/giu, '').trim()
}

/** Normalises a Russian phone to +7XXXXXXXXXX for search; returns null when it is not a phone. */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null
  let digits = phone.replace(/\D/g, '')
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) digits = digits.slice(1)
  if (digits.length !== 10) return null
  return `+7${digits}`
}
