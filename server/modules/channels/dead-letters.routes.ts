import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { iso } from '../appeals/appeals.presenter'
import { ERROR_RESPONSES } from '../appeals/appeals.schemas'
import { listDeadLetters, replayDeadLetters } from './dead-letters.service'

const ZDeadLetter = z.object({
  id: z.number(),
  name: z.string(),
  title: z.string(),
  /** The job's payload without secrets (an e-mail acknowledgement's tracking code). */
  payload: z.record(z.string(), z.unknown()),
  /** The appeal the job concerns, when it names one that exists. */
  appeal: z.object({ id: z.number(), regNumber: z.string() }).nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  failedAt: z.string().nullable(),
  createdAt: z.string(),
})

/** The dead-letter list: deliveries and pushes that failed every retry, and their replay. */
export async function deadLettersRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.get(
    '/dead-letters',
    {
      schema: {
        tags: ['Каналы'],
        summary: 'Недоставленное: ответы и уведомления, не прошедшие после всех повторов',
        response: { 200: z.object({ items: z.array(ZDeadLetter) }), ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      requireActor(req, ['operator', 'coordinator', 'admin'])
      const rows = await listDeadLetters(db)
      return {
        items: rows.map((r) => ({ ...r, failedAt: iso(r.failedAt), createdAt: iso(r.createdAt) })),
      }
    },
  )
  app.post(
    '/dead-letters/replay',
    {
      schema: {
        tags: ['Каналы'],
        summary: 'Повторить недоставленное: задания снова ставятся в очередь',
        body: z
          .object({ ids: z.array(z.number().int().positive()).min(1, 'выберите задания').max(1000) })
          .strict(),
        response: { 200: z.object({ requeued: z.number() }), ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      requireActor(req, ['operator', 'coordinator', 'admin'])
      return { requeued: await replayDeadLetters(db, req.body.ids) }
    },
  )
}
