import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

/**
 * The job queue: side effects (delivering answers, notifications, channel pushes) are rows written in
 * the same transaction as the change that causes them, so they run only after that change commits
 * and are never lost. Workers claim rows with FOR UPDATE SKIP LOCKED.
 */
export const jobs = pgTable(
  'job',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** At most one queued-or-running job per key: makes enqueueing idempotent. */
    singletonKey: text('singleton_key'),
    state: text('state').notNull().default('queued'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('job_due_idx').on(t.state, t.runAt),
    uniqueIndex('job_singleton_uq').on(t.singletonKey).where(sql`${t.singletonKey} is not null`),
    check('job_state_check', sql`${t.state} in ('queued','running','done','dead')`),
  ],
)
