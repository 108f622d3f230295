import { sql } from 'drizzle-orm'
import { Bot, BotError, type Context } from 'grammy'
import type { Message, Update } from 'grammy/types'
import type { Db, Tx } from '../../../platform/db'
import type { Env } from '../../../platform/env'
import { AppError } from '../../../platform/errors'
import { findAppealForSystem, registerAppeal, setAppealPlace } from '../../appeals/appeals.service'
import {
  ATTACHMENT_LIMITS,
  checkFiles,
  type IncomingFile,
  listAttachments,
  storeAttachments,
} from '../../attachments/attachments.service'
import { claimChannelKey, readChannelState, writeChannelState } from '../../channels/channel-state'
import { reverseGeocode } from '../../geo/geo.service'
import { publicAppealView, rateLockedAppeal } from '../../tracking/tracking.service'
import {
  clientOptions,
  downloadTelegramFile,
  isPermanentTelegramError,
  TELEGRAM,
  type TelegramSettings,
  telegramApi,
  telegramFailure,
  telegramSettings,
} from './telegram.api'
import * as say from './telegram.texts'

/**
 * Telegram intake. One update is handled in three steps:
 *  1. outside any transaction: download the files it brings (getFile + the file URL);
 *  2. one transaction: claim the update_id (exactly once), serialise the chat, apply the effects
 *     (register, attach, set the place, rate) and record the bot's replies with the claim;
 *  3. after commit: send the recorded replies, marking each sent, so a redelivered update (webhook
 *     retry, a poll after a crash) sends only what has not gone out and registers nothing again.
 */

type ReplyMethod = 'sendMessage' | 'answerCallbackQuery' | 'editMessageReplyMarkup'
interface Reply {
  method: ReplyMethod
  payload: Record<string, unknown>
}
/** channel_state `update:<update_id>`: the replies an update produced and how many have gone out. */
interface UpdateRecord {
  replies: Reply[]
  sent: number
}
/** channel_state `chat:<chat id>`: the chat's latest appeal (a location or a photo may follow it). */
interface LastAppeal {
  appealId: number
  regNumber: string
  at: string
}
interface PendingFile {
  fileId: string
  fileName: string
}
interface Place {
  lat: number
  lon: number
  addressText: string | null
}
/** channel_state `pending:<chat id>`: photos and a place sent before the description. */
interface Pending {
  at: string
  files: PendingFile[]
  place: Place | null
  asked: boolean
}

interface Turn {
  tx: Tx
  env: Env
  /** Files downloaded in step 1, by file_id; null: Telegram no longer has it. */
  files: Map<string, IncomingFile | null>
  replies: Reply[]
}
type TgContext = Context & { turn: Turn }

/** A file this update needs was not downloaded (the chat changed meanwhile): the update is retried. */
export class StaleUpdateError extends Error {}

const FOLLOW_UP_MS = say.FOLLOW_UP_MINUTES * 60_000
const key = {
  update: (id: number) => `update:${id}`,
  last: (chatId: number) => `chat:${chatId}`,
  pending: (chatId: number) => `pending:${chatId}`,
  album: (chatId: number, group: string) => `album:${chatId}:${group}`,
}

const turns = new WeakMap<Update, Turn>()
const bots = new Map<string, Bot<TgContext>>()

/** The bot for the settings, initialised (getMe) once. */
async function readyBot(s: TelegramSettings): Promise<Bot<TgContext>> {
  const id = `${s.apiRoot} ${s.token}`
  let bot = bots.get(id)
  if (!bot) {
    bot = buildBot(s)
    bots.set(id, bot)
  }
  if (!bot.isInited()) {
    try {
      await bot.init(AbortSignal.timeout(15_000) as Parameters<Bot['init']>[0])
    } catch (err) {
      throw telegramFailure(err, 'getMe')
    }
  }
  return bot
}

