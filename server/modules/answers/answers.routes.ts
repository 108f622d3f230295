import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { loadCard } from '../appeals/appeals.routes'
import { ERROR_RESPONSES, ZAppealDetail, ZAppealIdParams } from '../appeals/appeals.schemas'
import { approveAnswer, returnAnswer, writeAnswer } from './answers.service'

const errors = ERROR_RESPONSES

/** Answer, approve, return for rework. */
export async function answersRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.post(
    '/appeals/:id/answer',
    {
      schema: {
        tags: ['Ответы'],
        summary: 'Исполнитель пишет ответ',
        params: ZAppealIdParams,
        body: z
          .object({
            text: z.string().trim().min(20, 'ответ слишком короткий: не меньше 20 символов').max(20_000),
          })
          .strict(),
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['executor', 'unit_head'])
      return db.transaction(async (tx) => {
        await writeAnswer(tx, actor, req.params.id, req.body.text)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
  app.post(
    '/appeals/:id/approve',
    {
      schema: {
        tags: ['Ответы'],
        summary: 'Координатор МЦУ утверждает ответ; доставка заявителю ставится в очередь',
        params: ZAppealIdParams,
        body: z.object({}).strict().optional(),
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['coordinator', 'admin'])
      return db.transaction(async (tx) => {
        await approveAnswer(tx, actor, req.params.id)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
  app.post(
    '/appeals/:id/return',
    {
      schema: {
        tags: ['Ответы'],
        summary: 'Вернуть ответ исполнителю на доработку',
        params: ZAppealIdParams,
        body: z
          .object({ reason: z.string().trim().min(5, 'укажите причину (не меньше 5 символов)').max(2000) })
          .strict(),
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['coordinator', 'unit_head', 'admin'])
      return db.transaction(async (tx) => {
        await returnAnswer(tx, actor, req.params.id, req.body.reason)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
}
