import { and, asc, count, eq, inArray, sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { ParsedMail } from 'mailparser'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobs } from '../server/db/jobs.tables'
import { eventTitle } from '../server/modules/appeals/appeals.events'
import { findAppealForSystem } from '../server/modules/appeals/appeals.service'
import { appealEvents, appeals, applicants } from '../server/modules/appeals/appeals.tables'
import { listAttachments } from '../server/modules/attachments/attachments.service'
import { readChannelState } from '../server/modules/channels/channel-state'
import { EMAIL_ACK_JOB, replySubject } from '../server/modules/intake/email/email.outbound'
import {
  type MailStats,
  pollMailbox,
  type QuarantinedMail,
} from '../server/modules/intake/email/email.poller'
import { imapSettings } from '../server/modules/intake/email/email.settings'
import type { EmailMeta } from '../server/modules/intake/email/email.thread'
import { getPublicAppeal } from '../server/modules/tracking/tracking.service'
import { type Env, loadEnv } from '../server/platform/env'
import { SCHEDULES } from '../server/schedules'
import { drainJobs, makeUser, setupTestApp, signIn, testEnv, uniq, unitId } from './helpers'
import {
  composeLetter,
  type ImapPeer,
  type SmtpPeer,
  startImapServer,
  startSmtpServer,
} from './peers/mail-servers'

const ctx = setupTestApp()
let imap: ImapPeer
let smtp: SmtpPeer
let env: Env
const OUR = 'mcu@veche.test'
const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger
/** Appeals these tests made: only their jobs are hurried along (other files share the database). */
const mine = new Set<number>()

beforeAll(async () => {
  imap = await startImapServer()
  smtp = await startSmtpServer()
  env = testEnv({ ...imap.env, ...smtp.env, VECHE_MAIL_FROM: `МЦУ Смоленска <${OUR}>` })
}, 60_000)
afterAll(async () => {
  await imap?.stop()
  await smtp?.stop()
})

const poll = () => pollMailbox({ db: ctx.database.db, env, log })
const citizen = (name = 'citizen') => `${uniq(name)}@example.test`
const newMessageId = () => `<${uniq('m')}@example.test>`

