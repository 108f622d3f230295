import { z } from 'zod'
import type { RoleCode } from '../../../common/domain'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { loadCard } from '../appeals/appeals.routes'
import { ERROR_RESPONSES, ZAppealDetail, ZAppealIdParams } from '../appeals/appeals.schemas'
import { redirectAppeal, redirectOptions } from './redirect.service'

/** Who redirects appeals to other bodies: the МЦУ's operators and coordinators (as the transition table says). */
const REDIRECT_ROLES: RoleCode[] = ['operator', 'coordinator']

const ZId = z.number().int().positive()

const ZRedirectOptions = z.object({
  window: z.object({
    due: z.string().nullable(),
    daysLeft: z.number().nullable(),
    late: z.boolean(),
    source: z.string().nullable(),
  }),
  bodies: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      shortName: z.string(),
      level: z.string(),
      sentAt: z.string().nullable(),
    }),
  ),
})

/** Redirect to another body by competence (59-ФЗ ст. 8 ч. 3–4, 6) and copies to several bodies. */
export async function redirectRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.get(
    '/appeals/:id/redirect',
    {
      schema: {
        tags: ['Маршрутизация'],
        summary: 'Срок переадресации обращения и органы, куда его можно направить',
        params: ZAppealIdParams,
        response: { 200: ZRedirectOptions, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = requireActor(req, REDIRECT_ROLES)
      const o = await redirectOptions(db, actor, req.params.id)
      return {
        window: { ...o.window, due: o.window.due?.toISOString() ?? null },
        bodies: o.bodies.map((b) => ({ ...b, sentAt: b.sentAt?.toISOString() ?? null })),
      }
    },
  )
  app.post(
    '/appeals/:id/redirect',
    {
      schema: {
        tags: ['Маршрутизация'],
        summary:
          'Переадресовать обращение в другой орган (статус «Направлено по компетенции») или направить копию части вопросов; заявителю уходит уведомление',
        params: ZAppealIdParams,
        body: z
          .object({
            mode: z.enum(['redirect', 'copy'], 'mode: redirect (переадресовать) или copy (направить копию)'),
            bodyIds: z
              .array(ZId, 'bodyIds: список кодов органов')
              .min(1, 'выберите хотя бы один орган')
              .max(10, 'не больше 10 органов за раз'),
            reason: z
              .string('укажите, почему вопрос не относится к компетенции города')
              .trim()
              .min(10, 'причина слишком короткая: не меньше 10 символов')
              .max(2000, 'не длиннее 2000 символов'),
            complaintAgainstIds: z.array(ZId, 'complaintAgainstIds: список кодов органов').max(20).optional(),
            lateReason: z.string().trim().max(2000, 'не длиннее 2000 символов').nullable().optional(),
          })
          .strict(),
        response: { 200: ZAppealDetail, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = requireActor(req, REDIRECT_ROLES)
      return db.transaction(async (tx) => {
        await redirectAppeal(tx, actor, req.params.id, req.body)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
}
