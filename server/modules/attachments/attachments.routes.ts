import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { ERROR_RESPONSES } from '../appeals/appeals.schemas'
import { findScopedAppeal } from '../appeals/appeals.service'
import { readAttachment } from './attachments.service'

/** Citizens' files, for staff who may see the appeal. */
export async function attachmentsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.get(
    '/appeals/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['Обращения'],
        summary: 'Файл, приложенный к обращению (фотография, PDF)',
        params: z.object({
          id: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 53),
          attachmentId: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 53),
        }),
        response: ERROR_RESPONSES,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req)
      const appeal = await findScopedAppeal(db, actor, req.params.id)
      const file = await readAttachment(db, appeal.id, req.params.attachmentId)
      return reply
        .header('content-type', file.mime)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.content as never)
    },
  )
}
