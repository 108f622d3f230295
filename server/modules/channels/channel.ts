import type { ChannelCode } from '../../../common/domain'
import type { Db } from '../../platform/db'
import type { Env } from '../../platform/env'

/** What every channel adapter gets: the database and the validated settings. */
export interface ChannelContext {
  db: Db
  env: Env
}

/** The appeal as a channel sees it when it replies (no personal data beyond what the channel needs). */
export interface OutboundAppeal {
  id: number
  regNumber: string
  channel: string
  externalId: string
  regime: string
  status: string
  /** Channel-specific data kept at intake (e.g. ПОС id, Telegram chat id, e-mail Message-ID). */
  meta: Record<string, unknown>
  /** Where the citizen can follow the appeal (tracking page). */
  trackingUrl: string
}

export interface OutboundAnswer {
  appeal: OutboundAppeal
  answer: { id: number; text: string; approvedAt: Date | null }
}

export interface OutboundStatus {
  appeal: OutboundAppeal
  event: {
    id: number
    type: string
    title: string
    at: Date
    toStatus: string | null
    /** The status as the citizen sees it. */
    publicStatusName: string | null
    note: string | null
    /** A text written for the citizen (a redirect notice…), to be sent as it is; null for plain status changes. */
    notice: string | null
  }
}

/**
 * A channel's outbound side: how answers and status changes reach the citizen through the channel the
 * appeal came from. Both run as jobs (retries with backoff, then the dead-letter list an operator can
 * replay), so they must be safe to repeat: pass the answer or event id to the peer as an idempotency key
 * where it takes one. Throw to retry. Intake (parse → normalise → register → acknowledge) is the
 * adapter's own module: it calls registerAppeal() with the channel's external id.
 */
export interface ChannelAdapter {
  code: ChannelCode
  /** Resolves `false` when the answer did not go through the channel (then it is on the tracking page only). */
  // biome-ignore lint/suspicious/noConfusingVoidType: an adapter that always sends simply returns nothing
  sendAnswer?(ctx: ChannelContext, msg: OutboundAnswer): Promise<boolean | void>
  sendStatus?(ctx: ChannelContext, msg: OutboundStatus): Promise<void>
}
