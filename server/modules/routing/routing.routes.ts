import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { loadCard } from '../appeals/appeals.routes'
import { ERROR_RESPONSES, ZAppealDetail, ZAppealIdParams, ZAssignAppeal } from '../appeals/appeals.schemas'
import { assignAppeal } from './routing.service'

const errors = ERROR_RESPONSES

/** Assigning a sector, topic and executor unit. */
export async function routingRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.post(
    '/appeals/:id/assign',
    {
      schema: {
        tags: ['Маршрутизация'],
        summary: 'Назначить сектор, тему и исполнителя; обращение переходит «В работу»',
        params: ZAppealIdParams,
        body: ZAssignAppeal,
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['operator', 'coordinator', 'admin'])
      return db.transaction(async (tx) => {
        await assignAppeal(tx, actor, req.params.id, req.body)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
}