function buildBot(s: TelegramSettings): Bot<TgContext> {
  const bot = new Bot<TgContext>(s.token, { client: clientOptions(s) })
  bot.use((ctx, next) => {
    const turn = turns.get(ctx.update)
    if (!turn) throw new Error('Telegram: обновление обрабатывается вне processTelegramUpdate')
    ctx.turn = turn
    // Appeals come from private chats only; the bot stays silent in groups it was added to.
    if (ctx.chat && ctx.chat.type !== 'private') {
      if (ctx.message?.text?.startsWith('/start')) say_(ctx, say.PRIVATE_ONLY)
      return
    }
    return next()
  })
  bot.command(['start', 'help'], (ctx) => say_(ctx, say.START_TEXT))
  bot.command('status', onStatus)
  bot.on('callback_query:data', onRateButton)
  bot.on('message:location', onLocation)
  bot.on(['message:photo', 'message:document'], onFile)
  bot.on('message:text', onText)
  bot.on('message', (ctx) => say_(ctx, say.UNSUPPORTED_MESSAGE))
  return bot
}

/** Handles one update exactly once (see the module comment). Throws when it should be retried. */
export async function processTelegramUpdate(db: Db, env: Env, update: Update): Promise<void> {
  const settings = telegramSettings(env)
  if (!settings) throw new AppError('UNAVAILABLE', 'Telegram-бот не настроен: задайте VECHE_TELEGRAM_TOKEN')
  const bot = await readyBot(settings)
  const updateKey = key.update(update.update_id)
  let record = await readChannelState<UpdateRecord>(db, TELEGRAM, updateKey)
  if (!record) {
    const files = await downloadFiles(db, settings, update)
    record = await db.transaction(async (tx) => {
      if (!(await claimChannelKey(tx, TELEGRAM, updateKey, { replies: [], sent: 0 }))) return undefined
      const chatId = chatOf(update)
      if (chatId !== undefined) {
        // Updates of one chat are applied one at a time (an album arrives as several updates at once).
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`telegram:${chatId}`}))`)
      }
      const turn: Turn = { tx, env, files, replies: [] }
      await applyUpdate(bot, update, turn)
      const done: UpdateRecord = { replies: turn.replies, sent: 0 }
      await writeChannelState(tx, TELEGRAM, updateKey, done)
      return done
    })
    // A concurrent delivery of the same update claimed it first: send whatever it left unsent.
    record ??= await readChannelState<UpdateRecord>(db, TELEGRAM, updateKey)
  }
  if (record) await sendReplies(db, settings, updateKey, record)
}

/** Runs the bot's handlers in a savepoint: a refusal (AppError) undoes their effects and becomes the reply. */
async function applyUpdate(bot: Bot<TgContext>, update: Update, turn: Turn) {
  const outer = turn.tx
  try {
    await outer.transaction(async (sp) => {
      turn.tx = sp
      turns.set(update, turn)
      await bot.handleUpdate(update)
    })
  } catch (err) {
    const cause = err instanceof BotError ? err.error : err
    if (!(cause instanceof AppError)) throw cause
    turn.replies = [refusal(update, cause.message)]
  } finally {
    turn.tx = outer
  }
}

function refusal(update: Update, text: string): Reply {
  if (update.callback_query) {
    return {
      method: 'answerCallbackQuery',
      payload: { callback_query_id: update.callback_query.id, text: text.slice(0, 200), show_alert: true },
    }
  }
  return { method: 'sendMessage', payload: { chat_id: chatOf(update), text } }
}

/** Sends the replies not yet sent; a permanent refusal (blocked bot, stale button) is skipped, not retried. */
async function sendReplies(db: Db, s: TelegramSettings, updateKey: string, record: UpdateRecord) {
  const api = telegramApi(s)
  const total = record.replies.length
  for (let i = record.sent; i < total; i++) {
    const r = record.replies[i]
    try {
      await (api.raw[r.method] as (p: Record<string, unknown>) => Promise<unknown>)(r.payload)
    } catch (err) {
      if (!isPermanentTelegramError(err)) throw telegramFailure(err, r.method)
    }
    // Once all are out the texts (with the tracking code) are dropped; only the claim stays.
    const next: UpdateRecord = i + 1 === total ? { replies: [], sent: total } : { ...record, sent: i + 1 }
    await writeChannelState(db, TELEGRAM, updateKey, next)
  }
}

const chatOf = (u: Update): number | undefined =>
  u.message?.chat.id ?? u.callback_query?.message?.chat.id ?? u.callback_query?.from.id

const say_ = (ctx: TgContext, text: string, extra: Record<string, unknown> = {}) => {
  ctx.turn.replies.push({
    method: 'sendMessage',
    payload: { chat_id: ctx.chat?.id, text, link_preview_options: { is_disabled: true }, ...extra },
  })
}

// ─── Step 1: files ───────────────────────────────────────────────────────────────────────────────

/** The file a message carries: the largest size of a photo, or a document (a photo sent as a file). */
function fileOf(m: Message | undefined): PendingFile | null {
  if (!m) return null
  if (m.photo?.length) {
    const largest = m.photo[m.photo.length - 1]
    return { fileId: largest.file_id, fileName: `photo_${m.message_id}.jpg` }
  }
  if (m.document) {
    return { fileId: m.document.file_id, fileName: m.document.file_name ?? `file_${m.message_id}` }
  }
  return null
}

/** checkFiles with the bot's wording: the refusal is the reply and nothing is stored. */
function checkPhotos(files: IncomingFile[]) {
  try {
    return checkFiles(files)
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, say.fileRefused(err.message), err.details)
    throw err
  }
}

// PostgreSQL text cannot hold NUL: it is dropped rather than failing the update for ever.
const description = (m: Message) => (m.text ?? m.caption ?? '').replaceAll('\u0000', '').trim()
const registers = (m: Message) => description(m).length >= 5 && !m.text?.startsWith('/')

async function downloadFiles(db: Db, s: TelegramSettings, update: Update) {
  const m = update.message
  const wanted: PendingFile[] = []
  const own = fileOf(m)
  if (own) wanted.push(own)
  if (m && m.chat.type === 'private' && registers(m)) {
    const pending = await freshPending(db, m)
    if (pending) wanted.push(...pending.files)
  }
  const files = new Map<string, IncomingFile | null>()
  for (const f of wanted) {
    try {
      files.set(f.fileId, await downloadTelegramFile(s, f.fileId, f.fileName))
    } catch (err) {
      // A photo Telegram no longer has (400) is left out; anything else is retried.
      if (!isPermanentTelegramError(err)) throw telegramFailure(err, 'getFile')
      files.set(f.fileId, null)
    }
  }
  return files
}

const sentAt = (m: Message) => new Date(m.date * 1000)
const within = (m: Message, at: string) => sentAt(m).getTime() - Date.parse(at) <= FOLLOW_UP_MS

async function freshPending(db: Db | Tx, m: Message): Promise<Pending | null> {
  const p = await readChannelState<Pending | null>(db, TELEGRAM, key.pending(m.chat.id))
  return p?.at && within(m, p.at) ? p : null
}

function takeFiles(turn: Turn, wanted: PendingFile[]): IncomingFile[] {
  const taken: IncomingFile[] = []
  for (const f of wanted) {
    const file = turn.files.get(f.fileId)
    if (file === undefined) {
      throw new StaleUpdateError('Telegram: в чате появились новые фото, обновление будет повторено')
    }
    if (file) taken.push(file)
  }
  return taken
}

// ─── Step 2: handlers (inside the transaction, through ctx.turn.tx only) ─────────────────────────

/** The chat's latest appeal when a follow-up (place, photo) may still join it: recent and not yet assigned. */
async function followUpTarget(tx: Tx, m: Message) {
  const last = await readChannelState<LastAppeal>(tx, TELEGRAM, key.last(m.chat.id))
  if (!last || !within(m, last.at)) return null
  const appeal = await findAppealForSystem(tx, { id: last.appealId }, { forUpdate: true })
  return appeal && appeal.status === 'registered' && appeal.unitId === null ? appeal : null
}

async function onText(ctx: TgContext) {
  const m = ctx.message as Message
  if (m.text?.startsWith('/')) return say_(ctx, say.UNSUPPORTED_MESSAGE)
  if (!registers(m)) return say_(ctx, say.TOO_SHORT_TEXT)
  await registerFrom(ctx, m, null)
}

/** Registers the message as an appeal with its own file and what was sent before it (photos, place). */
async function registerFrom(ctx: TgContext, m: Message, own: IncomingFile | null) {
  const { tx, env } = ctx.turn
  const from = m.from
  const pending = await freshPending(tx, m)
  const room = ATTACHMENT_LIMITS.maxFiles - (own ? 1 : 0)
  const files = [...takeFiles(ctx.turn, pending?.files.slice(0, room) ?? []), ...(own ? [own] : [])]
  // Checked before registering: a file that is not a photo refuses the whole message.
  checkPhotos(files)
  const place = pending?.place ?? null
  const result = await registerAppeal(
    tx,
    {
      regime: 'message',
      channel: TELEGRAM,
      externalId: `${m.chat.id}:${m.message_id}`,
      receivedAt: sentAt(m).toISOString(),
      text: description(m),
      applicants: [
        {
          fullName: [from?.first_name, from?.last_name].filter(Boolean).join(' ') || null,
          handle: from?.username ? `@${from.username}` : null,
        },
      ],
      addressText: place?.addressText ?? null,
      lat: place?.lat ?? null,
      lon: place?.lon ?? null,
      meta: {
        telegram: {
          chatId: m.chat.id,
          userId: from?.id ?? null,
          messageId: m.message_id,
          ...(m.media_group_id ? { mediaGroupId: m.media_group_id } : {}),
        },
      },
    },
    { kind: 'system' },
  )
  // The same message seen again: it was registered and answered then.
  if (!result.created) return
  await storeAttachments(tx, result.id, files)
  const last: LastAppeal = { appealId: result.id, regNumber: result.regNumber, at: sentAt(m).toISOString() }
  await writeChannelState(tx, TELEGRAM, key.last(m.chat.id), last)
  if (pending) await writeChannelState(tx, TELEGRAM, key.pending(m.chat.id), {})
  if (m.media_group_id) {
    await writeChannelState(tx, TELEGRAM, key.album(m.chat.id, m.media_group_id), { appealId: result.id })
  }
  say_(
    ctx,
    say.registered({
      regNumber: result.regNumber,
      trackingCode: result.trackingCode,
      trackingUrl: trackingUrl(env, result.regNumber),
    }),
  )
}

const trackingUrl = (env: Env, regNumber: string) =>
  `${env.VECHE_PUBLIC_URL.replace(/\/$/, '')}/track/${encodeURIComponent(regNumber)}`

async function onFile(ctx: TgContext) {
  const { tx } = ctx.turn
  const m = ctx.message as Message
  const wanted = fileOf(m) as PendingFile
  const own = ctx.turn.files.get(wanted.fileId)
  if (!own) return say_(ctx, 'Не удалось получить файл из Telegram. Пришлите его, пожалуйста, ещё раз.')
  if (registers(m)) return registerFrom(ctx, m, own)
  // No description: the photo joins an album's appeal, the chat's recent appeal, or waits for the text.
  const albumKey = m.media_group_id ? key.album(m.chat.id, m.media_group_id) : null
  const album = albumKey ? await readChannelState<{ appealId: number }>(tx, TELEGRAM, albumKey) : undefined
  const target = album
    ? await findAppealForSystem(tx, { id: album.appealId }, { forUpdate: true })
    : await followUpTarget(tx, m)
  if (target) {
    const [checked] = checkPhotos([own])
    const count = (await listAttachments(tx, target.id)).length
    if (count >= ATTACHMENT_LIMITS.maxFiles) {
      return album ? undefined : say_(ctx, say.tooManyFiles(ATTACHMENT_LIMITS.maxFiles, target.regNumber))
    }
    await storeAttachments(tx, target.id, [checked])
    if (album) return // the album's first photo already got the reply
    if (albumKey) await writeChannelState(tx, TELEGRAM, albumKey, { appealId: target.id })
    return say_(ctx, say.photosAdded(target.regNumber, m.media_group_id ? 2 : 1))
  }
  checkPhotos([own])
  const pending: Pending = (await freshPending(tx, m)) ?? {
    at: sentAt(m).toISOString(),
    files: [],
    place: null,
    asked: false,
  }
  if (pending.files.length < ATTACHMENT_LIMITS.maxFiles) pending.files.push(wanted)
  const ask = !pending.asked
  pending.asked = true
  await writeChannelState(tx, TELEGRAM, key.pending(m.chat.id), pending)
  if (ask) say_(ctx, say.ASK_DESCRIPTION_FOR_PHOTO)
}

async function onLocation(ctx: TgContext) {
  const { tx } = ctx.turn
  const m = ctx.message as Message
  const loc = m.location as NonNullable<Message['location']>
  const geo = await reverseGeocode(tx, loc.latitude, loc.longitude)
  const venue = m.venue ? [m.venue.title, m.venue.address].filter(Boolean).join(', ') : null
  const place: Place = { lat: loc.latitude, lon: loc.longitude, addressText: venue || geo.addressText }
  const target = await followUpTarget(tx, m)
  if (target) {
    await setAppealPlace(tx, target.id, place, { kind: 'system' })
    return say_(ctx, say.placeSet(target.regNumber, geo.district?.name ?? null, place.addressText))
  }
  const pending: Pending = (await freshPending(tx, m)) ?? {
    at: sentAt(m).toISOString(),
    files: [],
    place: null,
    asked: false,
  }
  pending.place = place
  await writeChannelState(tx, TELEGRAM, key.pending(m.chat.id), pending)
  say_(ctx, say.ASK_DESCRIPTION_FOR_PLACE)
}

// Latin letters that look like the Cyrillic prefixes of numbers (С, О, П, И): «C-2026-000123» is found too.
const LOOKALIKES: Record<string, string> = { C: 'С', O: 'О', P: 'Р', A: 'А', E: 'Е', H: 'Н', K: 'К', X: 'Х' }
export const normaliseRegNumber = (s: string) =>
  s
    .trim()
    .toUpperCase()
    .replace(/[–—−]/g, '-')
    .replace(/^[A-Z]/, (c) => LOOKALIKES[c] ?? c)

const formatMoscow = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('ru-RU', {
        timeZone: 'Europe/Moscow',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : ''

/** /status <number>: the status and public history, only for appeals filed from this chat. */
async function onStatus(ctx: TgContext) {
  const { tx } = ctx.turn
  const arg = typeof ctx.match === 'string' ? ctx.match.trim() : ''
  if (!arg) return say_(ctx, say.STATUS_USAGE)
  const appeal = await findAppealForSystem(tx, { regNumber: normaliseRegNumber(arg) })
  const tg = appeal?.meta.telegram as { chatId?: number } | undefined
  if (!appeal || appeal.channel !== TELEGRAM || tg?.chatId !== ctx.chat?.id) {
    return say_(ctx, say.STATUS_NOT_FOUND)
  }
  const view = await publicAppealView(tx, appeal)
  const lines = [
    `Обращение ${view.regNumber}`,
    `Статус: ${view.status.publicName}`,
    view.dueAt && view.answer === null ? `Срок ответа: ${formatMoscow(view.dueAt).slice(0, 10)}` : null,
    '',
    'Ход рассмотрения:',
    ...view.history.map((h) => `• ${formatMoscow(h.at)} — ${h.title}`),
    view.answer ? `\nОтвет:\n${view.answer.text}` : null,
    `\nПодробнее: ${trackingUrl(ctx.turn.env, view.regNumber)}`,
  ].filter((l) => l !== null)
  say_(ctx, lines.join('\n').slice(0, 4000))
}

/** The «Оцените ответ» buttons: rate:<appeal id>:<score>, accepted only from the chat that filed the appeal. */
async function onRateButton(ctx: TgContext) {
  const { tx } = ctx.turn
  const q = ctx.callbackQuery as NonNullable<TgContext['callbackQuery']>
  const answer = (text: string, alert = false) =>
    ctx.turn.replies.push({
      method: 'answerCallbackQuery',
      payload: { callback_query_id: q.id, text, show_alert: alert },
    })
  const match = /^rate:(\d{1,15}):([1-5])$/.exec(q.data ?? '')
  if (!match) return answer('Кнопка устарела.')
  const score = Number(match[2])
  const appeal = await findAppealForSystem(tx, { id: Number(match[1]) }, { forUpdate: true })
  const tg = appeal?.meta.telegram as { chatId?: number } | undefined
  const chatId = q.message?.chat.id ?? q.from.id
  if (!appeal || appeal.channel !== TELEGRAM || tg?.chatId !== chatId) {
    return answer('Оценить ответ может только заявитель, отправивший обращение.', true)
  }
  await rateLockedAppeal(tx, appeal, { score })
  answer(`Оценка ${score} принята`)
  if (q.message) {
    ctx.turn.replies.push({
      method: 'editMessageReplyMarkup',
      payload: { chat_id: q.message.chat.id, message_id: q.message.message_id },
    })
  }
  say_(ctx, say.thanksForRating(score))
}
