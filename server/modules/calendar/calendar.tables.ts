import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
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

/**
 * The production calendar as SQL, for set-based statements over a million appeals (the escalation queue's
 * working-day steps): one row per Moscow date, the file with the admin overrides on top, rebuilt by
 * syncCalendarDays (calendar.sql.ts) at start and on every override change. `ord` counts the working days up to
 * and including the date, so «the n-th working day after» is a lookup by ord. Years the file does not hold
 * follow Mon–Fri and are marked `approx` (the calendar page warns about a missing year).
 */
export const calendarDays = pgTable(
  'calendar_day',
  {
    day: date('day', { mode: 'string' }).primaryKey(),
    working: boolean('working').notNull(),
    ord: integer('ord').notNull(),
    workStart: timestamp('work_start', { withTimezone: true }),
    workEnd: timestamp('work_end', { withTimezone: true }),
    approx: boolean('approx').notNull(),
  },
  (t) => [index('calendar_day_working_ord_idx').on(t.ord).where(sql`${t.working}`)],
)
