import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import { appeals } from '../appeals/appeals.tables'
import { users } from '../users/users.tables'

/** Versions of the deadline rule set; the newest row is the one in force (from reference/deadlines.json or an admin). */
export const deadlineRuleSets = pgTable(
  'deadline_rule_set',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    rules: jsonb('rules').$type<unknown>().notNull(),
    source: text('source').notNull(),
    /** SHA-256 of reference/deadlines.json when the row came from the file: a changed file becomes a new version. */
    fileHash: text('file_hash'),
    savedBy: uuid('saved_by').references(() => users.id),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('deadline_rule_set_source_check', sql`${t.source} in ('file','admin')`)],
)

/** Stage ends of the active rule set, for the insert trigger that arms the sweep's queue (synced with the set). */
export const deadlineStages = pgTable('deadline_stage', {
  code: text('code').primaryKey(),
  until: doublePrecision('until').notNull(),
  statuses: text('statuses').array().notNull(),
})

/** The clock of one appeal beyond its due date: a pause while waiting for the applicant, and the 59-ФЗ extension. */
export const appealClocks = pgTable(
  'appeal_clock',
  {
    appealId: bigint('appeal_id', { mode: 'number' })
      .primaryKey()
      .references(() => appeals.id),
    /** The due moment before any pause or extension (the rule's term from registration). */
    baseDueAt: timestamp('base_due_at', { withTimezone: true }),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    pauseLimitAt: timestamp('pause_limit_at', { withTimezone: true }),
    pauseQuestion: text('pause_question'),
    /** Time the clock stood still in finished pauses (the due date moved by it). */
    pausedMs: bigint('paused_ms', { mode: 'number' }).notNull().default(0),
    extensions: smallint('extensions').notNull().default(0),
    extendedDays: integer('extended_days').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('appeal_clock_paused_idx').on(t.pauseLimitAt).where(sql`${t.pausedAt} is not null`)],
)

/** An inter-agency information request (59-ФЗ ст. 10 ч. 2) with its own due date. */
export const appealInfoRequests = pgTable(
  'appeal_info_request',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    body: text('body').notNull(),
    subject: text('subject').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answerNote: text('answer_note'),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('appeal_info_request_appeal_idx').on(t.appealId)],
)

/** The sweep's queue: moments still to check per open appeal ('final' and stage codes). No foreign key on purpose. */
export const deadlineWatch = pgTable(
  'deadline_watch',
  {
    appealId: bigint('appeal_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The unit holding the appeal and its status, kept current by a trigger on appeal (re-routing, transitions). */
    unitId: integer('unit_id'),
    status: text('status').notNull(),
  },
  (t) => [
    primaryKey({ name: 'deadline_watch_pk', columns: [t.appealId, t.kind] }),
    index('deadline_watch_at_idx').on(t.at),
  ],
)

/** A passed deadline recorded once, with the unit that held the appeal and its status at that moment. */
export const deadlineFlags = pgTable(
  'deadline_flag',
  {
    appealId: bigint('appeal_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    flaggedAt: timestamp('flagged_at', { withTimezone: true }).notNull(),
    unitId: integer('unit_id'),
    status: text('status').notNull(),
  },
  (t) => [primaryKey({ name: 'deadline_flag_pk', columns: [t.appealId, t.kind] })],
)
