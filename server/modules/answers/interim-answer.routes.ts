import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { loadCard } from '../appeals/appeals.routes'
import { ERROR_RESPONSES, ZAppealDetail, ZAppealIdParams } from '../appeals/appeals.schemas'
import { INTERIM_ANSWER_ROLES } from './interim-answer.policy'
import { writeInterimAnswer } from './interim-answer.service'

/** The intermediate answer: told to the citizen through the appeal's channel, status unchanged. */
export async function interimAnswerRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.post(
    '/appeals/:id/interim-answer',
    {
      schema: {
        tags: ['Ответы'],
        summary:
          'Промежуточный ответ заявителю (статус не меняется; уходит в канал обращения, например в ПОС)',
        params: ZAppealIdParams,
        body: z
          .object({
            text: z
              .string('укажите текст промежуточного ответа')
              .trim()
              .min(10, 'промежуточный ответ слишком короткий: не меньше 10 символов')
              .max(5000, 'не длиннее 5000 символов'),
          })
          .strict(),
        response: { 200: ZAppealDetail, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = requireActor(req, INTERIM_ANSWER_ROLES)
      return db.transaction(async (tx) => {
        await writeInterimAnswer(tx, actor, req.params.id, req.body.text)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
}
