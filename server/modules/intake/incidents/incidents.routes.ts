import crypto from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError } from '../../../platform/errors'
import type { App, AppContext } from '../../../platform/http'
import { requireActor } from '../../../platform/http'
import { ERROR_RESPONSES, ZAppealIdParams } from '../../appeals/appeals.schemas'
import type { ActorRef } from '../../appeals/appeals.service'
import { INCIDENT_BATCH_MAX, ZIncidentBatch, ZIncidentResult } from './incidents.schemas'
import { badToken, registerIncidents } from './incidents.service'
import { acceptReviewed, listReview, rejectReviewed } from './review.service'

const sameSecret = (a: string, b: string) => {
  const x = crypto.createHash('sha256').update(a).digest()
  const y = crypto.createHash('sha256').update(b).digest()
  return crypto.timingSafeEqual(x, y)
}

/** Staff (operator, coordinator, admin) by session, or the «Инцидент менеджмент» export by bearer token. */
function incidentsActor(req: FastifyRequest, token: string | undefined): ActorRef {
  const header = req.headers.authorization
  if (header?.toLowerCase().startsWith('bearer ')) {
    if (!token || !sameSecret(header.slice(7).trim(), token)) throw badToken()
    return { kind: 'system' }
  }
  return { kind: 'user', user: requireActor(req, ['operator', 'coordinator', 'admin']) }
}

const ZReviewItem = z.object({
  id: z.number(),
  regNumber: z.string(),
  channel: z.object({ code: z.string(), name: z.string() }),
  receivedAt: z.string(),
  text: z.string(),
  url: z.string().nullable(),
  publicPageUrl: z.string().nullable(),
  reposts: z.number(),
  author: z.string().nullable(),
  reasons: z.array(z.string()),
  urgent: z.boolean(),
  /** Flagged by the model alone, not yet confirmed by a person («срочно?»). */
  urgentToCheck: z.boolean(),
})

const ZReviewDecision = z.object({
  id: z.number(),
  regNumber: z.string(),
  status: z.string(),
})

/** «Инцидент менеджмент»: the batch intake of social-network incidents and the review list of noise. */
export async function incidentsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.post(
    '/channels/incidents',
    {
      schema: {
        tags: ['Каналы'],
        summary: `Принять инциденты из соцсетей (до ${INCIDENT_BATCH_MAX} за раз): пост или комментарий, автор, текст, госпаблик`,
        description:
          'Доступ: оператор, координатор, администратор — или `Authorization: Bearer <VECHE_INCIDENTS_TOKEN>` для выгрузки «Инцидент менеджмент». ' +
          'Каждый инцидент регистрируется один раз по канонической ссылке; репост засчитывается оригиналу; ' +
          'шум уходит в список «Проверка». Ошибка в любом элементе — пакет не принимается целиком.',
        body: ZIncidentBatch,
        response: {
          200: z.object({
            results: z.array(ZIncidentResult),
            created: z.number(),
            duplicates: z.number(),
            review: z.number(),
          }),
          ...ERROR_RESPONSES,
        },
      },
      // Who may call is checked before the body is validated: a stranger gets 401, not field errors.
      preValidation: async (req) => {
        incidentsActor(req, ctx.env.VECHE_INCIDENTS_TOKEN)
      },
    },
    async (req) => {
      const actor = incidentsActor(req, ctx.env.VECHE_INCIDENTS_TOKEN)
      const results = await registerIncidents(db, req.body.items, { actor })
      return {
        results,
        created: results.filter((r) => r.created).length,
        duplicates: results.filter((r) => !r.created).length,
        review: results.filter((r) => r.review).length,
      }
    },
  )

  app.get(
    '/review',
    {
      schema: {
        tags: ['Проверка'],
        summary: 'Проверка: сообщения из соцсетей, отмеченные как шум (статус «На модерации»), с причинами',
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(ZReviewItem), total: z.number() }), ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['operator', 'coordinator'])
      return listReview(db, actor, req.query)
    },
  )

  app.post(
    '/review/:id/accept',
    {
      schema: {
        tags: ['Проверка'],
        summary: 'Не шум: передать на координацию (в рабочую очередь)',
        params: ZAppealIdParams,
        body: z
          .object({ note: z.string().trim().max(2000, 'не длиннее 2000 символов').optional() })
          .strict()
          .optional(),
        response: { 200: ZReviewDecision, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['operator', 'coordinator'])
      const row = await db.transaction((tx) =>
        acceptReviewed(tx, actor, req.params.id, req.body?.note || null),
      )
      return { id: row.id, regNumber: row.regNumber, status: row.status }
    },
  )

  app.post(
    '/review/:id/reject',
    {
      schema: {
        tags: ['Проверка'],
        summary: 'Шум: отклонить с пояснением',
        params: ZAppealIdParams,
        body: z
          .object({
            note: z
              .string({ message: 'укажите причину' })
              .trim()
              .min(3, 'укажите причину (не короче 3 символов)')
              .max(2000, 'не длиннее 2000 символов'),
          })
          .strict(),
        response: { 200: ZReviewDecision, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['operator', 'coordinator'])
      if (!req.body.note) throw new AppError('VALIDATION_FAILED', 'Укажите причину')
      const row = await db.transaction((tx) => rejectReviewed(tx, actor, req.params.id, req.body.note))
      return { id: row.id, regNumber: row.regNumber, status: row.status }
    },
  )
}
