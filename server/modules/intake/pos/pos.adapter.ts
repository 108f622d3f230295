import { INTERIM_ANSWER_EVENT } from '../../answers/interim-answer.service'
import type { ChannelAdapter, ChannelContext, OutboundAppeal } from '../../channels/channel'
import { posReference } from './pos.reference'

export const POS_PUSH_TIMEOUT_MS = 10_000

/** The useful part of a fetch failure: undici hides the socket error in `cause`. */
const networkReason = (err: unknown): string => {
  const cause = (err as { cause?: unknown })?.cause
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message
  return err instanceof Error ? err.message : String(err)
}

/**
 * Sends one request to ПОС. Safe to repeat: the Idempotency-Key names the event or answer, so ПОС can
 * drop a second copy. Any non-2xx, a timeout or a network error throws: the job retries with backoff,
 * then lands in the dead-letter list where an operator sees the reason and can replay it.
 */
async function pushToPos(
  ctx: ChannelContext,
  appeal: OutboundAppeal,
  what: string,
  key: string,
  body: object,
) {
  const base = ctx.env.VECHE_POS_PUSH_URL
  if (!base) {
    throw new Error('Адрес ПОС для уведомлений не настроен (VECHE_POS_PUSH_URL): отправка в ПОС невозможна')
  }
  const url = `${base.replace(/\/+$/, '')}/messages/${encodeURIComponent(appeal.externalId)}/${what}`
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'idempotency-key': key,
  }
  if (ctx.env.VECHE_POS_PUSH_TOKEN) headers.authorization = `Bearer ${ctx.env.VECHE_POS_PUSH_TOKEN}`
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(POS_PUSH_TIMEOUT_MS),
    })
  } catch (err) {
    const reason =
      err instanceof Error && err.name === 'TimeoutError'
        ? `нет ответа за ${POS_PUSH_TIMEOUT_MS / 1000} с`
        : `ошибка сети: ${networkReason(err)}`
    throw new Error(`ПОС недоступен (${url}): ${reason}`)
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).slice(0, 300)
    throw new Error(`ПОС отклонил запрос ${url}: HTTP ${res.status}${text ? ` — ${text}` : ''}`)
  }
  await res.body?.cancel().catch(() => {})
}

/**
 * ПОС outbound: every public status change becomes `POST {url}/messages/{posId}/status` with the ПОС
 * stage (reference/pos-statuses.json); an intermediate answer and the approved final answer become
 * `POST {url}/messages/{posId}/answers` with type `interim` or `final`.
 */
export const posAdapter: ChannelAdapter = {
  code: 'pos',
  async sendStatus(ctx, { appeal, event }) {
    const at = event.at.toISOString()
    const key = `veche-event-${event.id}`
    if (event.type === INTERIM_ANSWER_EVENT) {
      await pushToPos(ctx, appeal, 'answers', key, {
        type: 'interim',
        text: event.note ?? '',
        at,
        regNumber: appeal.regNumber,
      })
      return
    }
    const status = event.toStatus ?? appeal.status
    const stage = posReference().stageOf(status)
    await pushToPos(ctx, appeal, 'status', key, {
      status: stage?.stage ?? status,
      statusName: event.publicStatusName ?? stage?.name ?? status,
      at,
      comment: event.notice ?? event.title,
      regNumber: appeal.regNumber,
    })
  },
  async sendAnswer(ctx, { appeal, answer }) {
    await pushToPos(ctx, appeal, 'answers', `veche-answer-${answer.id}`, {
      type: 'final',
      text: answer.text,
      at: (answer.approvedAt ?? new Date()).toISOString(),
      regNumber: appeal.regNumber,
    })
  },
}
