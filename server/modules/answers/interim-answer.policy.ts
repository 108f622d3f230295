import type { RoleCode } from '../../../common/domain'
import type { Actor } from '../users/users.service'

/** The card action that shows the interim-answer form (it is not a status transition). */
export const INTERIM_ANSWER_ACTION = 'interim_answer'

/** Roles that tell the citizen how the work is going; scope is checked by the service on every write. */
export const INTERIM_ANSWER_ROLES: RoleCode[] = ['operator', 'coordinator', 'executor', 'unit_head']

/** Whether the actor may write an interim answer on an appeal that is (or is not) still open. */
export function canWriteInterimAnswer(actor: Pick<Actor, 'role'>, appealIsOpen: boolean): boolean {
  return appealIsOpen && INTERIM_ANSWER_ROLES.includes(actor.role)
}
