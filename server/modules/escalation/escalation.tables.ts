import {
  bigint,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'

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

/**
 * Urgent notices sent (urgent.sweep.ts): one row per appeal × unit it was urgent in (0: no unit yet, the
 * coordinators). The sweep inserts with ON CONFLICT DO NOTHING and notifies only for the rows it inserted, so its
 * steady state is one anti-join of the open urgent appeals with this key, and a reassignment gets a new row.
 * `followed_up_at`: when the follow-up went to the unit head and the coordinators because nobody notified had
 * opened the appeal in time (null: not needed or not yet).
 */
export const urgentNotices = pgTable(
  'urgent_notice',
  {
    appealId: bigint('appeal_id', { mode: 'number' }).notNull(),
    unitId: integer('unit_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    followedUpAt: timestamp('followed_up_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.unitId] })],
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

/**
 * The ladder's timing as SQL (reference/escalation.json, synced at start by syncLadder): the insert and update
 * triggers on appeal compute each step's moment from it (escalation.sql.ts). Exactly one of share, days_left,
 * overdue_days is set.
 */
export const escalationLadder = pgTable('escalation_ladder', {
  code: text('code').primaryKey(),
  ord: integer('ord').notNull(),
  share: doublePrecision('share'),
  daysLeft: integer('days_left'),
  overdueDays: integer('overdue_days'),
})

/**
 * The escalation sweep's queue: one row per step still ahead of an open appeal with a running clock, with the
 * moment it falls due. Kept by triggers on appeal (insert; due date, registration or status change) and by the
 * clock (a pause empties it, resuming re-arms it), so the minute sweep reads only the rows whose moment has come
 * instead of scanning every open appeal. Narrow, no foreign keys (like deadline_watch).
 */
export const escalationWatch = pgTable(
  'escalation_watch',
  {
    appealId: bigint('appeal_id', { mode: 'number' }).notNull(),
    step: text('step').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.step] }), index('escalation_watch_at_idx').on(t.at)],
)
