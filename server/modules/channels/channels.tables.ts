import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Small durable state of channel connectors: poll cursors (last VK comment per post, IMAP UIDVALIDITY and
 * last UID, Telegram update offset), used one-time form tokens. One row per (channel, key).
 */
export const channelState = pgTable(
  'channel_state',
  {
    channel: text('channel').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.key] })],
)
