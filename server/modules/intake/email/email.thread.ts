import type { Queryable } from '../../../platform/db'
import { type AppealRow, findAppealForSystem } from '../../appeals/appeals.service'
import type { IncomingMail } from './email.parse'

/** What we keep in appeal.meta.email: enough to reply in the citizen's thread. */
export interface EmailMeta {
  messageId: string | null
  subject: string
  from: { address: string; name: string | null }
  /** The thread up to and including the citizen's letter (last 10 ids): our replies reference it. */
  references: string[]
  /** Attachments not taken, with the reason (told to the sender in the acknowledgement). */
  refusedFiles: { fileName: string; reason: string }[]
}

export const emailMeta = (appeal: { meta: Record<string, unknown> }): EmailMeta | undefined =>
  appeal.meta.email as EmailMeta | undefined

/**
 * Message-ID of a letter we send about an appeal: `<veche.<appeal id>.<kind>[.<n>]@<our domain>>`.
 * Deterministic, so a retried send carries the same id (mail clients show one letter), and a reply's
 * In-Reply-To leads back to the appeal.
 */
export function outgoingMessageId(appealId: number, kind: string, n: number | null, domain: string) {
  return `<veche.${appealId}.${kind}${n == null ? '' : `.${n}`}@${domain}>`
}

const OUR_ID = /^<veche\.(\d{1,15})\.[a-z]+(?:\.\d+)?@/
/** «[С-2026-000123]» in a subject; Latin look-alikes of the prefix letter are accepted. */
const NUMBER_IN_SUBJECT = /\[\s*([A-ZА-ЯЁ])\s*-\s*(\d{4})\s*-\s*(\d{6})\s*\]/iu
const LOOKALIKE: Record<string, string> = { O: 'О', C: 'С', P: 'Р', A: 'А', E: 'Е', M: 'М', H: 'Н' }

/** The registration number a subject quotes, e.g. «Re: [С-2026-000123] Re: Яма» → «С-2026-000123». */
export function numberInSubject(subject: string): string | null {
  const m = subject.match(NUMBER_IN_SUBJECT)
  if (!m) return null
  const letter = m[1].toUpperCase()
  return `${LOOKALIKE[letter] ?? letter}-${m[2]}-${m[3]}`
}

/**
 * The e-mail appeal a letter answers: by our Message-IDs or the citizen's own earlier letter in
 * In-Reply-To/References, or by the number in the subject — and only when the letter comes from the
 * address the appeal came from (anyone can put a number in a subject).
 */
export async function findRepliedAppeal(db: Queryable, mail: IncomingMail): Promise<AppealRow | undefined> {
  if (!mail.from) return undefined
  const candidates: AppealRow[] = []
  const ids = [...new Set([...mail.inReplyTo, ...[...mail.references].reverse()])].slice(0, 10)
  for (const id of ids) {
    const ours = id.match(OUR_ID)
    const found = ours
      ? await findAppealForSystem(db, { id: Number(ours[1]) })
      : await findAppealForSystem(db, { channel: 'email', externalId: id })
    if (found) candidates.push(found)
  }
  const number = numberInSubject(mail.subject)
  if (number) {
    const found = await findAppealForSystem(db, { regNumber: number })
    if (found) candidates.push(found)
  }
  return candidates.find((a) => a.channel === 'email' && emailMeta(a)?.from.address === mail.from?.address)
}
