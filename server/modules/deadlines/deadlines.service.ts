import { cached } from '../../platform/cache'
import type { Queryable } from '../../platform/db'
import { AppError } from '../../platform/errors'
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  loadCalendar,
  type ProductionCalendar,
} from '../calendar/calendar'
import { type DeadlineRule, regimes } from '../reference/reference.tables'

let calendar: ProductionCalendar | undefined
const cal = () => {
  calendar ??= loadCalendar()
  return calendar
}

/** The due moment for a rule counted from `from` (registration), on the production calendar. */
export function computeDueAt(rule: DeadlineRule, from: Date): Date {
  try {
    switch (rule.kind) {
      case 'calendar_days':
        return addCalendarDays(cal(), from, rule.amount, { moveOffDay: rule.moveOffDay })
      case 'working_days':
        return addWorkingDays(cal(), from, rule.amount)
      case 'working_hours':
        return addWorkingHours(cal(), from, rule.amount)
    }
  } catch (err) {
    throw new AppError('UNAVAILABLE', `Не удалось рассчитать срок: ${(err as Error).message}`)
  }
}

/** The deadline rule of a regime, with its description (the legal source). */
export async function regimeDeadline(
  db: Queryable,
  regime: string,
): Promise<{ rule: DeadlineRule; prefix: string; description: string }> {
  const all = await cached('regimes', 60_000, () => db.select().from(regimes))
  const row = all.find((r) => r.code === regime)
  if (!row) throw new AppError('VALIDATION_FAILED', `Неизвестный режим обращения «${regime}»`)
  return { rule: row.deadline, prefix: row.prefix, description: row.description }
}
