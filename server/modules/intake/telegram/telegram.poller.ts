import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../../platform/db'
import type { Env } from '../../../platform/env'
import { pruneChannelState, readChannelState, writeChannelState } from '../../channels/channel-state'
import {
  TELEGRAM,
  TelegramError,
  telegramApi,
  telegramFailure,
  telegramSettings,
  WEBHOOK_PATH,
} from './telegram.api'
import { processTelegramUpdate, StaleUpdateError } from './telegram.intake'

/** Long-poll wait of getUpdates, seconds (the scheduler's stop waits for at most one poll). */
const POLL_TIMEOUT_S = 10
/** What the bot asks Telegram to send: messages and button presses. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const
/** Claims of handled updates and chat follow-up state are kept this long (Telegram keeps updates 24 h). */
const KEEP_STATE_MS = 3 * 24 * 3_600_000
const PRUNE_EVERY_MS = 3_600_000
/** Failures of our own (not Telegram's) after which a polled update is stepped over and logged. */
const MAX_ATTEMPTS = 5

let lastPrune = 0
const preparedFor = new Set<string>()
// After a failure the task waits 2 s, 4 s … up to a minute (the scheduler calls it every second).
let failures = 0
let resumeAt = 0

/**
 * The scheduler's Telegram task. Polling mode: one getUpdates from the saved offset; each update is
 * handled (committed, replied) before the offset moves past it, so a crash repeats it and the update
 * claim makes the repeat harmless. Webhook mode: registers the webhook once when the public address is
 * https. Both: hourly, drop old update claims.
 */
export async function runTelegramSchedule(ctx: { db: Db; env: Env; log: FastifyBaseLogger }) {
  if (Date.now() < resumeAt) return 0
  try {
    const handled = await telegramRound(ctx.db, ctx.env, ctx.log)
    failures = 0
    return handled
  } catch (err) {
    failures++
    resumeAt = Date.now() + Math.min(60_000, 1_000 * 2 ** failures)
    throw err
  }
}

async function telegramRound(db: Db, env: Env, log: FastifyBaseLogger): Promise<number> {
  const settings = telegramSettings(env)
  if (!settings) return 0
  if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
    lastPrune = Date.now()
    await pruneChannelState(db, TELEGRAM, new Date(Date.now() - KEEP_STATE_MS))
  }
  const api = telegramApi(settings)
  const setupKey = `${env.VECHE_TELEGRAM_MODE} ${settings.apiRoot} ${settings.token}`
  if (!preparedFor.has(setupKey)) {
    try {
      if (env.VECHE_TELEGRAM_MODE === 'polling') {
        // getUpdates is refused while a webhook is set.
        await api.deleteWebhook({ drop_pending_updates: false })
      } else if (env.VECHE_TELEGRAM_WEBHOOK_SECRET && env.VECHE_PUBLIC_URL.startsWith('https://')) {
        await api.setWebhook(`${env.VECHE_PUBLIC_URL.replace(/\/$/, '')}/api${WEBHOOK_PATH}`, {
          secret_token: env.VECHE_TELEGRAM_WEBHOOK_SECRET,
          allowed_updates: [...ALLOWED_UPDATES],
        })
      }
    } catch (err) {
      throw telegramFailure(err, env.VECHE_TELEGRAM_MODE === 'polling' ? 'deleteWebhook' : 'setWebhook')
    }
    preparedFor.add(setupKey)
  }
  if (env.VECHE_TELEGRAM_MODE !== 'polling') return 0
  return pollTelegramOnce(db, env, { timeoutSeconds: POLL_TIMEOUT_S, log })
}

/** One getUpdates round; returns how many updates were handled. Exported for tests. */
export async function pollTelegramOnce(
  db: Db,
  env: Env,
  opts: { timeoutSeconds?: number; log?: FastifyBaseLogger } = {},
): Promise<number> {
  const settings = telegramSettings(env)
  if (!settings) return 0
  const offset = await readChannelState<number>(db, TELEGRAM, 'offset')
  let updates: Awaited<ReturnType<ReturnType<typeof telegramApi>['getUpdates']>>
  try {
    updates = await telegramApi(settings).getUpdates({
      offset: offset ?? undefined,
      timeout: opts.timeoutSeconds ?? 0,
      limit: 50,
      allowed_updates: [...ALLOWED_UPDATES],
    })
  } catch (err) {
    throw telegramFailure(err, 'getUpdates')
  }
  let handled = 0
  for (const update of updates) {
    try {
      await processTelegramUpdate(db, env, update)
    } catch (err) {
      // A failure stops the round here: the offset stays on this update and the next round repeats it.
      // Only an update that fails on our side (not Telegram's) MAX_ATTEMPTS times is stepped over, so one
      // broken update cannot stop the channel.
      if (err instanceof TelegramError || err instanceof StaleUpdateError) throw err
      const attemptsKey = `attempts:${update.update_id}`
      const attempts = ((await readChannelState<number>(db, TELEGRAM, attemptsKey)) ?? 0) + 1
      await writeChannelState(db, TELEGRAM, attemptsKey, attempts)
      if (attempts < MAX_ATTEMPTS) throw err
      opts.log?.error({ err, updateId: update.update_id }, 'telegram update skipped after repeated failures')
    }
    await writeChannelState(db, TELEGRAM, 'offset', update.update_id + 1)
    handled++
  }
  return handled
}
