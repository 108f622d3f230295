import multipart from '@fastify/multipart'
import { z } from 'zod'
import type { App, AppContext } from '../../../platform/http'
import { createRateLimit } from '../../../platform/rate-limit'
import { ZErrorBody } from '../../appeals/appeals.schemas'
import { reverseGeocode } from '../../geo/geo.service'
import { suggestAddresses } from './address-suggest'
import { loadFormSecret } from './form-token'
import { readWebForm, refuseOversizedBody, WEB_FORM_LIMITS } from './multipart'
import { ZAddressSuggestions, ZAddressSuggestQuery, ZWebFormInfo, ZWebFormResult } from './web-form.schemas'
import { getWebFormInfo, submitWebForm, trackingUrl } from './web-form.service'

const errors = { 400: ZErrorBody, 409: ZErrorBody, 413: ZErrorBody, 415: ZErrorBody, 429: ZErrorBody }

/** The citizen portal: the appeal form (no login), gazetteer suggestions and the map pin's address. */
export async function webFormRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  // Generated and stored on first start when VECHE_FORM_SECRET is not set.
  const secret = await loadFormSecret(db, ctx.env)
  // A person sends one or two appeals; five in ten minutes from one address is already a flood.
  const submitLimit = createRateLimit({ max: 5, windowMs: 10 * 60_000 })
  const formLimit = createRateLimit({ max: 60, windowMs: 10 * 60_000 })
  const lookupLimit = createRateLimit({ max: 120, windowMs: 60_000 })

  app.get(
    '/public/form',
    {
      onRequest: formLimit,
      schema: {
        tags: ['Заявителю'],
        summary: 'Форма обращения на портале: подписанный ключ формы, категории, ограничения, текст согласия',
        response: { 200: ZWebFormInfo, 429: ZErrorBody },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      return getWebFormInfo(db, secret)
    },
  )

  app.get(
    '/public/address-suggest',
    {
      onRequest: lookupLimit,
      schema: {
        tags: ['Заявителю'],
        summary: 'Подсказки адреса по справочнику улиц города',
        querystring: ZAddressSuggestQuery,
        response: { 200: ZAddressSuggestions, 400: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (req) => ({ items: await suggestAddresses(db, req.query.q) }),
  )

  app.get(
    '/public/address-reverse',
    {
      onRequest: lookupLimit,
      schema: {
        tags: ['Заявителю'],
        summary: 'Район и ближайшая улица для точки на карте (без входа)',
        querystring: z
          .object({ lat: z.coerce.number().min(-90).max(90), lon: z.coerce.number().min(-180).max(180) })
          .strict(),
        response: {
          200: z.object({
            district: z.object({ code: z.string(), name: z.string() }).nullable(),
            addressText: z.string().nullable(),
          }),
          400: ZErrorBody,
          429: ZErrorBody,
        },
      },
    },
    async (req) => reverseGeocode(db, req.query.lat, req.query.lon),
  )

  // multipart/form-data is accepted only here: every other endpoint keeps refusing it with 415.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: WEB_FORM_LIMITS, throwFileSizeLimit: true })
    scope.post(
      '/public/appeals',
      {
        onRequest: [submitLimit, async (req) => refuseOversizedBody(req)],
        schema: {
          tags: ['Заявителю'],
          summary: 'Подать обращение через портал (multipart/form-data, до 5 фотографий или PDF по 10 МБ)',
          description:
            'Поля: text, sectorHint, addressText, lat, lon, fullName, phone, email, postalAddress, consent=true, ' +
            'token (из GET /api/public/form, не раньше чем через 3 с и не позже 2 ч), website (пустое), ' +
            'clientId (UUID заполнения формы: повторная отправка вернёт тот же номер), files (до 5).',
          response: { 200: ZWebFormResult, 201: ZWebFormResult, ...errors },
        },
      },
      async (req, reply) => {
        const { fields, files } = await readWebForm(req)
        const result = await submitWebForm(db, { fields, files, secret })
        return reply.status(result.created ? 201 : 200).send({
          regNumber: result.regNumber,
          trackingCode: result.trackingCode,
          trackingUrl: trackingUrl(ctx.env.VECHE_PUBLIC_URL, result.regNumber, result.trackingCode),
        })
      },
    )
  })
}
