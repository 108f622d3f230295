import { eq } from 'drizzle-orm'
import type { Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { findScopedAppeal, statusNames } from '../appeals/appeals.service'
import { appealEvents } from '../appeals/appeals.tables'
import { enqueueStatusNotice } from '../channels/outbound.service'
import { statuses } from '../reference/reference.tables'
import type { Actor } from '../users/users.service'

export const INTERIM_ANSWER_EVENT = 'interim_answer'

/**
 * An intermediate answer (what is being done, when to expect the result) while the appeal is open. It
 * does not change the status: it is a public history event, and the citizen's channel gets it as a
 * notice (ПОС: an answer of type «interim»), queued in the same transaction.
 */
export async function writeInterimAnswer(tx: Tx, actor: Actor, appealId: number, text: string) {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  const [status] = await tx
    .select({ isOpen: statuses.isOpen })
    .from(statuses)
    .where(eq(statuses.code, appeal.status))
  if (!status?.isOpen) {
    const name = (await statusNames(tx)).get(appeal.status) ?? appeal.status
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `Промежуточный ответ недоступен: обращение в статусе «${name}», рассмотрение завершено`,
    )
  }
  const [event] = await tx
    .insert(appealEvents)
    .values({
      appealId: appeal.id,
      type: INTERIM_ANSWER_EVENT,
      actorKind: 'user',
      actorUserId: actor.id,
      fromStatus: appeal.status,
      toStatus: appeal.status,
      note: text,
      data: {},
      public: true,
    })
    .returning({ id: appealEvents.id })
  await enqueueStatusNotice(tx, appeal, { id: event.id, type: INTERIM_ANSWER_EVENT })
  return event.id
}
