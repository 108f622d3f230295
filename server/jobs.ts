import { CHANNEL_ADAPTERS } from './channels'
import {
  DELIVER_ANSWER_JOB,
  type DeliverAnswerPayload,
  deliverAnswer,
} from './modules/answers/answers.service'
import type { ChannelContext } from './modules/channels/channel'
import {
  NOTIFY_STATUS_JOB,
  sendAnswerThroughChannel,
  sendStatusNotice,
} from './modules/channels/outbound.service'
import { EMAIL_ACK_JOB, sendEmailAck } from './modules/intake/email/email.outbound'
import { DELIVER_NOTIFICATION_JOB, deliverNotification } from './modules/notifications/notifications.service'
import type { Env } from './platform/env'
import type { JobHandler } from './platform/jobs'

/** Every background job by name. A module adds its handlers here. */
export function jobHandlers(env: Env, adapters = CHANNEL_ADAPTERS): Record<string, JobHandler> {
  const channel = (db: ChannelContext['db']): ChannelContext => ({ db, env })
  return {
    [DELIVER_ANSWER_JOB]: (payload, { db }) =>
      deliverAnswer(db, payload as unknown as DeliverAnswerPayload, (appeal, answer) =>
        sendAnswerThroughChannel(channel(db), adapters, appeal, answer),
      ),
    [NOTIFY_STATUS_JOB]: (payload, { db }) =>
      sendStatusNotice(channel(db), adapters, payload as { appealId: number; eventId: number }),
    [EMAIL_ACK_JOB]: (payload, { db }) =>
      sendEmailAck(channel(db), payload as { appealId: number; trackingCode: string | null }),
    [DELIVER_NOTIFICATION_JOB]: (payload, { db }) =>
      deliverNotification(db, env, payload as { notificationId: number; channel: 'email' | 'telegram' }),
  }
}
