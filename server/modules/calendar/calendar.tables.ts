import { sql } from 'drizzle-orm'
import { check, date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from '../users/users.tables'

/** Admin overrides of the production calendar: win over reference/calendar/ru.json for their date. */
export const calendarOverrides = pgTable(
  'calendar_override',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind').$type<'working' | 'holiday' | 'short'>().notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('calendar_override_kind_check', sql`${t.kind} in ('working','holiday','short')`)],
)
