import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../platform/errors'
import type { AppContext } from '../../platform/http'
import { createRateLimit } from '../../platform/rate-limit'
import type { Open311Attribute } from './open311.catalog'
import { Open311Error } from './open311.errors'
import {
  checkJurisdiction,
  createServiceRequest,
  getServiceRequest,
  jurisdictionOf,
  listOpen311Services,
  listServiceRequests,
  type Open311Request,
  type Pairs,
  resolveToken,
} from './open311.service'
import { fields, type XmlElement, xmlDocument } from './open311.xml'

export const OPEN311_PREFIX = '/open311/v2'
/** When this API's shape last changed (discovery `changeset`). */
const CHANGESET = '2026-11-27T00:00:00Z'
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2'

type Format = 'json' | 'xml'
interface Out {
  json: unknown
  xml: XmlElement
}

const splitFormat = (file: string): [string, Format] | null => {
  const m = /^(.+)\.(json|xml)$/.exec(file)
  return m ? [m[1], m[2] as Format] : null
}

/** json for a `.json` URL, xml (the format GeoReport v2 requires) for everything else. */
function formatOf(req: FastifyRequest): Format {
  return req.url.split('?')[0].endsWith('.json') ? 'json' : 'xml'
}

function send(reply: FastifyReply, format: Format, out: Out, status = 200) {
  reply.code(status)
  if (format === 'json') {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(out.json))
  }
  return reply.type('text/xml; charset=utf-8').send(xmlDocument(out.xml))
}

function sendError(reply: FastifyReply, format: Format, err: Open311Error) {
  return send(
    reply,
    format,
    {
      json: err.errors,
      xml: ['errors', err.errors.map((e): XmlElement => ['error', fields(e)])],
    },
    err.status,
  )
}

const notFound = (what: string) => new Open311Error(404, `Ресурс «${what}» не найден в Open311 GeoReport v2`)

function attributeJson(a: Open311Attribute) {
  return {
    variable: a.variable,
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    datatype_description: a.datatype_description,
    order: a.order,
    description: a.description,
    ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
  }
}

function requestXml(r: Open311Request): XmlElement {
  return ['request', fields({ ...r })]
}

/** Form fields (or a JSON object) of a POST, then the query string, as (name, value) pairs. */
function postPairs(req: FastifyRequest): Pairs {
  const pairs: Pairs = []
  const body = req.body as unknown
  if (Array.isArray(body)) pairs.push(...(body as Pairs))
  else if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'attribute' && v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [code, av] of Object.entries(v)) {
          if (Array.isArray(av)) for (const x of av) pairs.push([`attribute[${code}][]`, String(x)])
          else if (av !== null && av !== undefined) pairs.push([`attribute[${code}]`, String(av)])
        }
      } else if (Array.isArray(v)) {
        for (const x of v) pairs.push([k, String(x)])
      } else if (v !== null && v !== undefined && typeof v !== 'object') {
        pairs.push([k, String(v)])
      }
    }
  } else if (body !== undefined && body !== null && body !== '') {
    throw new Open311Error(400, 'Тело запроса: ожидаются поля формы application/x-www-form-urlencoded')
  }
  const query = req.query as Record<string, string | string[] | undefined>
  for (const [k, v] of Object.entries(query ?? {})) {
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined) pairs.push([k, x])
  }
  return pairs
}

const firstQuery = (req: FastifyRequest): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries((req.query ?? {}) as Record<string, string | string[] | undefined>).map(([k, v]) => [
      k,
      Array.isArray(v) ? v[0] : v,
    ]),
  )

/**
 * Open311 GeoReport v2 server, mounted at /open311/v2 (outside /api): discovery, services, service
 * definitions, POST/GET requests, tokens; XML and JSON; errors as the spec's array of {code, description}.
 */
