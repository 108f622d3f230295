import { sql } from 'drizzle-orm'
import { bigint, check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from '../users/users.tables'

/** Delivery channels besides the app (the bell is always on). */
export const NOTIFY_CHANNELS = ['email', 'telegram'] as const
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number]

/**
 * A notification to a staff user: a ladder step, a manual reminder or escalation from the control board, a
 * daily digest. `dedup_key` is unique (appeal × step × due × recipient, or unit × day × recipient): whatever
 * runs twice — a second scheduler, a restart, a repeated click — never creates a second row, so never a
 * second letter. `appeal_id` has no foreign key on purpose: appeals are never deleted, and the sweep writes
 * up to a million rows at once.
 */
export const notifications = pgTable(
  'notification',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id),
    appealId: bigint('appeal_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    /** The ladder step code, 'remind' / 'escalate' for manual ones, 'digest'. */
    step: text('step'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Path inside the staff UI, e.g. /appeals/123 or /control. */
    link: text('link'),
    dedupKey: text('dedup_key').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notification_recipient_idx').on(t.recipientId, t.id),
    index('notification_unread_idx').on(t.recipientId).where(sql`${t.readAt} is null`),
    check('notification_kind_check', sql`${t.kind} in ('escalation','manual','digest','urgent')`),
  ],
)

/** A notification sent through an outside channel: the guard that makes a retried job never send twice. */
export const notificationDeliveries = pgTable(
  'notification_delivery',
  {
    notificationId: bigint('notification_id', { mode: 'number' })
      .notNull()
      .references(() => notifications.id),
    channel: text('channel').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.channel] }),
    check('notification_delivery_channel_check', sql`${t.channel} in ('email','telegram')`),
  ],
)

/** A staff user's addresses and chosen channels (in the app always). */
export const notificationSettings = pgTable(
  'notification_setting',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    email: text('email'),
    /** The chat id the bot writes to (the user's own chat with the bot). */
    telegramChatId: text('telegram_chat_id'),
    channels: text('channels').array().notNull().default(sql`'{email,telegram}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('notification_setting_channels_check', sql`${t.channels} <@ array['email','telegram']`)],
)
