import { InlineKeyboard } from 'grammy'
import type { ChannelAdapter, ChannelContext, OutboundAppeal } from '../../channels/channel'
import { readChannelState, writeChannelState } from '../../channels/channel-state'
import { splitMessage, TELEGRAM, telegramApi, telegramFailure, telegramSettings } from './telegram.api'
import * as say from './telegram.texts'

/** The chat the appeal came from and a client for it; throws (the job retries, then dead-letters) when unusable. */
function target(ctx: ChannelContext, appeal: OutboundAppeal) {
  const settings = telegramSettings(ctx.env)
  if (!settings) throw new Error('Telegram-бот не настроен (VECHE_TELEGRAM_TOKEN): сообщение не отправлено')
  const chatId = (appeal.meta.telegram as { chatId?: number } | undefined)?.chatId
  if (typeof chatId !== 'number') throw new Error(`У обращения ${appeal.regNumber} нет чата Telegram`)
  return { api: telegramApi(settings), chatId }
}

/** The «Оцените ответ» keyboard: one row 1…5; the bot handles rate:<appeal id>:<score>. */
export const rateKeyboard = (appealId: number) => {
  const kb = new InlineKeyboard()
  for (let score = 1; score <= 5; score++) kb.text(String(score), `rate:${appealId}:${score}`)
  return kb
}

async function send(what: string, call: () => Promise<unknown>) {
  try {
    await call()
  } catch (err) {
    throw telegramFailure(err, what)
  }
}

/**
 * Outbound Telegram: status notices and the answer go to the chat that filed the appeal. Any API error
 * (429 with retry_after, 5xx, a blocked bot) is thrown, so the job retries and ends in the dead-letter list.
 */
export const telegramAdapter: ChannelAdapter = {
  code: TELEGRAM,

  async sendStatus(ctx, msg) {
    const { api, chatId } = target(ctx, msg.appeal)
    const text = say.statusNotice({
      regNumber: msg.appeal.regNumber,
      title: msg.event.title,
      publicStatus: msg.event.publicStatusName,
      url: msg.appeal.trackingUrl,
      notice: msg.event.notice,
    })
    await send('уведомление о статусе', () =>
      api.sendMessage(chatId, text, { link_preview_options: { is_disabled: true } }),
    )
  },

  /**
   * The answer in as many messages as Telegram's 4096-character limit needs, the last one with the rating
   * buttons. Parts already sent are remembered (channel_state `answer:<id>`), so a retry sends only the rest.
   */
  async sendAnswer(ctx, msg) {
    const { api, chatId } = target(ctx, msg.appeal)
    const parts = splitMessage(
      `${say.answerHeader(msg.appeal.regNumber)}\n\n${msg.answer.text.trim()}\n\n${say.RATE_PROMPT}`,
    )
    const progressKey = `answer:${msg.answer.id}`
    const progress = (await readChannelState<{ sent: number }>(ctx.db, TELEGRAM, progressKey))?.sent ?? 0
    for (let i = progress; i < parts.length; i++) {
      const last = i === parts.length - 1
      await send('ответ заявителю', () =>
        api.sendMessage(chatId, parts[i], {
          link_preview_options: { is_disabled: true },
          ...(last ? { reply_markup: rateKeyboard(msg.appeal.id) } : {}),
        }),
      )
      await writeChannelState(ctx.db, TELEGRAM, progressKey, { sent: i + 1 })
    }
  },
}
