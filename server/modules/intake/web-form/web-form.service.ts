import type { Db, Queryable } from '../../../platform/db'
import { AppError, type ErrorDetail } from '../../../platform/errors'
import { registerAppeal } from '../../appeals/appeals.service'
import {
  ATTACHMENT_LIMITS,
  checkFiles,
  type IncomingFile,
  storeAttachments,
} from '../../attachments/attachments.service'
import {
  claimChannelKey,
  pruneChannelState,
  readChannelState,
  writeChannelState,
} from '../../channels/channel-state'
import { getReferenceLists } from '../../reference/reference.service'
import {
  FORM_TOKEN_MAX_AGE_MS,
  FORM_TOKEN_MIN_AGE_MS,
  openSealed,
  sealText,
  signFormToken,
  verifyFormToken,
} from './form-token'
import { CONSENT_TEXT, CONSENT_TEXT_VERSION, ZWebFormFields } from './web-form.schemas'

/** channel_state of the portal: used token nonces and sealed tracking codes, both dropped after MAX_AGE. */
const STATE_CHANNEL = 'web'
const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'application/pdf']

let lastPrune = 0

/** A fresh signed token and what the page needs: sectors for the category hint, limits, the consent text. */
export async function getWebFormInfo(db: Queryable, secret: string, now = Date.now()) {
  // Tokens live two hours, so their used nonces (and sealed codes) older than that can go; at most every 10 min.
  if (now - lastPrune > 10 * 60_000) {
    lastPrune = now
    await pruneChannelState(db, STATE_CHANNEL, new Date(now - FORM_TOKEN_MAX_AGE_MS - 60_000))
  }
  const { sectors } = await getReferenceLists(db)
  return {
    token: signFormToken(secret, now),
    minDelaySeconds: FORM_TOKEN_MIN_AGE_MS / 1000,
    maxAgeSeconds: FORM_TOKEN_MAX_AGE_MS / 1000,
    sectors: sectors.map((s) => ({ code: s.code, name: s.name })),
    limits: {
      maxFiles: ATTACHMENT_LIMITS.maxFiles,
      maxFileBytes: ATTACHMENT_LIMITS.maxBytes,
      accept: ACCEPTED_TYPES,
      textMinLength: 5,
      textMaxLength: 20_000,
    },
    consent: { version: CONSENT_TEXT_VERSION, text: CONSENT_TEXT },
  }
}

/** Parses the form's text fields; every problem is reported next to its field, in Russian. */
function parseFields(raw: Record<string, string>) {
  // The honeypot is invisible to people; only a script that fills every input puts text there.
  if (raw.website?.trim()) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Форма отклонена: заполнено скрытое поле, которое заполняют только программы. Обновите страницу и отправьте обращение ещё раз.',
      [{ path: 'website', message: 'поле должно быть пустым' }],
    )
  }
  const parsed = ZWebFormFields.safeParse(raw)
  if (parsed.success) return parsed.data
  const details: ErrorDetail[] = parsed.error.issues.map((i) => ({
    path: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''),
    message: i.message,
  }))
  throw new AppError(
    'VALIDATION_FAILED',
    `Проверьте поля формы: ${details.map((d) => d.message).join('; ')}`,
    details,
  )
}

export interface WebFormResult {
  regNumber: string
  trackingCode: string | null
  created: boolean
}

/**
 * Registers a portal submission as a 59-ФЗ appeal (channel `web`) with its files, exactly once per form
 * fill (clientId). Checks, in order: honeypot and fields, files by content, the token's signature and age;
 * then in one transaction: the token's single use, the appeal, the files. Any refusal stores nothing.
 */
export async function submitWebForm(
  db: Db,
  input: { fields: Record<string, string>; files: IncomingFile[]; secret: string; now?: number },
): Promise<WebFormResult> {
  const now = input.now ?? Date.now()
  const form = parseFields(input.fields)
  checkFiles(input.files)
  const { nonce, issuedAt } = verifyFormToken(input.secret, form.token, now)

  return db.transaction(async (tx) => {
    const claimed = await claimChannelKey(tx, STATE_CHANNEL, `token:${nonce}`, { clientId: form.clientId })
    if (!claimed) {
      // The same fill sent twice (a double click, a retry after a lost answer) gets the same number;
      // the token pasted into another submission is refused.
      const used = await readChannelState<{ clientId: string }>(tx, STATE_CHANNEL, `token:${nonce}`)
      if (used?.clientId !== form.clientId) {
        throw new AppError(
          'CONFLICT',
          'Эта форма уже отправлена. Чтобы подать новое обращение, обновите страницу.',
          [{ path: 'token', message: 'форма уже использована' }],
        )
      }
    }
    const consentAt = new Date(now).toISOString()
    const result = await registerAppeal(
      tx,
      {
        regime: 'fz59',
        channel: 'web',
        externalId: form.clientId,
        receivedAt: consentAt,
        text: form.text,
        applicants: [
          {
            fullName: form.fullName,
            phone: form.phone ?? null,
            email: form.email ?? null,
            postalAddress: form.postalAddress ?? null,
          },
        ],
        addressText: form.addressText ?? null,
        lat: form.lat ?? null,
        lon: form.lon ?? null,
        // The citizen's category is a hint for the coordinator, not a routing decision.
        meta: {
          sectorHint: form.sectorHint ?? null,
          consentAt,
          consentTextVersion: CONSENT_TEXT_VERSION,
          formFilledSeconds: Math.round((now - issuedAt) / 1000),
          files: input.files.length,
        },
      },
      { kind: 'citizen' },
    )
    const sealedKey = `client:${form.clientId}`
    if (!result.created) {
      const kept = await readChannelState<{ regNumber: string; code: string }>(tx, STATE_CHANNEL, sealedKey)
      const code = kept?.regNumber === result.regNumber ? openSealed(input.secret, kept.code) : null
      return { regNumber: result.regNumber, trackingCode: code, created: false }
    }
    await storeAttachments(tx, result.id, input.files)
    if (result.trackingCode) {
      await writeChannelState(tx, STATE_CHANNEL, sealedKey, {
        regNumber: result.regNumber,
        code: sealText(input.secret, result.trackingCode),
      })
    }
    return { regNumber: result.regNumber, trackingCode: result.trackingCode, created: true }
  })
}

/** The tracking page's address for the citizen: number in the path, code in the query. */
export function trackingUrl(publicUrl: string, regNumber: string, code: string | null): string {
  const base = `${publicUrl.replace(/\/+$/, '')}/track/${encodeURIComponent(regNumber)}`
  return code ? `${base}?code=${code}` : base
}
