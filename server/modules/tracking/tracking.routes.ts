import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { createRateLimit } from '../../platform/rate-limit'
import { ZErrorBody } from '../appeals/appeals.schemas'
import { getPublicAppeal, rateAppeal } from './tracking.service'

const ZPublicAppeal = z.object({
  regNumber: z.string(),
  regime: z.object({ code: z.string(), name: z.string() }),
  receivedAt: z.string(),
  registeredAt: z.string(),
  status: z.object({ code: z.string(), publicName: z.string() }),
  sector: z.object({ code: z.string(), name: z.string() }).nullable(),
  dueAt: z.string().nullable(),
  answer: z.object({ text: z.string(), at: z.string() }).nullable(),
  history: z.array(z.object({ at: z.string(), title: z.string(), notice: z.string().nullable() })),
  canRate: z.boolean(),
  rating: z
    .object({ score: z.number(), comment: z.string().nullable(), at: z.string().nullable() })
    .nullable(),
})

const ZRegNumber = z.object({
  regNumber: z.string().trim().min(3, 'неверный номер обращения').max(40, 'неверный номер обращения'),
})
const ZCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'код — шесть цифр')

/** The citizen's side: no login, a registration number plus the six-digit code. */
export async function trackingRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  // Six digits are guessable without a limit: 30 tries a minute per address keeps guessing impractical.
  const limit = createRateLimit({ max: 30, windowMs: 60_000 })
  const errors = { 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 429: ZErrorBody }
  app.get(
    '/public/appeals/:regNumber',
    {
      preHandler: limit,
      schema: {
        tags: ['Заявителю'],
        summary: 'Статус обращения по номеру и коду (без входа)',
        params: ZRegNumber,
        querystring: z.object({ code: ZCode }).strict(),
        response: { 200: ZPublicAppeal, ...errors },
      },
    },
    async (req) => getPublicAppeal(db, req.params.regNumber.toUpperCase(), req.query.code),
  )
  app.post(
    '/public/appeals/:regNumber/rating',
    {
      preHandler: limit,
      schema: {
        tags: ['Заявителю'],
        summary: 'Оценить ответ от 1 до 5; низкая оценка возвращает обращение на доработку',
        params: ZRegNumber,
        body: z
          .object({
            code: ZCode,
            score: z.number().int().min(1, 'оценка от 1 до 5').max(5, 'оценка от 1 до 5'),
            comment: z.string().trim().max(2000).optional().nullable(),
          })
          .strict(),
        response: { 200: ZPublicAppeal, ...errors },
      },
    },
    async (req) => {
      const regNumber = req.params.regNumber.toUpperCase()
      return db.transaction(async (tx) => {
        await rateAppeal(tx, { regNumber, ...req.body })
        return getPublicAppeal(tx, regNumber, req.body.code)
      })
    },
  )
}
