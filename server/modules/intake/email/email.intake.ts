import { z } from 'zod'
import type { Tx } from '../../../platform/db'
import { AppError } from '../../../platform/errors'
import { enqueueJob } from '../../../platform/jobs'
import { ZRegisterAppeal } from '../../appeals/appeals.schemas'
import { addCitizenEvent, registerAppeal } from '../../appeals/appeals.service'
import {
  ATTACHMENT_LIMITS,
  checkFiles,
  type IncomingFile,
  storeAttachments,
} from '../../attachments/attachments.service'
import { claimChannelKey } from '../../channels/channel-state'
import { automatedReason } from './email.automated'
import { EMAIL_ACK_JOB } from './email.outbound'
import { type IncomingMail, stripQuoted } from './email.parse'
import { type EmailMeta, findRepliedAppeal } from './email.thread'

export type IntakeOutcome =
  | { kind: 'registered'; appealId: number; regNumber: string; created: boolean }
  | { kind: 'reply'; appealId: number; regNumber: string; created: boolean }
  | { kind: 'automated'; reason: string }

/** Splits attachments into the ones we keep and the refused ones with a Russian reason; never throws. */
export function sortFiles(files: IncomingFile[]) {
  const accepted: IncomingFile[] = []
  const refused: EmailMeta['refusedFiles'] = []
  for (const f of files) {
    try {
      checkFiles([f])
      if (accepted.length >= ATTACHMENT_LIMITS.maxFiles) {
        refused.push({
          fileName: f.fileName,
          reason: `в одном письме принимается не больше ${ATTACHMENT_LIMITS.maxFiles} файлов`,
        })
      } else accepted.push(f)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      refused.push({ fileName: f.fileName.slice(0, 120), reason: err.message })
    }
  }
  return { accepted, refused }
}

const validEmail = (s: string) => z.email().safeParse(s).success

/** The appeal's text: the subject (people often put the essence there), then the body. */
function appealText(mail: IncomingMail, fileCount: number): string {
  const parts = [mail.subject ? `Тема: ${mail.subject}` : '', mail.text].filter(Boolean)
  const text = parts.join('\n\n')
  if (text.length >= 5) return text.slice(0, 20_000)
  return fileCount > 0 ? 'Письмо без текста, см. вложения' : 'Письмо без текста'
}

/**
 * Takes one letter in, in the caller's transaction: a machine's letter is skipped; a citizen's reply in
 * the thread of their e-mail appeal becomes a «citizen_reply» event on it; anything else is registered
 * (regime «message»: e-mail is not a 59-ФЗ channel since 30.03.2025, 547-ФЗ) with its photos and PDFs,
 * and the acknowledgement is queued. Repeating it for the same letter changes nothing.
 */
export async function takeInMail(
  tx: Tx,
  mail: IncomingMail,
  opts: { receivedAt: Date; ownAddress?: string },
): Promise<IntakeOutcome> {
  const reason = automatedReason(mail, opts.ownAddress)
  if (reason) return { kind: 'automated', reason }
  if (!mail.from) {
    // Nobody to answer and nothing to thread: a person has to look at it (the poller quarantines it).
    throw new AppError('VALIDATION_FAILED', 'В письме нет адреса отправителя (From)')
  }
  const { accepted, refused } = sortFiles(mail.files)

  const replied = await findRepliedAppeal(tx, mail)
  if (replied) {
    const first = await claimChannelKey(tx, 'email', `reply:${mail.externalId}`, { appealId: replied.id })
    if (first) {
      const own = stripQuoted(mail.text)
      await addCitizenEvent(tx, replied.id, {
        type: 'citizen_reply',
        note: (own || mail.subject || 'Письмо без текста').slice(0, 5000),
        at: opts.receivedAt,
        data: {
          messageId: mail.messageId,
          subject: mail.subject,
          files: accepted.length,
          refusedFiles: refused,
        },
      })
      await storeAttachments(tx, replied.id, accepted)
    }
    return { kind: 'reply', appealId: replied.id, regNumber: replied.regNumber, created: first }
  }

  const meta: EmailMeta = {
    messageId: mail.messageId,
    subject: mail.subject,
    from: mail.from,
    references: [...mail.references, ...(mail.messageId ? [mail.messageId] : [])].slice(-10),
    refusedFiles: refused,
  }
  const input = ZRegisterAppeal.parse({
    regime: 'message',
    channel: 'email',
    externalId: mail.externalId,
    receivedAt: opts.receivedAt.toISOString(),
    text: appealText(mail, accepted.length),
    applicants: [
      { fullName: mail.from.name, email: validEmail(mail.from.address) ? mail.from.address : null },
    ],
  })
  const result = await registerAppeal(tx, { ...input, meta: { email: meta } }, { kind: 'system' })
  if (result.created) {
    await storeAttachments(tx, result.id, accepted)
    await enqueueJob(
      tx,
      EMAIL_ACK_JOB,
      { appealId: result.id, trackingCode: result.trackingCode },
      { singletonKey: `email-ack:${result.id}` },
    )
  }
  return { kind: 'registered', appealId: result.id, regNumber: result.regNumber, created: result.created }
}
