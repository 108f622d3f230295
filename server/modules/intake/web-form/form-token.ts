import crypto from 'node:crypto'
import type { Queryable } from '../../../platform/db'
import type { Env } from '../../../platform/env'
import { AppError } from '../../../platform/errors'
import { claimChannelKey, readChannelState } from '../../channels/channel-state'

/**
 * Signed one-time form tokens: the portal's bot protection without a third-party captcha. A token is
 * `v1.<issuedAt ms>.<nonce>.<HMAC-SHA256(issuedAt.nonce)>`; it is valid from MIN_AGE after issue (people
 * need seconds to fill a form, scripts do not) until MAX_AGE, and the nonce is claimed once on submit.
 */
export const FORM_TOKEN_MIN_AGE_MS = 3_000
export const FORM_TOKEN_MAX_AGE_MS = 2 * 60 * 60 * 1000

/** channel_state rows: the generated secret lives apart from the pruned one-time keys of channel `web`. */
export const SECRET_CHANNEL = 'web:config'
const SECRET_KEY = 'form-secret'

/**
 * The HMAC key: VECHE_FORM_SECRET, or one generated on first start and kept in channel_state so that
 * every API process and every restart signs with the same key (insert-if-absent, then read: races agree).
 */
export async function loadFormSecret(db: Queryable, env: Env): Promise<string> {
  if (env.VECHE_FORM_SECRET) return env.VECHE_FORM_SECRET
  await claimChannelKey(db, SECRET_CHANNEL, SECRET_KEY, { secret: crypto.randomBytes(32).toString('hex') })
  const stored = await readChannelState<{ secret: string }>(db, SECRET_CHANNEL, SECRET_KEY)
  if (!stored?.secret) throw new Error('form secret missing in channel_state')
  return stored.secret
}

const hmac = (secret: string, data: string) =>
  crypto.createHmac('sha256', secret).update(data).digest('base64url')

/** A token for a form shown at `issuedAt`. */
export function signFormToken(secret: string, issuedAt: number, nonce = crypto.randomUUID()): string {
  return `v1.${issuedAt}.${nonce}.${hmac(secret, `${issuedAt}.${nonce}`)}`
}

const tokenError = (message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ path: 'token', message }])

/** Checks signature and age; returns the nonce (to be claimed once) and when the form was shown. */
export function verifyFormToken(
  secret: string,
  token: string,
  now = Date.now(),
): { nonce: string; issuedAt: number } {
  const parts = token.split('.')
  const [version, issuedText, nonce, signature] = parts
  const issuedAt = Number(issuedText)
  const valid =
    parts.length === 4 &&
    version === 'v1' &&
    /^\d{13}$/.test(issuedText ?? '') &&
    /^[0-9a-f-]{36}$/.test(nonce ?? '') &&
    safeEqual(signature ?? '', hmac(secret, `${issuedText}.${nonce}`))
  if (!valid)
    throw tokenError('Форма повреждена или устарела. Обновите страницу и отправьте обращение снова.')
  const age = now - issuedAt
  if (age < FORM_TOKEN_MIN_AGE_MS) {
    throw tokenError('Форма отправлена слишком быстро. Подождите несколько секунд и отправьте её ещё раз.')
  }
  if (age >= FORM_TOKEN_MAX_AGE_MS) {
    throw tokenError('Форма была открыта больше двух часов назад. Отправьте обращение ещё раз.')
  }
  return { nonce, issuedAt }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

/**
 * AES-256-GCM under a key derived from the form secret. The tracking code is stored hashed on the appeal;
 * this sealed copy (kept two hours) lets a repeated submit of the same form show the citizen the code again.
 */
export function sealText(secret: string, text: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', sealKey(secret), iv)
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.')
}

/** Opens what sealText sealed; null when it was sealed under another secret or altered. */
export function openSealed(secret: string, sealed: string): string | null {
  try {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'))
    const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey(secret), iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

const sealKey = (secret: string) => crypto.createHmac('sha256', secret).update('veche:seal:v1').digest()
