import { AppError } from '../../../platform/errors'
import { moscowDate } from '../../../platform/time'
import { findAppealForSystem } from '../../appeals/appeals.service'
import type { ChannelAdapter, ChannelContext, OutboundAppeal } from '../../channels/channel'
import { outboundAppeal } from '../../channels/outbound.service'
import { type SmtpSettings, smtpSettings, smtpTransport } from './email.settings'
import { type EmailMeta, emailMeta, numberInSubject, outgoingMessageId } from './email.thread'

/** Job: the acknowledgement of a registered letter (number, tracking link and code, the 547-ФЗ notice). */
export const EMAIL_ACK_JOB = 'email.ack'

const FOOTER =
  'Это письмо отправлено автоматически. Чтобы дополнить сообщение, ответьте на это письмо, сохранив номер в теме.\n' +
  'Муниципальный центр управления'

function requireSmtp(ctx: ChannelContext): SmtpSettings {
  const s = smtpSettings(ctx.env)
  if (!s) {
    throw new AppError(
      'UNAVAILABLE',
      'Отправка электронной почты не настроена: задайте VECHE_SMTP_HOST и VECHE_MAIL_FROM',
    )
  }
  return s
}

/** «[С-2026-000123] Re: Яма во дворе»: the number first, the citizen's subject without earlier Re:/numbers. */
export function replySubject(regNumber: string, subject: string): string {
  let base = subject.trim()
  for (;;) {
    const next = base.replace(/^(?:(?:re|fwd?|aw|ответ|отв)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]*\]\s*)/i, '')
    if (next === base) break
    const tag = base.slice(0, base.length - next.length)
    // Only Re:/Fwd: and our own number tags are dropped; a citizen's «[Срочно]» stays.
    if (tag.startsWith('[') && !numberInSubject(tag)) break
    base = next.trim()
  }
  return `[${regNumber}] Re: ${base || 'ваше письмо'}`
}

/** Sends one letter in the citizen's thread: In-Reply-To their letter, References the whole thread. */
async function sendInThread(
  ctx: ChannelContext,
  appeal: OutboundAppeal,
  meta: EmailMeta,
  letter: { kind: string; n: number | null; text: string; automatic: boolean },
): Promise<void> {
  const s = requireSmtp(ctx)
  await smtpTransport(s).sendMail({
    from: s.from,
    to: { name: meta.from.name ?? '', address: meta.from.address },
    subject: replySubject(appeal.regNumber, meta.subject),
    text: letter.text,
    messageId: outgoingMessageId(appeal.id, letter.kind, letter.n, s.domain),
    inReplyTo: meta.messageId ?? undefined,
    references: meta.references.length > 0 ? meta.references : undefined,
    // RFC 3834: an automatic letter says so, and citizens' auto-responders must not answer it.
    headers: letter.automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {},
  })
}

const dateRu = (d: Date) => moscowDate(d).split('-').reverse().join('.')

/** The acknowledgement text. E-mail is not a 59-ФЗ channel since 30.03.2025 (547-ФЗ): the letter says so. */
export function ackText(opts: {
  regNumber: string
  receivedAt: Date
  name: string | null
  trackingUrl: string
  trackingCode: string | null
  refusedFiles: EmailMeta['refusedFiles']
}): string {
  const lines = [
    opts.name ? `Здравствуйте, ${opts.name}!` : 'Здравствуйте!',
    '',
    `Ваше письмо от ${dateRu(opts.receivedAt)} зарегистрировано в Муниципальном центре управления как сообщение № ${opts.regNumber}.`,
    '',
    `Следить за ходом рассмотрения: ${opts.trackingUrl}`,
  ]
  if (opts.trackingCode) lines.push(`Код доступа: ${opts.trackingCode}`)
  lines.push(
    '',
    'Обратите внимание: с 30 марта 2025 года (Федеральный закон от 28.12.2024 № 547-ФЗ) письмо на адрес ' +
      'электронной почты не является обращением гражданина по Федеральному закону № 59-ФЗ «О порядке ' +
      'рассмотрения обращений граждан Российской Федерации». Поэтому ваше письмо зарегистрировано как ' +
      'сообщение, а не как обращение по 59-ФЗ: мы его рассмотрим и ответим на этот адрес, но сроки и порядок ' +
      '59-ФЗ на него не распространяются.',
    'Чтобы подать обращение по 59-ФЗ, воспользуйтесь формой обращения на официальном сайте администрации ' +
      'города или порталом Госуслуг (https://www.gosuslugi.ru): там личность заявителя подтверждается ' +
      'через Госуслуги.',
  )
  if (opts.refusedFiles.length > 0) {
    lines.push('', 'Не приняты вложения:')
    for (const f of opts.refusedFiles) lines.push(`— «${f.fileName}»: ${f.reason}`)
    lines.push(
      'Принимаются фотографии (JPEG, PNG, WebP, GIF, HEIC) и PDF: не больше 5 файлов, до 10 МБ каждый.',
    )
  }
  lines.push('', FOOTER)
  return lines.join('\n')
}

/**
 * Job handler: acknowledges a registered letter. The tracking code comes in the job's payload (the appeal
 * keeps only its hash); a failed send is retried by the queue and ends in the dead-letter list.
 */
export async function sendEmailAck(
  ctx: ChannelContext,
  payload: { appealId: number; trackingCode?: string | null },
): Promise<void> {
  const appeal = await findAppealForSystem(ctx.db, { id: payload.appealId })
  const meta = appeal && emailMeta(appeal)
  if (!appeal || !meta) return
  const out = outboundAppeal(ctx, appeal)
  await sendInThread(ctx, out, meta, {
    kind: 'ack',
    n: null,
    automatic: true,
    text: ackText({
      regNumber: appeal.regNumber,
      receivedAt: appeal.receivedAt,
      name: meta.from.name,
      trackingUrl: out.trackingUrl,
      trackingCode: payload.trackingCode ?? null,
      refusedFiles: meta.refusedFiles ?? [],
    }),
  })
}

/**
 * The e-mail channel's outbound side: status notices and answers go by SMTP in the citizen's thread,
 * with the number in the subject. Appeals typed in by an operator with channel «e-mail» have no letter
 * to answer to: their answers stay on the tracking page.
 */
export const emailAdapter: ChannelAdapter = {
  code: 'email',
  async sendStatus(ctx, { appeal, event }) {
    const meta = emailMeta(appeal)
    if (!meta) return
    const lines = [
      'Здравствуйте!',
      '',
      `Ход рассмотрения вашего сообщения № ${appeal.regNumber}: ${event.title.toLowerCase()}.`,
    ]
    if (event.publicStatusName) lines.push(`Текущее состояние: «${event.publicStatusName}».`)
    if (event.notice) lines.push('', event.notice)
    lines.push('', `Подробнее: ${appeal.trackingUrl}`, '', FOOTER)
    await sendInThread(ctx, appeal, meta, {
      kind: 'event',
      n: event.id,
      automatic: true,
      text: lines.join('\n'),
    })
  },
  async sendAnswer(ctx, { appeal, answer }) {
    const meta = emailMeta(appeal)
    if (!meta) return
    const text = [
      'Здравствуйте!',
      '',
      `Ответ на ваше сообщение № ${appeal.regNumber}:`,
      '',
      answer.text.trim(),
      '',
      `Оценить ответ можно на странице ${appeal.trackingUrl} (нужен код доступа из первого письма).`,
      '',
      'С уважением,',
      'Муниципальный центр управления',
    ].join('\n')
    await sendInThread(ctx, appeal, meta, { kind: 'answer', n: answer.id, automatic: false, text })
  },
}
