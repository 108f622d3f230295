import { sql } from 'drizzle-orm'
import { bigint, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { appeals } from '../appeals/appeals.tables'
import { users } from '../users/users.tables'

/** Answers to an appeal: drafted by an executor, approved or returned by the МЦУ coordinator. */
export const answers = pgTable(
  'answer',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    text: text('text').notNull(),
    status: text('status').notNull().default('prepared'),
    authorId: uuid('author_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    deliveredVia: text('delivered_via'),
  },
  (t) => [
    index('answer_appeal_idx').on(t.appealId),
    check('answer_status_check', sql`${t.status} in ('prepared','approved','returned')`),
  ],
)
