import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { RoleCode } from '../../common/domain'
import { type Actor, findActor } from '../modules/users/users.service'
import type { Database } from './db'
import type { Env } from './env'
import { AppError, type ERROR_STATUS } from './errors'

// Validation messages reach users: zod speaks Russian.
z.config(z.locales.ru())

export const SESSION_COOKIE = 'veche_session'
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
  }
}

export interface AppContext {
  database: Database
  env: Env
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>

/** Builds the HTTP app: plugins, error mapping, auth, the API modules and the web UI. */
export async function buildHttpApp(
  ctx: AppContext,
  opts: { logger: FastifyBaseLogger | false; routes: (app: App) => Promise<void> },
) {
  const app = Fastify({
    loggerInstance: opts.logger || undefined,
    bodyLimit: ctx.env.VECHE_BODY_LIMIT,
    // Rate limits key on the client address; a spoofable X-Forwarded-For is trusted only behind a proxy.
    trustProxy: ctx.env.VECHE_TRUST_PROXY,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(errorHandler)

  await app.register(cookie)
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Вече API',
        version: '0.1.0',
        description:
          'API системы Муниципального центра управления. Ошибки: `{ error: { code, message, details } }`, где `code` — стабильный код, `message` — текст на русском.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE]
    req.actor = token ? await findActor(ctx.database.db, token) : null
  })

  // A POST sent without a body (no Content-Type) is validated as an empty object, not as null: actions
  // that take nothing (approve) accept it, and the rest name the fields that are missing.
  app.addHook('preValidation', async (req) => {
    if (req.body == null && req.headers['content-type'] === undefined && req.method !== 'GET') req.body = {}
  })

  await app.register(async (api) => opts.routes(api as unknown as App), { prefix: '/api' })

  if (fs.existsSync(WEB_DIST)) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true, index: ['index.html'] })
  }
  app.setNotFoundHandler((req, reply) => {
    const indexHtml = `${WEB_DIST}/index.html`
    // Client-side routes get the app; a missing file (an old /assets/… name) stays a 404.
    const lastSegment = req.url.split('?')[0].split('/').pop() ?? ''
    if (
      req.method === 'GET' &&
      !req.url.startsWith('/api') &&
      !lastSegment.includes('.') &&
      fs.existsSync(indexHtml)
    ) {
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(indexHtml))
    }
    return sendError(reply, new AppError('NOT_FOUND', 'Адрес не найден'))
  })
  return app
}

/** Requires a signed-in user (optionally with one of `roles`) and returns them. */
export function requireActor(req: FastifyRequest, roles?: RoleCode[]): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Войдите в систему')
  if (roles && !roles.includes(req.actor.role))
    throw new AppError('FORBIDDEN', 'Недостаточно прав для этого действия')
  return req.actor
}

function sendError(reply: FastifyReply, err: AppError) {
  return reply
    .status(err.status)
    .send({ error: { code: err.code, message: err.message, details: err.details } })
}

/** Maps every error to `{error: {code, message}}` with a Russian message; no stack trace leaves the server. */
function errorHandler(this: FastifyInstance, error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendError(reply, error)
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      path: (v.instancePath || '').replace(/^\//, '').replaceAll('/', '.'),
      message: v.message ?? 'неверное значение',
    }))
    const where =
      error.validationContext === 'querystring'
        ? 'параметрах запроса'
        : error.validationContext === 'params'
          ? 'адресе'
          : 'данных'
    return sendError(
      reply,
      new AppError(
        'VALIDATION_FAILED',
        `Ошибка в ${where}: ${details.map((d) => `${d.path ? `${d.path} — ` : ''}${d.message}`).join('; ')}`,
        details,
      ),
    )
  }
  const known = FASTIFY_ERRORS[error.code]
  if (known) return sendError(reply, new AppError(known[0], known[1]))
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return sendError(reply, new AppError('BAD_REQUEST', 'Неверный запрос'))
  }
  req.log.error({ err: error }, 'unhandled error')
  return sendError(
    reply,
    new AppError('INTERNAL', 'Внутренняя ошибка сервера. Она записана в журнал; попробуйте ещё раз.'),
  )
}

const FASTIFY_ERRORS: Record<string, [keyof typeof ERROR_STATUS, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'Слишком большой запрос'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'UNSUPPORTED_MEDIA_TYPE',
    'Неподдерживаемый тип содержимого: ожидается application/json',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['VALIDATION_FAILED', 'Пустое тело запроса: ожидается JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['VALIDATION_FAILED', 'Тело запроса — не корректный JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['BAD_REQUEST', 'Неверная длина тела запроса'],
}
