import { z } from 'zod'
import { ROLE_NAMES } from '../../../common/domain'
import type { App, AppContext } from '../../platform/http'
import { requireActor, SESSION_COOKIE } from '../../platform/http'
import { createRateLimit } from '../../platform/rate-limit'
import { type Actor, logIn, logOut } from './users.service'

export const ZUser = z.object({
  id: z.string(),
  login: z.string(),
  fullName: z.string(),
  role: z.string(),
  roleName: z.string(),
  unit: z.object({ id: z.number(), name: z.string() }).nullable(),
  sectors: z.array(z.string()),
})

const presentUser = (a: Actor) => ({
  id: a.id,
  login: a.login,
  fullName: a.fullName,
  role: a.role,
  roleName: ROLE_NAMES[a.role],
  unit: a.unitId ? { id: a.unitId, name: a.unitName ?? '' } : null,
  sectors: a.sectors,
})

/** Sign-in with a password and a session cookie. */
export async function usersRoutes(app: App, ctx: AppContext) {
  const loginLimit = createRateLimit({ max: ctx.env.VECHE_LOGIN_PER_MINUTE, windowMs: 60_000 })
  app.post(
    '/auth/login',
    {
      preHandler: loginLimit,
      schema: {
        tags: ['Вход'],
        summary: 'Вход по логину и паролю',
        body: z
          .object({
            login: z.string().trim().min(1, 'введите логин').max(100),
            password: z.string().min(1, 'введите пароль').max(200),
          })
          .strict(),
        response: { 200: z.object({ user: ZUser }) },
      },
    },
    async (req, reply) => {
      const { token, expiresAt, actor } = await logIn(ctx.database.db, {
        ...req.body,
        sessionDays: ctx.env.VECHE_SESSION_DAYS,
      })
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.env.VECHE_PUBLIC_URL.startsWith('https://'),
        expires: expiresAt,
      })
      return { user: presentUser(actor) }
    },
  )
  app.post('/auth/logout', { schema: { tags: ['Вход'], summary: 'Выход' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE]
    if (token) await logOut(ctx.database.db, token)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.status(204).send()
  })
  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['Вход'],
        summary: 'Текущий пользователь',
        response: { 200: z.object({ user: ZUser }) },
      },
    },
    async (req) => ({ user: presentUser(requireActor(req)) }),
  )
}
