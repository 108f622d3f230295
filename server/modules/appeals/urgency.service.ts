/**
 * The urgent flag, confirmed or corrected by a person. Вече flags danger by rules and, where no rule names it,
 * by its model (understanding/urgency-judge.ts); the МЦУ staff see the reasons on the card and can clear a
 * false flag or raise one the machine missed. The decision is written to the history and, where it differs
 * from what the understanding step said, kept as a correction: `veche train` learns urgency from it.
 */
import { eq } from 'drizzle-orm'
import type { RoleCode } from '../../../common/domain'
import type { Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { appealUnderstanding, understandingCorrections } from '../understanding/understanding.tables'
import type { Actor } from '../users/users.service'
import { findScopedAppeal, openStatuses } from './appeals.service'
import { appealEvents, appeals } from './appeals.tables'

/** The card action (not a status transition, so the transition table does not offer it). */
export const URGENCY_ACTION = 'urgency'

/**
 * `appeal.meta` key: the urgent flag was raised by the model alone (no rule named the danger) and no person has
 * looked at it yet. Lists show «срочно?»; confirming, clearing or raising the flag by hand removes it.
 */
export const URGENT_BY_MODEL = 'urgentByModel'

/** «срочно?»: urgent by the model alone, no person has decided yet. */
export const isUrgentToCheck = (a: { urgent: boolean; meta: Record<string, unknown> }) =>
  a.urgent && a.meta[URGENT_BY_MODEL] === true

/** The МЦУ staff who see the whole registry decide what is urgent. */
const URGENCY_ROLES: RoleCode[] = ['operator', 'coordinator', 'admin']

export const canChangeUrgency = (actor: Pick<Actor, 'role'>) => URGENCY_ROLES.includes(actor.role)

export function urgencyActions(actor: Pick<Actor, 'role'>, appeal: { isOpen: boolean }): string[] {
  return canChangeUrgency(actor) && appeal.isOpen ? [URGENCY_ACTION] : []
}

/**
 * Sets, clears or confirms the urgent flag of an open appeal. `urgent: true` on a flag the model raised alone
 * confirms it. Refused, with nothing changed, for a role that may not, for a finished appeal and when the flag
 * already is as asked (and, for a set flag, already confirmed or raised by a rule or a person).
 */
export async function setUrgency(
  tx: Tx,
  actor: Actor,
  appealId: number,
  input: { urgent: boolean; comment?: string | null },
): Promise<void> {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  if (!canChangeUrgency(actor)) throw new AppError('FORBIDDEN', 'Недостаточно прав для этого действия')
  if (!(await openStatuses(tx)).has(appeal.status))
    throw new AppError('CONFLICT', 'Рассмотрение обращения завершено: срочность больше не меняется')
  const confirming = input.urgent && isUrgentToCheck(appeal)
  if (appeal.urgent === input.urgent && !confirming)
    throw new AppError(
      'CONFLICT',
      input.urgent ? 'Обращение уже отмечено срочным' : 'Обращение и так не отмечено срочным',
    )
  const comment = input.comment?.trim() || null
  const { [URGENT_BY_MODEL]: _checked, ...meta } = appeal.meta
  await tx
    .update(appeals)
    .set({ urgent: input.urgent, meta, updatedAt: new Date() })
    .where(eq(appeals.id, appeal.id))
  await tx.insert(appealEvents).values({
    appealId: appeal.id,
    type: confirming ? 'urgency_confirmed' : input.urgent ? 'urgency_set' : 'urgency_cleared',
    actorKind: 'user',
    actorUserId: actor.id,
    fromStatus: appeal.status,
    toStatus: appeal.status,
    note: comment,
    data: { urgent: input.urgent },
    public: false,
  })
  const [understood] = await tx
    .select()
    .from(appealUnderstanding)
    .where(eq(appealUnderstanding.appealId, appeal.id))
  const said = understood ? Boolean((understood.result as { urgent?: boolean }).urgent) : null
  if (said !== null && said !== input.urgent)
    await tx.insert(understandingCorrections).values({
      appealId: appeal.id,
      field: 'urgent',
      predicted: String(said),
      corrected: String(input.urgent),
      modelVersion: understood?.modelVersion ?? null,
      userId: actor.id,
    })
}