/** A JPEG by its first bytes (what the attachment check looks at). */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(200, 7),
])
/** A Windows program (MZ header) dressed as a photo. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0\x04\0\0\0', 'latin1'), Buffer.alloc(200, 1)])

async function appealOf(messageId: string) {
  const a = await findAppealForSystem(ctx.database.db, { channel: 'email', externalId: messageId })
  if (a) mine.add(a.id)
  return a
}

/** Runs the job queue (with the mail settings) until `n` letters reached the address, or fails after 20 s. */
async function lettersTo(address: string, n: number): Promise<ParsedMail[]> {
  const until = Date.now() + 20_000
  for (;;) {
    await drainJobs(ctx.database, { env })
    if (smtp.to(address).length >= n) return smtp.to(address).map((l) => l.parsed)
    if (Date.now() > until) throw new Error(`${address}: ${smtp.to(address).length} of ${n} letters`)
    // A job another test file's worker tried without mail settings waits for its backoff: hurry ours.
    if (mine.size > 0) {
      await ctx.database.db
        .update(jobs)
        .set({ runAt: new Date() })
        .where(and(eq(jobs.state, 'queued'), inArray(sql`(${jobs.payload}->>'appealId')::bigint`, [...mine])))
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}

const stats = async () =>
  ((await readChannelState<Partial<MailStats>>(ctx.database.db, 'email', 'stats')) ?? {}) as MailStats

const refs = (p: ParsedMail) => (Array.isArray(p.references) ? p.references : [p.references ?? ''])

describe('e-mail intake over IMAP (Dovecot on loopback) with replies over SMTP', () => {
  it('registers a plain letter as a message (547-ФЗ) and acknowledges it in the thread with number and code', async () => {
    const from = citizen('ivanova')
    const messageId = newMessageId()
    const uid = await imap.append(
      await composeLetter({
        from: { name: 'Иванова Мария Петровна', address: from },
        to: OUR,
        subject: 'Яма во дворе дома 5',
        text: 'Во дворе дома 5 по улице Ленина огромная яма,   машины не проедут.\r\n\r\n\r\n\r\nИванова М. П.',
        messageId,
      }),
    )
    expect(await poll()).toBe(1)

    const appeal = await appealOf(messageId)
    expect(appeal).toBeDefined()
    if (!appeal) return
    expect(appeal.regime).toBe('message')
    expect(appeal.channel).toBe('email')
    expect(appeal.regNumber).toMatch(/^С-\d{4}-\d{6}$/)
    expect(appeal.text).toBe(
      'Тема: Яма во дворе дома 5\n\nВо дворе дома 5 по улице Ленина огромная яма, машины не проедут.\n\nИванова М. П.',
    )
    const meta = appeal.meta.email as EmailMeta
    expect(meta).toMatchObject({ messageId, subject: 'Яма во дворе дома 5', from: { address: from } })
    const [person] = await ctx.database.db.select().from(applicants).where(eq(applicants.appealId, appeal.id))
    expect(person).toMatchObject({ fullName: 'Иванова Мария Петровна', email: from })
    // Flagged \Seen in the mailbox only after the commit.
    expect((await imap.flags()).get(uid)?.has('\\Seen')).toBe(true)

    const [ack] = await lettersTo(from, 1)
    expect(ack.subject).toBe(`[${appeal.regNumber}] Re: Яма во дворе дома 5`)
    expect(ack.inReplyTo).toBe(messageId)
    expect(refs(ack)).toContain(messageId)
    expect(ack.messageId).toBe(`<veche.${appeal.id}.ack@veche.test>`)
    expect(ack.from?.value[0].address).toBe(OUR)
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied')
    const text = ack.text ?? ''
    expect(text).toContain('Здравствуйте, Иванова Мария Петровна!')
    expect(text).toContain(appeal.regNumber)
    expect(text).toContain(`http://veche.test/track/${encodeURIComponent(appeal.regNumber)}`)
    expect(text).toContain('547-ФЗ')
    expect(text).toContain('не является обращением гражданина по Федеральному закону № 59-ФЗ')
    expect(text).toContain('зарегистрировано как сообщение')
    expect(text).toContain('Госуслуг')
    // The code in the letter is the real one: it opens the tracking page.
    const code = text.match(/Код доступа: (\d{6})/)?.[1]
    expect(code).toBeDefined()
    const page = await getPublicAppeal(ctx.database.db, appeal.regNumber, code ?? '')
    expect(page.regNumber).toBe(appeal.regNumber)
    expect(page.regime.code).toBe('message')
  })

  it('turns an HTML-only letter into clean text: no tags, scripts or styles', async () => {
    const from = citizen()
    const messageId = newMessageId()
    await imap.append(
      await composeLetter({
        from,
        to: OUR,
        subject: 'Освещение',
        messageId,
        html:
          '<html><head><title>x</title><style>p { color: red }</style><script>alert("head")</script></head>' +
          '<body><p>Не горит <b>фонарь</b> у подъезда&nbsp;3.</p><script>document.write("body")</script>' +
          '<div>Третью&nbsp;неделю <a href="http://tracker.example/x">темно</a>.</div><img src="cid:logo" alt="логотип"></body></html>',
      }),
    )
    await poll()
    const appeal = await appealOf(messageId)
    expect(appeal?.text).toBe('Тема: Освещение\n\nНе горит фонарь у подъезда 3.\n\nТретью неделю темно.')
    for (const junk of ['<', '>', 'alert', 'color', 'document.write', 'tracker.example', 'логотип']) {
      expect(appeal?.text).not.toContain(junk)
    }
  })

  it('keeps a photo, refuses a program named .jpg, and tells the sender', async () => {
    const from = citizen()
    const messageId = newMessageId()
    await imap.append(
      await composeLetter({
        from,
        to: OUR,
        subject: 'Фото свалки',
        text: 'Свалка у гаражей, фото прилагаю.',
        messageId,
        attachments: [
          { filename: 'svalka.jpg', content: JPEG, contentType: 'image/jpeg' },
          { filename: 'virus.jpg', content: EXE, contentType: 'image/jpeg' },
        ],
      }),
    )
    expect(await poll()).toBe(1)
    const appeal = await appealOf(messageId)
    if (!appeal) throw new Error('not registered')
    const files = await listAttachments(ctx.database.db, appeal.id)
    expect(files.map((f) => [f.fileName, f.mime, f.size])).toEqual([
      ['svalka.jpg', 'image/jpeg', JPEG.length],
    ])
    const refused = (appeal.meta.email as EmailMeta).refusedFiles
    expect(refused).toHaveLength(1)
    expect(refused[0].fileName).toBe('virus.jpg')
    expect(refused[0].reason).toContain('не является фотографией или PDF')
    const [ack] = await lettersTo(from, 1)
    expect(ack.text).toContain('Не приняты вложения:')
    expect(ack.text).toContain('«virus.jpg»')
  })

  it('never registers or answers auto-replies, bounces and bulk mail', async () => {
    const before = await stats()
    const senders = [citizen('vacation'), citizen('robot'), citizen('news'), 'MAILER-DAEMON@mx.example.test']
    const ids = [newMessageId(), newMessageId(), newMessageId(), newMessageId()]
    const uids = [
      await imap.append(
        await composeLetter({
          from: senders[0],
          to: OUR,
          subject: 'Автоответ: Re: [С-2026-000001] Re: Яма',
          text: 'Я в отпуске до 15 числа.',
          messageId: ids[0],
          headers: { 'Auto-Submitted': 'auto-replied' },
        }),
      ),
      await imap.append(
        await composeLetter({
          from: senders[1],
          to: OUR,
          subject: 'Ваше письмо получено',
          text: 'Спасибо, ваше письмо получено.',
          messageId: ids[1],
          headers: { 'X-Autoreply': 'yes' },
        }),
      ),
      await imap.append(
        await composeLetter({
          from: senders[2],
          to: OUR,
          subject: 'Новости недели',
          text: 'Скидки на всё!',
          messageId: ids[2],
          headers: { Precedence: 'bulk' },
        }),
      ),
      await imap.append(
        [
          'Return-Path: <>',
          `From: Mail Delivery System <${senders[3]}>`,
          `To: ${OUR}`,
          'Subject: Undelivered Mail Returned to Sender',
          `Message-ID: ${ids[3]}`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'This is the mail system. Your message could not be delivered.',
          '--b1',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.test',
          '',
          'Final-Recipient: rfc822; nobody@example.test',
          'Action: failed',
          'Status: 5.1.1',
          '--b1--',
          '',
        ].join('\r\n'),
      ),
    ]
    expect(await poll()).toBe(0)
    for (const id of ids) expect(await appealOf(id)).toBeUndefined()
    const flags = await imap.flags()
    for (const uid of uids) expect(flags.get(uid)?.has('\\Seen')).toBe(true)
    expect((await stats()).automated - (before.automated ?? 0)).toBe(4)
    await drainJobs(ctx.database, { env })
    for (const s of senders) expect(smtp.to(s.toLowerCase())).toHaveLength(0)
  })

  it('registers a letter once: the same letter twice, and a crash after commit before \\Seen', async () => {
    const from = citizen()
    const messageId = newMessageId()
    const raw = await composeLetter({
      from,
      to: OUR,
      subject: 'Мусор',
      text: 'Третий день не вывозят мусор.',
      messageId,
    })
    const first = await imap.append(raw)
    await imap.append(raw)
    await poll()
    const count1 = await ctx.database.db
      .select({ n: count() })
      .from(appeals)
      .where(and(eq(appeals.channel, 'email'), eq(appeals.externalId, messageId)))
    expect(count1[0].n).toBe(1)
    await lettersTo(from, 1)

    // The state a crash leaves after the commit and before the flag: registered, still unseen.
    await imap.removeFlags(first, ['\\Seen'])
    const before = await stats()
    await poll()
    expect((await imap.flags()).get(first)?.has('\\Seen')).toBe(true)
    expect((await stats()).replayed - (before.replayed ?? 0)).toBe(1)
    const count2 = await ctx.database.db
      .select({ n: count() })
      .from(appeals)
      .where(and(eq(appeals.channel, 'email'), eq(appeals.externalId, messageId)))
    expect(count2[0].n).toBe(1)
    await drainJobs(ctx.database, { env })
    expect(smtp.to(from)).toHaveLength(1)
  })

  it('adds the citizen’s reply to their appeal; a stranger quoting the number gets an appeal of their own', async () => {
    const from = citizen()
    const original = newMessageId()
    await imap.append(
      await composeLetter({
        from,
        to: OUR,
        subject: 'Лавочка',
        text: 'Сломана лавочка в сквере.',
        messageId: original,
      }),
    )
    await poll()
    const appeal = await appealOf(original)
    if (!appeal) throw new Error('not registered')
    const [ack] = await lettersTo(from, 1)

    const replyId = newMessageId()
    await imap.append(
      await composeLetter({
        from,
        to: OUR,
        subject: `Re: ${ack.subject}`,
        inReplyTo: ack.messageId,
        references: [original, ack.messageId ?? ''],
        messageId: replyId,
        text: `Дополняю: сломаны ещё две лавочки.\r\n\r\nПн, 1 дек. 2026 г., МЦУ написал:\r\n> ${ack.text?.split('\n')[0]}\r\n> Ваше письмо зарегистрировано`,
        attachments: [{ filename: 'lavka.jpg', content: JPEG }],
      }),
    )
    // A stranger with the number in the subject and the same In-Reply-To is not the applicant.
    const stranger = citizen('stranger')
    const strangerId = newMessageId()
    await imap.append(
      await composeLetter({
        from: stranger,
        to: OUR,
        subject: `Re: [${appeal.regNumber}] Re: Лавочка`,
        inReplyTo: ack.messageId,
        messageId: strangerId,
        text: 'У нас во дворе тоже сломана лавочка.',
      }),
    )
    // The applicant again, with only the number in the subject (a new letter, no thread headers).
    const byNumber = newMessageId()
    await imap.append(
      await composeLetter({
        from,
        to: OUR,
        subject: `По обращению [${appeal.regNumber}]`,
        messageId: byNumber,
        text: 'Лавочки так и не починили.',
      }),
    )
    expect(await poll()).toBe(3)

    expect(await appealOf(replyId)).toBeUndefined()
    expect(await appealOf(byNumber)).toBeUndefined()
    const own = await appealOf(strangerId)
    expect(own?.id).not.toBe(appeal.id)
    const events = await ctx.database.db
      .select()
      .from(appealEvents)
      .where(and(eq(appealEvents.appealId, appeal.id), eq(appealEvents.type, 'citizen_reply')))
      .orderBy(asc(appealEvents.id))
    expect(events.map((e) => e.note)).toEqual([
      'Дополняю: сломаны ещё две лавочки.',
      'Лавочки так и не починили.',
    ])
    expect(events.every((e) => e.public && e.actorKind === 'citizen')).toBe(true)
    expect(eventTitle('citizen_reply')).toBe('Заявитель дополнил обращение')
    expect((await listAttachments(ctx.database.db, appeal.id)).map((f) => f.fileName)).toEqual(['lavka.jpg'])
    // The reply is not acknowledged as a new appeal; the stranger's letter is.
    await lettersTo(stranger, 1)
    await drainJobs(ctx.database, { env })
    expect(smtp.to(from)).toHaveLength(1)
  })

  it('sends status notices and the approved answer by SMTP in the citizen’s thread', async () => {
    const { app, database } = ctx
    const from = citizen()
    const original = newMessageId()
    await imap.append(
      await composeLetter({
        from: { name: 'Петров Пётр', address: from },
        to: OUR,
        subject: 'Протекает крыша',
        text: 'Протекает крыша над квартирой 17, управляющая компания не отвечает.',
        messageId: original,
      }),
    )
    await poll()
    const appeal = await appealOf(original)
    if (!appeal) throw new Error('not registered')
    await lettersTo(from, 1)

    const operator = await signIn(app, await makeUser(database, 'operator'))
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const step = async (cookie: string, action: string, payload: object) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/appeals/${appeal.id}/${action}`,
        headers: { cookie },
        payload,
      })
      expect(res.statusCode, res.body).toBe(200)
    }
    await step(operator, 'assign', { sectorCode: 'housing', unitId: await unitId(database, 'ugkh') })
    const answerText = 'Управляющей компании выдано предписание отремонтировать кровлю до 10 декабря.'
    await step(executor, 'answer', { text: answerText })
    await step(coordinator, 'approve', {})

    const letters = await lettersTo(from, 3)
    const answer = letters.find((l) => l.text?.includes(answerText))
    expect(answer, letters.map((l) => l.subject).join(' | ')).toBeDefined()
    if (!answer) return
    expect(answer.subject).toBe(`[${appeal.regNumber}] Re: Протекает крыша`)
    expect(answer.inReplyTo).toBe(original)
    expect(refs(answer)).toContain(original)
    expect(answer.messageId).toMatch(new RegExp(`^<veche\\.${appeal.id}\\.answer\\.\\d+@veche\\.test>$`))
    expect(answer.headers.get('auto-submitted')).toBeUndefined()
    const notice = letters.find((l) => l.messageId?.startsWith(`<veche.${appeal.id}.event.`))
    expect(notice?.subject).toBe(`[${appeal.regNumber}] Re: Протекает крыша`)
    expect(notice?.inReplyTo).toBe(original)
    expect(notice?.text).toContain('назначен исполнитель')
    const [after] = await database.db.select().from(appeals).where(eq(appeals.id, appeal.id))
    expect(after.status).toBe('answered')
  })

  it('reads broken encodings, quarantines an unreadable letter and goes on with the rest', async () => {
    const from = citizen()
    const ids = { cp1251: newMessageId(), unknown: newMessageId(), after: newMessageId() }
    await imap.append(
      Buffer.concat([
        Buffer.from(
          `From: ${from}\r\nTo: ${OUR}\r\nSubject: =?koi8-r?B?8NLP18XSy8E=?=\r\nMessage-ID: ${ids.cp1251}\r\n` +
            'MIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
        ),
        cp1251('Не работает светофор на перекрёстке'),
      ]),
    )
    await imap.append(
      Buffer.from(
        `From: ${from}\r\nTo: ${OUR}\r\nSubject: test\r\nMessage-ID: ${ids.unknown}\r\nMIME-Version: 1.0\r\n` +
          'Content-Type: text/plain; charset="x-no-such-charset"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
          'Открытый люк у школы № 3\r\n',
      ),
    )
    const garbage = await imap.append(
      Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x20, 0x0d, 0x0a, 0x80, 0x81, 0x0d, 0x0a]),
    )
    await imap.append(
      await composeLetter({
        from,
        to: OUR,
        subject: 'После',
        text: 'Письмо после испорченного.',
        messageId: ids.after,
      }),
    )
    const before = await stats()
    expect(await poll()).toBe(3)

    expect((await appealOf(ids.cp1251))?.text).toBe('Тема: Проверка\n\nНе работает светофор на перекрёстке')
    expect((await appealOf(ids.unknown))?.text).toContain('Открытый люк у школы № 3')
    expect(await appealOf(ids.after)).toBeDefined()
    const quarantined =
      (await readChannelState<QuarantinedMail[]>(ctx.database.db, 'email', 'quarantine')) ?? []
    expect(quarantined.map((q) => q.uid)).toContain(garbage)
    expect(quarantined.find((q) => q.uid === garbage)?.error).toContain('нет адреса отправителя')
    expect((await stats()).quarantined - (before.quarantined ?? 0)).toBe(1)
    const flags = (await imap.flags()).get(garbage)
    expect(flags?.has('\\Flagged') && flags.has('\\Seen')).toBe(true)
  })

  it('retries an acknowledgement the SMTP server refused, and it is not lost', async () => {
    const from = citizen()
    const messageId = newMessageId()
    await imap.append(
      await composeLetter({ from, to: OUR, subject: 'Шум', text: 'Ночью шумит стройка.', messageId }),
    )
    await poll()
    const appeal = await appealOf(messageId)
    if (!appeal) throw new Error('not registered')
    smtp.failNext(from, 1)
    await drainJobs(ctx.database, { env })
    expect(smtp.to(from)).toHaveLength(0)
    const [job] = await ctx.database.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.name, EMAIL_ACK_JOB), sql`(${jobs.payload}->>'appealId')::bigint = ${appeal.id}`))
    expect(job.state).toBe('queued')
    expect(job.lastError).toContain('451')
    const [ack] = await lettersTo(from, 1)
    expect(ack.subject).toBe(`[${appeal.regNumber}] Re: Шум`)
  })
})

describe('e-mail settings and subjects', () => {
  it('polls only when the mailbox is configured, and names what is missing in Russian', () => {
    const schedule = SCHEDULES.find((s) => s.name === 'email.imap')
    expect(schedule?.enabled?.(testEnv())).toBe(false)
    expect(schedule?.enabled?.(env)).toBe(true)
    expect(() => imapSettings(testEnv({ VECHE_IMAP_HOST: 'imap.example.test' }))).toThrow(
      /VECHE_IMAP_USER и VECHE_IMAP_PASSWORD/,
    )
    expect(() => loadEnv({ VECHE_MAIL_FROM: 'не адрес' })).toThrow(/VECHE_MAIL_FROM: адрес вида/)
    expect(() => loadEnv({ VECHE_SMTP_SECURE: 'да' })).toThrow(/VECHE_SMTP_SECURE: true или false/)
  })

  it('puts the number first and does not pile up Re: and numbers', () => {
    expect(replySubject('С-2026-000007', 'Re: [С-2026-000007] Re: Яма')).toBe('[С-2026-000007] Re: Яма')
    expect(replySubject('С-2026-000007', '[Срочно] Яма')).toBe('[С-2026-000007] Re: [Срочно] Яма')
    expect(replySubject('С-2026-000007', '')).toBe('[С-2026-000007] Re: ваше письмо')
  })
})

/** Russian text in windows-1251 (as old mail programs send it). */
function cp1251(s: string): Uint8Array {
  const out: number[] = []
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 63
    if (c < 0x80) out.push(c)
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0)
    else if (c === 0x401) out.push(0xa8)
    else if (c === 0x451) out.push(0xb8)
    else if (c === 0x2116) out.push(0xb9)
    else out.push(63)
  }
  return Uint8Array.from(out)
}