export async function open311Routes(app: FastifyInstance, ctx: AppContext) {
  const { env } = ctx
  const db = ctx.database.db
  const rateLimit = createRateLimit({ max: 300, windowMs: 60_000 })
  const publicBase = `${env.VECHE_PUBLIC_URL.replace(/\/$/, '')}${OPEN311_PREFIX}`

  // Our own parser keeps repeated fields (attribute[code][]=…) in order; replace an inherited one, if any.
  const FORM = 'application/x-www-form-urlencoded'
  if (app.hasContentTypeParser(FORM)) app.removeContentTypeParser(FORM)
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => {
    done(null, [...new URLSearchParams(body as string)])
  })
  app.addHook('onRequest', async (req) => rateLimit(req))
  // Public read API and server-to-server POSTs: any web app may read the answers.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('access-control-allow-origin', '*')
    return payload
  })

  app.setErrorHandler((error: FastifyError | Error, req, reply) => {
    const format = formatOf(req)
    if (error instanceof Open311Error) return sendError(reply, format, error)
    if (error instanceof AppError) {
      const status = error.status === 403 || error.status === 404 || error.status === 429 ? error.status : 400
      if (error.status >= 500) req.log.error({ err: error }, 'open311 error')
      return sendError(reply, format, new Open311Error(status, error.message))
    }
    const code = (error as FastifyError).code
    const statusCode = (error as FastifyError).statusCode
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      const why =
        code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Неподдерживаемый тип содержимого: ожидается application/x-www-form-urlencoded (или application/json)'
          : code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'Слишком большой запрос'
            : code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
              ? 'Тело запроса — не корректный JSON'
              : 'Неверный запрос'
      return sendError(reply, format, new Open311Error(400, why))
    }
    // GeoReport v2 has no 5xx: "400 — general service error"; the cause goes to the log, not to the client.
    req.log.error({ err: error }, 'open311 unhandled error')
    return sendError(
      reply,
      format,
      new Open311Error(400, 'Внутренняя ошибка сервиса. Она записана в журнал; попробуйте ещё раз.'),
    )
  })
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0].slice(OPEN311_PREFIX.length) || '/'
    return sendError(reply, formatOf(req), notFound(path))
  })

  // discovery.{fmt}, services.{fmt}, requests.{fmt}
  app.get('/:file', async (req, reply) => {
    const { file } = req.params as { file: string }
    const parsed = splitFormat(file)
    if (!parsed) throw notFound(file)
    const [resource, format] = parsed
    const query = firstQuery(req)
    if (resource === 'discovery') {
      const d = {
        changeset: CHANGESET,
        contact: `Муниципальный центр управления (МЦУ): ${env.VECHE_PUBLIC_URL}`,
        key_service:
          'Ключ api_key для подачи заявок выдаёт администратор МЦУ; чтение заявок и услуг — без ключа.',
        endpoints: [
          {
            specification: SPECIFICATION,
            url: publicBase,
            changeset: CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      }
      return send(reply, format, {
        json: d,
        xml: [
          'discovery',
          [
            ['changeset', d.changeset],
            ['contact', d.contact],
            ['key_service', d.key_service],
            [
              'endpoints',
              d.endpoints.map(
                (e): XmlElement => [
                  'endpoint',
                  [
                    ['specification', e.specification],
                    ['url', e.url],
                    ['changeset', e.changeset],
                    ['type', e.type],
                    ['formats', e.formats.map((f): XmlElement => ['format', f])],
                  ],
                ],
              ),
            ],
          ],
        ],
      })
    }
    if (resource === 'services') {
      checkJurisdiction(env, query.jurisdiction_id?.trim() || undefined)
      const services = (await listOpen311Services(db)).map((s) => ({
        service_code: s.service_code,
        service_name: s.service_name,
        description: s.description,
        metadata: s.metadata,
        type: s.type,
        keywords: s.keywords,
        group: s.group,
      }))
      return send(reply, format, {
        json: services,
        xml: ['services', services.map((s): XmlElement => ['service', fields(s)])],
      })
    }
    if (resource === 'requests') {
      const list = await listServiceRequests(db, env, query)
      return send(reply, format, { json: list, xml: ['service_requests', list.map(requestXml)] })
    }
    throw notFound(file)
  })

  app.get('/services/:file', async (req, reply) => {
    const { file } = req.params as { file: string }
    const parsed = splitFormat(file)
    if (!parsed) throw notFound(`services/${file}`)
    const [code, format] = parsed
    checkJurisdiction(env, firstQuery(req).jurisdiction_id?.trim() || undefined)
    const service = (await listOpen311Services(db)).find((s) => s.service_code === code)
    if (!service) throw new Open311Error(404, `Услуга service_code «${code}» не найдена`)
    const attributes = service.attributes.map(attributeJson)
    return send(reply, format, {
      json: { service_code: service.service_code, attributes },
      xml: [
        'service_definition',
        [
          ['service_code', service.service_code],
          [
            'attributes',
            attributes.map((a): XmlElement => {
              const { values, ...rest } = a as ReturnType<typeof attributeJson> & {
                values?: { key: string; name: string }[]
              }
              const children = fields(rest)
              if (values) children.push(['values', values.map((v): XmlElement => ['value', fields(v)])])
              return ['attribute', children]
            }),
          ],
        ],
      ],
    })
  })

  app.get('/requests/:file', async (req, reply) => {
    const { file } = req.params as { file: string }
    const parsed = splitFormat(file)
    if (!parsed) throw notFound(`requests/${file}`)
    const [id, format] = parsed
    const list = await getServiceRequest(db, env, id, firstQuery(req).jurisdiction_id)
    return send(reply, format, { json: list, xml: ['service_requests', list.map(requestXml)] })
  })

  app.get('/tokens/:file', async (req, reply) => {
    const { file } = req.params as { file: string }
    const parsed = splitFormat(file)
    if (!parsed) throw notFound(`tokens/${file}`)
    const [token, format] = parsed
    checkJurisdiction(env, firstQuery(req).jurisdiction_id?.trim() || undefined)
    const found = await resolveToken(db, token)
    return send(reply, format, {
      json: [found],
      xml: ['service_requests', [['request', fields(found)]]],
    })
  })

  app.post('/:file', async (req, reply) => {
    const { file } = req.params as { file: string }
    const parsed = splitFormat(file)
    if (!parsed) throw notFound(file)
    const [resource, format] = parsed
    if (resource !== 'requests') throw notFound(file)
    const header = req.headers['idempotency-key']
    const result = await createServiceRequest(db, env, {
      pairs: postPairs(req),
      idempotencyKey: Array.isArray(header) ? header[0] : header,
    })
    const { account_id, ...rest } = result
    return send(reply, format, {
      // JSON leaves out an absent account_id ("may not be returned"); XML shows it empty, as in the spec.
      json: [account_id === null ? rest : result],
      xml: ['service_requests', [['request', fields({ ...result })]]],
    })
  })

  // Deeper unknown paths would otherwise reach the web UI's wildcard: answer them as Open311 does.
  app.all('/*', async (req) => {
    throw notFound(req.url.split('?')[0].slice(OPEN311_PREFIX.length))
  })

  app.log.debug({ jurisdiction: jurisdictionOf(env) }, 'open311 mounted')
}
