import { and, count, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm'
import type { Db, Queryable } from '../../platform/db'
import type { Env } from '../../platform/env'
import { AppError } from '../../platform/errors'
import { smtpSettings, smtpTransport } from '../intake/email/email.settings'
import { splitMessage, telegramApi, telegramFailure, telegramSettings } from '../intake/telegram/telegram.api'
import type { Actor } from '../users/users.service'
import {
  NOTIFY_CHANNELS,
  type NotifyChannel,
  notificationDeliveries,
  notificationSettings,
  notifications,
} from './notifications.tables'

/** Job: one notification through one outside channel (e-mail or Telegram), after the causing commit. */
export const DELIVER_NOTIFICATION_JOB = 'notifications.deliver'

/**
 * Inserts notifications from a SELECT of (recipient_id, appeal_id, kind, step, title, body, link, dedup_key)
 * and, in the same statement, one delivery job per chosen outside channel of each recipient (unless
 * `inAppOnly`). A dedup_key that exists already inserts nothing and queues nothing — this is what makes every
 * sender idempotent. The job's singletonKey is the notification's key plus the channel (appeal × step × due ×
 * recipient × channel). `ctes` are data-modifying CTEs the rows read (they must stand at the top level), and
 * `extra` a count to return with them (e.g. the ladder steps recorded). Returns both counts.
 */
export async function insertNotifications(
  db: Queryable,
  rows: SQL,
  opts: { ctes?: SQL; extra?: SQL; inAppOnly?: boolean } = {},
): Promise<{ notifications: number; extra: number }> {
  const result = await db.execute<{ n: number; extra: number }>(sql`
    with ${opts.ctes ? sql`${opts.ctes},` : sql``}
    notes as (
      insert into notification (recipient_id, appeal_id, kind, step, title, body, link, dedup_key)
      ${rows}
      on conflict (dedup_key) do nothing
      returning id, recipient_id, appeal_id, dedup_key),
    queued as (
      insert into job (name, payload, singleton_key)
      select ${DELIVER_NOTIFICATION_JOB}::text,
        jsonb_build_object('notificationId', n.id, 'channel', ch, 'appealId', n.appeal_id),
        'notify:' || n.dedup_key || ':' || ch
      from notes n
      join notification_setting ns on ns.user_id = n.recipient_id
      cross join lateral unnest(ns.channels) ch
      where ${opts.inAppOnly ? sql`false` : sql`true`}
        and ((ch = 'email' and ns.email is not null) or (ch = 'telegram' and ns.telegram_chat_id is not null))
      on conflict do nothing
      returning 1)
    select (select count(*) from notes)::int as n, (${opts.extra ?? sql`0`})::int as extra`)
  return { notifications: Number(result.rows[0]?.n ?? 0), extra: Number(result.rows[0]?.extra ?? 0) }
}

/** The bell: unread count and the latest notifications of the signed-in user. */
export async function listNotifications(
  db: Queryable,
  actor: Actor,
  q: { unreadOnly?: boolean; limit: number; before?: number },
) {
  const mine = eq(notifications.recipientId, actor.id)
  const conds = [mine]
  if (q.unreadOnly) conds.push(isNull(notifications.readAt))
  if (q.before) conds.push(lt(notifications.id, q.before))
  const [{ unread }] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)))
  const items = await db
    .select()
    .from(notifications)
    .where(and(...conds))
    .orderBy(desc(notifications.id))
    .limit(q.limit)
  return { unread, items }
}

/** Marks the user's notifications read (the given ones, or all); someone else's ids change nothing. */
export async function markRead(db: Queryable, actor: Actor, ids: number[] | 'all'): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.recipientId, actor.id),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, ids),
      ),
    )
    .returning({ id: notifications.id })
  return rows.length
}

export interface NotificationSettingsInput {
  email: string | null
  telegramChatId: string | null
  channels: NotifyChannel[]
}

