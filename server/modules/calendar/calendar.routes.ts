import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { ERROR_RESPONSES } from '../appeals/appeals.schemas'
import { syncEscalationQueue } from '../escalation/escalation.queue'
import {
  calendarWarnings,
  calendarYears,
  deleteOverride,
  listOverrides,
  saveOverride,
} from './calendar.service'

const ZDate = z.string('укажите дату').regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД')
const ZCalendar = z.object({
  years: z.array(z.object({ year: z.number(), source: z.string(), status: z.enum(['approved', 'draft']) })),
  warnings: z.array(z.string()),
  overrides: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(['working', 'holiday', 'short']),
      reason: z.string(),
      createdAt: z.string(),
      createdBy: z.string().nullable(),
    }),
  ),
})

/** The production calendar for admins: loaded years and the override table (working / holiday / short days). */
export async function calendarRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  const tags = ['Сроки']
  const view = async () => ({
    years: calendarYears(),
    warnings: calendarWarnings(),
    overrides: (await listOverrides(db)).map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
  })
  app.get(
    '/calendar',
    {
      schema: {
        tags,
        summary:
          'Производственный календарь: загруженные годы, предупреждения, переопределения администратора',
        response: { 200: ZCalendar, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      requireActor(req, ['admin', 'coordinator'])
      return view()
    },
  )
  app.put(
    '/calendar/overrides/:date',
    {
      schema: {
        tags,
        summary: 'Переопределить день календаря (администратор): рабочий, нерабочий или сокращённый',
        params: z.object({ date: ZDate }),
        body: z
          .object({
            kind: z.enum(['working', 'holiday', 'short'], 'вид дня: working, holiday или short'),
            reason: z.string('укажите основание').trim().min(5, 'основание: не короче 5 символов').max(500),
          })
          .strict(),
        response: { 200: ZCalendar, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['admin'])
      await saveOverride(db, actor.id, { date: req.params.date, ...req.body })
      // Reminders follow the changed day at once (the escalation queue's working-day steps around it move).
      await syncEscalationQueue(db)
      return view()
    },
  )
  app.delete(
    '/calendar/overrides/:date',
    {
      schema: {
        tags,
        summary: 'Удалить переопределение дня (администратор)',
        params: z.object({ date: ZDate }),
        response: { 200: ZCalendar, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      requireActor(req, ['admin'])
      await deleteOverride(db, req.params.date)
      await syncEscalationQueue(db)
      return view()
    },
  )
}
