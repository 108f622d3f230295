import type { WebFormInfo } from '../api/submit'

export type SubmitDraft = {
  text: string
  sectorHint: string
  addressText: string
  lat: number | null
  lon: number | null
  fullName: string
  phone: string
  email: string
  postalAddress: string
  consent: boolean
  /** The honeypot: hidden from people, left empty. */
  website: string
}

export const emptyDraft = (): SubmitDraft => ({
  text: '',
  sectorHint: '',
  addressText: '',
  lat: null,
  lon: null,
  fullName: '',
  phone: '',
  email: '',
  postalAddress: '',
  consent: false,
  website: '',
})

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The same rules the server applies (59-ФЗ ст. 7, 152-ФЗ consent), checked before sending. */
export function validateDraft(d: SubmitDraft, limits: WebFormInfo['limits']): Record<string, string> {
  const errors: Record<string, string> = {}
  const text = d.text.trim()
  if (text.length < limits.textMinLength) {
    errors.text = `Опишите проблему (не меньше ${limits.textMinLength} символов)`
  } else if (text.length > limits.textMaxLength) {
    errors.text = `Текст длиннее ${limits.textMaxLength.toLocaleString('ru-RU')} символов`
  }
  if (!/^\S+\s+\S+/u.test(d.fullName.trim()))
    errors.fullName = 'Укажите фамилию и имя (отчество — при наличии)'
  if (d.email.trim() && !EMAIL.test(d.email.trim())) errors.email = 'Неверный адрес электронной почты'
  if (!d.email.trim() && !d.postalAddress.trim()) {
    errors.email = 'Укажите электронную почту или почтовый адрес — туда придёт ответ'
    errors.postalAddress = errors.email
  }
  if (d.phone.trim() && !/^[\d\s()+-]{5,40}$/.test(d.phone.trim())) {
    errors.phone = 'Телефон: цифры, пробелы, скобки, «+» и «-»'
  }
  if (!d.consent) errors.consent = 'Без согласия на обработку персональных данных обращение не отправить'
  return errors
}

/** The multipart body the server expects; files go last under the name `files`. */
export function toFormData(d: SubmitDraft, token: string, clientId: string, files: File[]): FormData {
  const form = new FormData()
  form.append('text', d.text.trim())
  form.append('sectorHint', d.sectorHint)
  form.append('addressText', d.addressText.trim())
  form.append('lat', d.lat === null ? '' : d.lat.toFixed(6))
  form.append('lon', d.lon === null ? '' : d.lon.toFixed(6))
  form.append('fullName', d.fullName.trim())
  form.append('phone', d.phone.trim())
  form.append('email', d.email.trim())
  form.append('postalAddress', d.postalAddress.trim())
  form.append('consent', d.consent ? 'true' : 'false')
  form.append('token', token)
  form.append('website', d.website)
  form.append('clientId', clientId)
  for (const file of files) form.append('files', file, file.name)
  return form
}

/** A UUID v4 for this fill of the form; getRandomValues works on plain http too (randomUUID does not). */
export function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
