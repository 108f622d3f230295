import { asc, eq } from 'drizzle-orm'
import { clearCache } from '../../platform/cache'
import type { Queryable } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { users } from '../users/users.tables'
import { type CalendarOverride, loadCalendar, type ProductionCalendar } from './calendar'
import { calendarOverrides } from './calendar.tables'

/** The years in the data file, with their source and status (draft or approved). */
export function calendarYears(cal: ProductionCalendar = loadCalendar()) {
  return [...cal.years.values()].sort((a, b) => a.year - b.year)
}

/**
 * Warnings about the calendar on a given day: after 1 September the next year must be loaded (the Government's
 * постановление on transfers usually comes out in August–October), and draft years are named.
 */
export function calendarWarnings(now = new Date(), cal: ProductionCalendar = loadCalendar()): string[] {
  const msk = new Date(now.getTime() + 3 * 3_600_000)
  const year = msk.getUTCFullYear()
  const out: string[] = []
  if (!cal.years.has(year))
    out.push(`Производственный календарь на текущий ${year} год не загружен: сроки не считаются`)
  if (msk.getUTCMonth() >= 8 && !cal.years.has(year + 1))
    out.push(
      `Нет календаря на ${year + 1} год: после 1 сентября его пора загрузить (veche calendar import <xmlcalendar.xml>), иначе сроки, уходящие в ${year + 1} год, не посчитаются`,
    )
  for (const y of cal.years.values())
    if (y.status === 'draft' && y.year >= year)
      out.push(`${y.year} год — проект (draft): сверьте с подписанным постановлением и отметьте approved`)
  return out
}

export async function listOverrides(db: Queryable) {
  return db
    .select({
      date: calendarOverrides.date,
      kind: calendarOverrides.kind,
      reason: calendarOverrides.reason,
      createdAt: calendarOverrides.createdAt,
      createdBy: users.fullName,
    })
    .from(calendarOverrides)
    .leftJoin(users, eq(users.id, calendarOverrides.createdBy))
    .orderBy(asc(calendarOverrides.date))
}

/**
 * Adds or replaces an override for a date. Checked by loading the calendar with it: a date of a year that is not
 * loaded, or one that does not exist, is refused and nothing is written.
 */
export async function saveOverride(
  db: Queryable,
  userId: string,
  o: CalendarOverride & { reason: string },
): Promise<void> {
  const rows = await db.select().from(calendarOverrides)
  const next = [...rows.filter((r) => r.date !== o.date).map((r) => ({ date: r.date, kind: r.kind })), o]
  try {
    loadCalendar(next)
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', (err as Error).message, [
      { path: 'date', message: (err as Error).message },
    ])
  }
  await db
    .insert(calendarOverrides)
    .values({ date: o.date, kind: o.kind, reason: o.reason, createdBy: userId })
    .onConflictDoUpdate({
      target: calendarOverrides.date,
      set: { kind: o.kind, reason: o.reason, createdBy: userId, createdAt: new Date() },
    })
  clearCache()
}

export async function deleteOverride(db: Queryable, date: string): Promise<void> {
  const deleted = await db.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).returning()
  if (deleted.length === 0) throw new AppError('NOT_FOUND', `Переопределения на ${date} нет`)
  clearCache()
}
