import type { FastifyBaseLogger } from 'fastify'
import { ImapFlow } from 'imapflow'
import { ZodError } from 'zod'
import type { Db, Queryable } from '../../../platform/db'
import type { Env } from '../../../platform/env'
import { AppError } from '../../../platform/errors'
import { readChannelState, writeChannelState } from '../../channels/channel-state'
import { type IntakeOutcome, takeInMail } from './email.intake'
import { type IncomingMail, parseMail } from './email.parse'
import { imapSettings, smtpSettings } from './email.settings'

/** Counters of the mailbox, kept in channel_state (no personal data): what the poller did with letters. */
export interface MailStats {
  registered: number
  replayed: number
  replies: number
  automated: number
  quarantined: number
}

/** The poll cursor: the last UID handled, valid only under the mailbox's UIDVALIDITY. */
interface Cursor {
  uidValidity: string
  lastUid: number
}

/** A letter that could not be taken in (unparseable, invalid after cleaning): kept flagged in the mailbox. */
export interface QuarantinedMail {
  uid: number
  uidValidity: string
  messageId: string | null
  error: string
  at: string
}

const CHANNEL = 'email'
/** After this many failed attempts a letter is quarantined instead of blocking the mailbox. */
const MAX_ATTEMPTS = 3

const STAT_OF: Record<string, keyof MailStats> = {
  registered: 'registered',
  reply: 'replies',
  automated: 'automated',
}

async function bumpStats(db: Queryable, key: keyof MailStats) {
  const stats = (await readChannelState<Partial<MailStats>>(db, CHANNEL, 'stats')) ?? {}
  await writeChannelState(db, CHANNEL, 'stats', { ...stats, [key]: (stats[key] ?? 0) + 1 })
}

/** The letter's own fault (it cannot be parsed or registered as it is), as opposed to a database outage. */
const isMailProblem = (err: unknown) =>
  err instanceof ZodError || (err instanceof AppError && err.code === 'VALIDATION_FAILED')

/**
 * One pass over the mailbox: every UNSEEN letter and every letter above the saved UID cursor is parsed
 * and taken in, each in its own transaction that also moves the cursor; only after the commit is it
 * flagged \Seen. A crash in between leaves it unseen, and the next pass finds it registered already
 * (exactly once by Message-ID) and only flags it. Returns how many letters were handled.
 */
export async function pollMailbox(ctx: { db: Db; env: Env; log: FastifyBaseLogger }): Promise<number> {
  const imap = imapSettings(ctx.env)
  if (!imap) return 0
  const ownAddress = smtpSettings(ctx.env)?.fromAddress
  const log = ctx.log.child({ channel: 'email' })
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
    connectionTimeout: 20_000,
    socketTimeout: 120_000,
  })
  client.on('error', (err) => log.warn({ err: String(err) }, 'IMAP connection error'))
  await client.connect()
  let handled = 0
  try {
    const lock = await client.getMailboxLock(imap.mailbox)
    try {
      const box = client.mailbox
      if (!box) throw new Error(`Почта: папка ${imap.mailbox} не открылась`)
      const uidValidity = String(box.uidValidity)
      const cursorKey = `cursor:${imap.user}@${imap.host}/${imap.mailbox}`
      const saved = await readChannelState<Cursor>(ctx.db, CHANNEL, cursorKey)
      // First pass (or the mailbox was recreated): the old read mail is history, only unseen letters count.
      let lastUid = saved?.uidValidity === uidValidity ? saved.lastUid : Number(box.uidNext) - 1
      if (saved?.uidValidity !== uidValidity) {
        await writeChannelState(ctx.db, CHANNEL, cursorKey, { uidValidity, lastUid })
      }
      const unseen = (await client.search({ seen: false }, { uid: true })) || []
      const above = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter(
        (u) => u > lastUid,
      )
      const uids = [...new Set([...unseen, ...above])].sort((a, b) => a - b)

      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true })
        if (msg === false || !msg.source) continue
        const receivedAt = new Date(
          Math.min(Date.now(), msg.internalDate ? new Date(msg.internalDate).getTime() : Date.now()),
        )
        const nextCursor = { uidValidity, lastUid: Math.max(lastUid, uid) }
        let mail: IncomingMail | undefined
        let outcome: IntakeOutcome | undefined
        let problem: unknown
        try {
          mail = await parseMail(msg.source)
          const parsed = mail
          outcome = await ctx.db.transaction(async (tx) => {
            const o = await takeInMail(tx, parsed, { receivedAt, ownAddress })
            await bumpStats(tx, 'created' in o && !o.created ? 'replayed' : STAT_OF[o.kind])
            await writeChannelState(tx, CHANNEL, cursorKey, nextCursor)
            return o
          })
        } catch (err) {
          // Not the letter's fault (the database, most likely): leave it unseen for the next pass,
          // unless it keeps failing — then it must not block the mailbox.
          const letterFault = mail === undefined || isMailProblem(err)
          if (!letterFault && (await countAttempt(ctx.db, uidValidity, uid)) < MAX_ATTEMPTS) throw err
          problem = err
        }
        if (problem !== undefined) {
          await quarantine(
            ctx.db,
            { uid, uidValidity, messageId: mail?.messageId ?? null, problem },
            cursorKey,
            nextCursor,
          )
          log.error(
            { uid, err: String(problem) },
            'letter quarantined: flagged in the mailbox, not registered',
          )
          await client.messageFlagsAdd(String(uid), ['\\Seen', '\\Flagged'], { uid: true })
          lastUid = nextCursor.lastUid
          continue
        }
        // Acknowledge to the mailbox only now, after the commit.
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true })
        lastUid = nextCursor.lastUid
        if (outcome?.kind === 'automated') {
          log.info({ uid, reason: outcome.reason }, 'automated letter skipped (not registered, not answered)')
        } else if (outcome) {
          handled++
          log.info(
            { uid, appealId: outcome.appealId, kind: outcome.kind, created: outcome.created },
            'letter taken in',
          )
        }
      }
    } finally {
      lock.release()
    }
  } finally {
    await client.logout().catch(() => client.close())
  }
  return handled
}

/** Counts a failed attempt at one letter (in the database); returns the count so far. */
async function countAttempt(db: Db, uidValidity: string, uid: number): Promise<number> {
  const key = `attempts:${uidValidity}:${uid}`
  const n = ((await readChannelState<number>(db, CHANNEL, key)) ?? 0) + 1
  await writeChannelState(db, CHANNEL, key, n)
  return n
}

async function quarantine(
  db: Db,
  item: { uid: number; uidValidity: string; messageId: string | null; problem: unknown },
  cursorKey: string,
  nextCursor: Cursor,
) {
  const error =
    item.problem instanceof ZodError
      ? item.problem.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      : item.problem instanceof Error
        ? item.problem.message
        : String(item.problem)
  await db.transaction(async (tx) => {
    const list = (await readChannelState<QuarantinedMail[]>(tx, CHANNEL, 'quarantine')) ?? []
    const entry: QuarantinedMail = {
      uid: item.uid,
      uidValidity: item.uidValidity,
      messageId: item.messageId,
      error: error.slice(0, 500),
      at: new Date().toISOString(),
    }
    await writeChannelState(tx, CHANNEL, 'quarantine', [...list.slice(-49), entry])
    await bumpStats(tx, 'quarantined')
    await writeChannelState(tx, CHANNEL, cursorKey, nextCursor)
  })
}