/** The user's channels and addresses (defaults when never saved: no addresses, both channels chosen). */
export async function getSettings(db: Queryable, userId: string): Promise<NotificationSettingsInput> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId))
  return {
    email: row?.email ?? null,
    telegramChatId: row?.telegramChatId ?? null,
    channels: (row?.channels ?? [...NOTIFY_CHANNELS]) as NotifyChannel[],
  }
}

/** Saves the user's channels; a channel chosen without its address is refused (it would never be sent). */
export async function saveSettings(db: Queryable, userId: string, input: NotificationSettingsInput) {
  if (input.channels.includes('email') && !input.email) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Чтобы получать уведомления по почте, укажите адрес электронной почты',
      [{ path: 'email', message: 'укажите адрес' }],
    )
  }
  if (input.channels.includes('telegram') && !input.telegramChatId) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Чтобы получать уведомления в Telegram, укажите идентификатор чата',
      [{ path: 'telegramChatId', message: 'укажите идентификатор чата' }],
    )
  }
  const values = { ...input, channels: [...new Set(input.channels)], updatedAt: new Date() }
  await db
    .insert(notificationSettings)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: values })
  return getSettings(db, userId)
}

// ---- delivery (the worker, after commit) ----

function mailTransport(env: Env) {
  const s = smtpSettings(env)
  if (!s) {
    throw new AppError(
      'UNAVAILABLE',
      'Уведомление по почте не отправлено: почта не настроена (VECHE_SMTP_HOST и VECHE_MAIL_FROM)',
    )
  }
  return { transport: smtpTransport(s), settings: s }
}

/** The text of a notification outside the app: what, why, and the link into the staff UI. */
export function outsideText(
  n: { title: string; body: string; link: string | null },
  publicUrl: string,
): string {
  const link = n.link ? `\n\nОткрыть в Вече: ${publicUrl.replace(/\/+$/, '')}${n.link}` : ''
  return `${n.title}\n\n${n.body}${link}\n\n— Вече, Муниципальный центр управления`
}

/**
 * Sends one notification through one channel, at most once: a row in notification_delivery is written after
 * the peer took it, and a job that finds the row (a retry after a crash, a replayed dead letter) does nothing.
 * A channel the user switched off or an address removed since then is skipped without an error.
 */
export async function deliverNotification(
  db: Db,
  env: Env,
  payload: { notificationId: number; channel: NotifyChannel },
): Promise<void> {
  const { notificationId, channel } = payload
  const [done] = await db
    .select({ at: notificationDeliveries.sentAt })
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.notificationId, notificationId),
        eq(notificationDeliveries.channel, channel),
      ),
    )
  if (done) return
  const [n] = await db.select().from(notifications).where(eq(notifications.id, notificationId))
  if (!n) return
  const settings = await getSettings(db, n.recipientId)
  if (!settings.channels.includes(channel)) return
  const text = outsideText(n, env.VECHE_PUBLIC_URL)
  if (channel === 'email') {
    if (!settings.email) return
    const { transport, settings: s } = mailTransport(env)
    await transport.sendMail({
      from: s.from,
      to: settings.email,
      subject: `[Вече] ${n.title}`,
      text,
      // The same id on a repeat lets the receiving server drop a duplicate.
      messageId: `<notification-${n.id}@${s.domain}>`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    })
  } else {
    if (!settings.telegramChatId) return
    const tg = telegramSettings(env)
    if (!tg) {
      throw new AppError(
        'UNAVAILABLE',
        'Уведомление в Telegram не отправлено: бот не настроен (VECHE_TELEGRAM_TOKEN)',
      )
    }
    try {
      // Chat ids are integers up to 52 bits: sent as a number, as Telegram's own clients do.
      const chat = Number(settings.telegramChatId)
      for (const part of splitMessage(text)) await telegramApi(tg).sendMessage(chat, part)
    } catch (err) {
      throw telegramFailure(err, 'уведомление сотруднику')
    }
  }
  await db.insert(notificationDeliveries).values({ notificationId, channel }).onConflictDoNothing()
}
