import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { ZErrorBody } from '../appeals/appeals.schemas'
import { getDashboard } from './dashboard.service'

const ZCount = z.object({ code: z.string(), name: z.string(), received30: z.number(), overdue: z.number() })

/** The head of the city's numbers. */
export async function dashboardRoutes(app: App, ctx: AppContext) {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['Аналитика'],
        summary: 'Показатели за сегодня и за 30 дней (в пределах прав пользователя)',
        response: {
          200: z.object({
            today: z.object({
              received: z.number(),
              inWork: z.number(),
              overdue: z.number(),
              answered: z.number(),
              avgRatingToday: z.number().nullable(),
              ratedToday: z.number(),
            }),
            period30: z.object({
              received: z.number(),
              answered: z.number(),
              avgRating: z.number().nullable(),
              share45: z.number().nullable(),
              onTimeShare: z.number().nullable(),
            }),
            bySector: z.array(ZCount),
            byDistrict: z.array(ZCount),
            daily: z.array(z.object({ date: z.string(), received: z.number(), answered: z.number() })),
            generatedAt: z.string(),
          }),
          401: ZErrorBody,
          403: ZErrorBody,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req, [
        'head',
        'deputy',
        'cur_viewer',
        'coordinator',
        'operator',
        'admin',
        'unit_head',
      ])
      return getDashboard(ctx.database.db, actor)
    },
  )
}
