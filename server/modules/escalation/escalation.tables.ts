import { bigint, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Ladder steps that have fallen due, one row per appeal × due moment × step: the sweep inserts with ON
 * CONFLICT DO NOTHING and notifies only for the rows it actually inserted, so a second sweep (another
 * scheduler, a restart) records and sends nothing. A new due moment (an extension) starts the ladder again.
 * No foreign key to appeal: appeals are never deleted, and a sweep may insert a million rows at once.
 */
export const escalationSteps = pgTable(
  'escalation_step',
  {
    appealId: bigint('appeal_id', { mode: 'number' }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    step: text('step').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.dueAt, t.step] })],
)

/** Daily digests sent: one per unit per Moscow working day. */
export const escalationDigests = pgTable(
  'escalation_digest',
  {
    unitId: integer('unit_id').notNull(),
    day: date('day').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.day] })],
)
