import crypto from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { AppError } from '../../../platform/errors'
import type { App, AppContext } from '../../../platform/http'
import { ZErrorBody } from '../../appeals/appeals.schemas'
import { ZPosInbound, ZPosInboundResult } from './pos.schemas'
import { parsePosPayload, receivePosMessages, summarize } from './pos.service'

/** A batch of 500 long messages is larger than the default body limit of staff requests. */
const POS_BODY_LIMIT = 16 * 1024 * 1024

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest()

/** Bearer token check in constant time (hashes have equal length whatever the caller sent). */
export function checkPosToken(req: FastifyRequest, expected: string | undefined) {
  if (!expected) throw new AppError('UNAVAILABLE', 'Приём из ПОС не настроен')
  const header = req.headers.authorization ?? ''
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  const given = match?.[1] ?? ''
  const ok = crypto.timingSafeEqual(sha256(given), sha256(expected))
  if (!match || !ok) {
    throw new AppError(
      'UNAUTHENTICATED',
      'Неверный или отсутствующий токен ПОС (заголовок Authorization: Bearer …)',
    )
  }
}

/** Each request's payload as preValidation parsed it (validated once, not three times). */
const parsed = new WeakMap<FastifyRequest, ReturnType<typeof parsePosPayload>>()

/** Inbound ПОС: messages and 59-ФЗ appeals pushed to us by ПОС (or by its integration gateway). */
export async function posRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.post(
    '/channels/pos/messages',
    {
      bodyLimit: POS_BODY_LIMIT,
      // Authentication comes before the body is read or validated: a stranger learns nothing about the format.
      onRequest: async (req) => checkPosToken(req, ctx.env.VECHE_POS_INBOUND_TOKEN),
      // One schema per shape, so every error is named precisely (a union would only say «неверные данные»).
      // The parsed payload is kept for the handler; the union schema below only documents the body.
      preValidation: async (req) => {
        parsed.set(req, parsePosPayload(req.body))
      },
      validatorCompiler: () => (data) => ({ value: data }),
      schema: {
        tags: ['Канал ПОС'],
        summary: 'Принять сообщения ПОС и обращения по 59-ФЗ из ЕПГУ (одно или пакет до 500)',
        description: [
          'Авторизация: `Authorization: Bearer <VECHE_POS_INBOUND_TOKEN>`; без настроенного токена — 503.',
          'Тело — одно сообщение или `{ "items": [ … ] }`. Ошибка формы любого сообщения (лишнее поле, неверный тип,',
          'больше 500 сообщений) — 400, и ничего не регистрируется. Пакет регистрируется одной транзакцией; если',
          'какое-то сообщение отклонено по существу (например, дата в будущем), пакет регистрируется по одному:',
          'отказ возвращается в `error` этого сообщения и не мешает остальным.',
          'Ответ приходит после записи в базу. Повтор с тем же `posId` возвращает тот же номер с `created: false`.',
          'Одно сообщение: 201 — зарегистрировано, 200 — уже было, 4xx — отказ. Пакет: всегда 200 с результатом по каждому.',
          '`fz59: true` — обращение по 59-ФЗ (срок 30 дней), иначе сообщение ПОС (8 рабочих дней).',
          'Категория и подкатегория переводятся в сектор и тему по reference/pos-categories.json.',
        ].join(' '),
        body: ZPosInbound,
        response: {
          200: ZPosInboundResult,
          201: ZPosInboundResult,
          400: ZErrorBody,
          401: ZErrorBody,
          413: ZErrorBody,
          503: ZErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { items, single } = parsed.get(req) ?? parsePosPayload(req.body)
      const results = await receivePosMessages(db, items)
      if (single) {
        const [r] = results
        if (r.error) throw new AppError(r.error.code as AppError['code'], r.error.message)
        return reply.status(r.created ? 201 : 200).send(summarize(results))
      }
      return reply.status(200).send(summarize(results))
    },
  )
}
