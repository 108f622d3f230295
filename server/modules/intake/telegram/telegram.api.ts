import { Api, GrammyError, HttpError } from 'grammy'
import type { Env } from '../../../platform/env'
import { ATTACHMENT_LIMITS, type IncomingFile } from '../../attachments/attachments.service'

export const TELEGRAM = 'telegram' as const

/** The webhook route under /api. */
export const WEBHOOK_PATH = '/channels/telegram/webhook'

/** Telegram's limit for one message's text. */
export const MESSAGE_LIMIT = 4096

export interface TelegramSettings {
  token: string
  apiRoot: string
}

/** The bot's settings, or null when the channel is off (no token). */
export function telegramSettings(env: Env): TelegramSettings | null {
  if (!env.VECHE_TELEGRAM_TOKEN) return null
  return { token: env.VECHE_TELEGRAM_TOKEN, apiRoot: env.VECHE_TELEGRAM_API_ROOT }
}

/** grammY's client options: the Bot API root (api.telegram.org, a local Bot API server, a test peer). */
export const clientOptions = (s: TelegramSettings) => ({ apiRoot: s.apiRoot, timeoutSeconds: 30 })

const apis = new Map<string, Api>()

/** A Bot API client for the settings (one per token and root). */
export function telegramApi(s: TelegramSettings): Api {
  const key = `${s.apiRoot} ${s.token}`
  let api = apis.get(key)
  if (!api) {
    api = new Api(s.token, clientOptions(s))
    apis.set(key, api)
  }
  return api
}

/**
 * A refusal Telegram will repeat however often we retry (a blocked bot, a deleted chat, a stale
 * callback): 4xx except 429. Everything else — 429, 5xx, the network — is worth retrying.
 */
export function isPermanentTelegramError(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code >= 400 && err.error_code < 500 && err.error_code !== 429
}

/** Telegram did not take a call (rate limit, 5xx, network, refusal): the caller retries later. */
export class TelegramError extends Error {
  override name = 'TelegramError'
}

/** A Russian line for the job's last error and the dead-letter list. */
export function telegramFailure(err: unknown, what: string): Error {
  if (err instanceof TelegramError) return err
  if (err instanceof GrammyError) {
    if (err.error_code === 429) {
      const wait = err.parameters.retry_after
      return new TelegramError(
        `Telegram ограничил частоту запросов (429) при «${what}»${wait ? `: повтор не раньше чем через ${wait} с` : ''}`,
      )
    }
    if (err.error_code === 403)
      return new TelegramError(`Telegram отказал (403) при «${what}»: заявитель заблокировал бота`)
    return new TelegramError(`Telegram ответил ошибкой ${err.error_code} при «${what}»: ${err.description}`)
  }
  if (err instanceof HttpError) return new TelegramError(`Telegram недоступен при «${what}»: ${err.message}`)
  return new TelegramError(
    `Telegram: ошибка при «${what}»: ${err instanceof Error ? err.message : String(err)}`,
  )
}

/**
 * Downloads a file the citizen sent: getFile, then the file URL under the same API root. The size is
 * checked before and during the download, so an oversized file is never read whole.
 */
export async function downloadTelegramFile(
  s: TelegramSettings,
  fileId: string,
  fileName: string,
): Promise<IncomingFile> {
  const file = await telegramApi(s).getFile(fileId)
  if (!file.file_path) throw new TelegramError('Telegram не дал ссылку на файл')
  const tooBig = (n: number) => n > ATTACHMENT_LIMITS.maxBytes
  if (file.file_size && tooBig(file.file_size)) return { fileName, data: Buffer.alloc(0) }
  const res = await fetch(`${s.apiRoot}/file/bot${s.token}/${file.file_path}`, {
    signal: AbortSignal.timeout(60_000),
  })
  if (!res.ok || !res.body) throw new TelegramError(`Telegram: файл не скачан (HTTP ${res.status})`)
  const chunks: Buffer[] = []
  let size = 0
  const reader = res.body.getReader()
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.length
    // An oversized file becomes empty: checkFiles refuses it with the size message.
    if (tooBig(size)) {
      await reader.cancel()
      return { fileName, data: Buffer.alloc(0) }
    }
    chunks.push(Buffer.from(r.value))
  }
  return { fileName: fileName || file.file_path.split('/').pop() || 'photo', data: Buffer.concat(chunks) }
}

/** Splits a long text into messages Telegram accepts: at paragraph, line or word boundaries. */
export function splitMessage(text: string, limit = MESSAGE_LIMIT): string[] {
  const parts: string[] = []
  let rest = text.trim()
  while (rest.length > limit) {
    const window = rest.slice(0, limit)
    let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'))
    if (cut < limit / 2) cut = window.lastIndexOf(' ')
    if (cut < limit / 2) cut = limit
    parts.push(rest.slice(0, cut).trimEnd())
    rest = rest.slice(cut).trimStart()
  }
  if (rest) parts.push(rest)
  return parts
}
