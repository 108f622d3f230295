import { eq } from 'drizzle-orm'
import { REPLYING_CHANNELS } from '../../../common/domain'
import type { Queryable } from '../../platform/db'
import { enqueueJob } from '../../platform/jobs'
import { eventTitle } from '../appeals/appeals.events'
import type { AppealRow } from '../appeals/appeals.service'
import { appealEvents, appeals } from '../appeals/appeals.tables'
import { statuses } from '../reference/reference.tables'
import type { ChannelAdapter, ChannelContext, OutboundAppeal } from './channel'

export const NOTIFY_STATUS_JOB = 'channels.notify'

/** Event types that never become a status notice: the answer goes out itself, the rating is the citizen's own act. */
const SILENT_EVENTS = new Set(['delivered', 'rated'])

/**
 * Queues a status notice to the citizen through the appeal's own channel, in the transaction that
 * wrote the public event (so a notice is sent only for a committed change, and never lost).
 */
export async function enqueueStatusNotice(
  tx: Queryable,
  appeal: Pick<AppealRow, 'id' | 'channel' | 'meta'>,
  event: { id: number; type: string },
): Promise<void> {
  if (!(REPLYING_CHANNELS as readonly string[]).includes(appeal.channel)) return
  if (SILENT_EVENTS.has(event.type) || isDemo(appeal)) return
  await enqueueJob(
    tx,
    NOTIFY_STATUS_JOB,
    { appealId: appeal.id, eventId: event.id },
    {
      singletonKey: `notify:${event.id}`,
    },
  )
}

/** Demo appeals came from no real sender: nothing about them goes out through a channel. */
const isDemo = (appeal: Pick<AppealRow, 'meta'>) => appeal.meta?.demo === true

export function outboundAppeal(ctx: ChannelContext, appeal: AppealRow): OutboundAppeal {
  return {
    id: appeal.id,
    regNumber: appeal.regNumber,
    channel: appeal.channel,
    externalId: appeal.externalId,
    regime: appeal.regime,
    status: appeal.status,
    meta: appeal.meta,
    trackingUrl: `${ctx.env.VECHE_PUBLIC_URL.replace(/\/$/, '')}/track/${encodeURIComponent(appeal.regNumber)}`,
  }
}

/** The citizen-facing text an event carries in `data.notice` (a redirect notice…), if any. */
export const noticeOf = (data: unknown): string | null => {
  const notice = (data as { notice?: unknown } | null)?.notice
  return typeof notice === 'string' && notice.trim() ? notice : null
}

/** Job: sends one status notice through the appeal's channel adapter (a no-op when it has none). */
export async function sendStatusNotice(
  ctx: ChannelContext,
  adapters: Partial<Record<string, ChannelAdapter>>,
  payload: { appealId: number; eventId: number },
): Promise<void> {
  const [appeal] = await ctx.db.select().from(appeals).where(eq(appeals.id, payload.appealId))
  const adapter = appeal && adapters[appeal.channel]
  if (!adapter?.sendStatus) return
  const [row] = await ctx.db
    .select({ event: appealEvents, publicName: statuses.publicName })
    .from(appealEvents)
    .leftJoin(statuses, eq(statuses.code, appealEvents.toStatus))
    .where(eq(appealEvents.id, payload.eventId))
  if (!row?.event.public) return
  const e = row.event
  await adapter.sendStatus(ctx, {
    appeal: outboundAppeal(ctx, appeal),
    event: {
      id: e.id,
      type: e.type,
      title: eventTitle(e.type),
      at: e.at,
      toStatus: e.toStatus,
      publicStatusName: row.publicName,
      note: e.note,
      notice: noticeOf(e.data),
    },
  })
}

/**
 * Sends an approved answer through the appeal's channel; returns how it went out. Channels without an
 * adapter publish it on the tracking page. Runs before the delivery is recorded, so a failure leaves the
 * answer undelivered and the job retries it.
 */
export async function sendAnswerThroughChannel(
  ctx: ChannelContext,
  adapters: Partial<Record<string, ChannelAdapter>>,
  appeal: AppealRow,
  answer: { id: number; text: string; decidedAt: Date | null },
): Promise<string> {
  const adapter = adapters[appeal.channel]
  if (!adapter?.sendAnswer || isDemo(appeal)) return 'tracking_page'
  const sent = await adapter.sendAnswer(ctx, {
    appeal: outboundAppeal(ctx, appeal),
    answer: { id: answer.id, text: answer.text, approvedAt: answer.decidedAt },
  })
  return sent === false ? 'tracking_page' : appeal.channel
}
