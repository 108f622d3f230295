import { DELIVER_ANSWER_JOB, deliverAnswer } from './modules/answers/answers.service'
import type { JobHandler } from './platform/jobs'

/** Every background job by name. A module adds its handlers here. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [DELIVER_ANSWER_JOB]: (payload, { db }) =>
    deliverAnswer(db, payload as { appealId: number; answerId: number }),
}
