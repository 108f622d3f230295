import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { iso } from '../appeals/appeals.presenter'
import { ERROR_RESPONSES } from '../appeals/appeals.schemas'
import { getSettings, listNotifications, markRead, saveSettings } from './notifications.service'
import { NOTIFY_CHANNELS } from './notifications.tables'

const ZNotification = z.object({
  id: z.number(),
  kind: z.string(),
  step: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  appealId: z.number().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
})

const ZSettings = z
  .object({
    email: z
      .email('адрес электронной почты указан неверно')
      .max(200)
      .nullable()
      .or(z.literal('').transform(() => null)),
    telegramChatId: z
      .string()
      .trim()
      .regex(/^-?\d{1,15}$/, 'идентификатор чата Telegram — число, например 123456789')
      .nullable()
      .or(z.literal('').transform(() => null)),
    channels: z.array(z.enum(NOTIFY_CHANNELS, 'канал: email или telegram')).max(2),
  })
  .strict()

/** The bell (every staff user sees only their own notifications) and the user's channels. */
export async function notificationsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['Уведомления'],
        summary: 'Мои уведомления: число непрочитанных и последние',
        querystring: z.object({
          unread: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          before: z.coerce.number().int().positive().optional(),
        }),
        response: {
          200: z.object({ unread: z.number(), items: z.array(ZNotification) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      const { unread, items } = await listNotifications(db, actor, {
        unreadOnly: req.query.unread,
        limit: req.query.limit,
        before: req.query.before,
      })
      return {
        unread,
        items: items.map((n) => ({
          id: n.id,
          kind: n.kind,
          step: n.step,
          title: n.title,
          body: n.body,
          link: n.link,
          appealId: n.appealId,
          createdAt: iso(n.createdAt),
          readAt: iso(n.readAt),
        })),
      }
    },
  )
  app.post(
    '/notifications/read',
    {
      schema: {
        tags: ['Уведомления'],
        summary: 'Отметить прочитанными: выбранные или все',
        body: z.union([
          z
            .object({ ids: z.array(z.number().int().positive()).min(1, 'выберите уведомления').max(500) })
            .strict(),
          z.object({ all: z.literal(true) }).strict(),
        ]),
        response: { 200: z.object({ marked: z.number() }), ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return { marked: await markRead(db, actor, 'ids' in req.body ? req.body.ids : 'all') }
    },
  )
  app.get(
    '/notifications/settings',
    {
      schema: {
        tags: ['Уведомления'],
        summary: 'Мои каналы уведомлений (в приложении — всегда)',
        response: { 200: ZSettings, ...ERROR_RESPONSES },
      },
    },
    async (req) => getSettings(db, requireActor(req).id),
  )
  app.post(
    '/notifications/settings',
    {
      schema: {
        tags: ['Уведомления'],
        summary: 'Выбрать каналы уведомлений: почта, Telegram (в приложении — всегда)',
        body: ZSettings,
        response: { 200: ZSettings, ...ERROR_RESPONSES },
      },
    },
    async (req) => saveSettings(db, requireActor(req).id, req.body),
  )
}
