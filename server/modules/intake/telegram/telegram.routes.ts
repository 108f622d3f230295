import crypto from 'node:crypto'
import type { Update } from 'grammy/types'
import { z } from 'zod'
import { AppError } from '../../../platform/errors'
import type { App, AppContext } from '../../../platform/http'
import { ERROR_RESPONSES, ZErrorBody } from '../../appeals/appeals.schemas'
import { TelegramError, telegramSettings, WEBHOOK_PATH } from './telegram.api'
import { processTelegramUpdate, StaleUpdateError } from './telegram.intake'

const SECRET_HEADER = 'x-telegram-bot-api-secret-token'

const sameSecret = (given: unknown, expected: string) => {
  if (typeof given !== 'string') return false
  const a = crypto.createHash('sha256').update(given).digest()
  const b = crypto.createHash('sha256').update(expected).digest()
  return crypto.timingSafeEqual(a, b)
}

/** Telegram's webhook: updates of the city's bot (setWebhook with secret_token = VECHE_TELEGRAM_WEBHOOK_SECRET). */
export async function telegramRoutes(app: App, ctx: AppContext) {
  const { env, database } = ctx
  app.post(
    WEBHOOK_PATH,
    {
      schema: {
        tags: ['Каналы'],
        summary: 'Telegram: приём обновлений бота (вебхук с секретным токеном)',
        body: z.looseObject({ update_id: z.number().int().nonnegative() }),
        response: { 200: z.object({ ok: z.boolean() }), ...ERROR_RESPONSES, 503: ZErrorBody },
      },
      // Checked before the body is read: a caller without the secret learns nothing and changes nothing.
      onRequest: async (req) => {
        const secret = env.VECHE_TELEGRAM_WEBHOOK_SECRET
        if (!telegramSettings(env) || !secret) {
          throw new AppError(
            'UNAVAILABLE',
            'Telegram-бот не настроен: задайте VECHE_TELEGRAM_TOKEN и VECHE_TELEGRAM_WEBHOOK_SECRET',
          )
        }
        if (!sameSecret(req.headers[SECRET_HEADER], secret)) {
          throw new AppError('UNAUTHENTICATED', 'Неверный секретный токен вебхука Telegram')
        }
      },
    },
    async (req) => {
      try {
        await processTelegramUpdate(database.db, env, req.body as unknown as Update)
      } catch (err) {
        // Telegram redelivers the update after a non-2xx answer; the update_id claim makes that safe.
        if (err instanceof TelegramError || err instanceof StaleUpdateError) {
          req.log.warn({ err, updateId: req.body.update_id }, 'telegram update will be retried')
          throw new AppError('UNAVAILABLE', 'Обновление Telegram не обработано, повторите позже')
        }
        throw err
      }
      return { ok: true }
    },
  )
}
