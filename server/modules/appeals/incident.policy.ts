import type { RoleCode } from '../../../common/domain'
import type { Actor } from '../users/users.service'

/** Card actions for incidents (not status transitions, so the transition table does not offer them). */
export const MERGE_ACTION = 'merge'
export const SPLIT_ACTION = 'split'

/** Roles that confirm or split incidents: the МЦУ staff who see the whole registry. */
const INCIDENT_ROLES: RoleCode[] = ['operator', 'coordinator', 'admin']

/** Whether the actor may merge appeals into an incident or split a member off. */
export const canChangeIncident = (actor: Pick<Actor, 'role'>) => INCIDENT_ROLES.includes(actor.role)

/** The incident actions the card offers: merge while the appeal is open, split for a member. */
export function incidentActions(
  actor: Pick<Actor, 'role'>,
  appeal: { isOpen: boolean; duplicateOf: number | null },
): string[] {
  if (!canChangeIncident(actor)) return []
  const out: string[] = []
  if (appeal.isOpen) out.push(MERGE_ACTION)
  if (appeal.duplicateOf !== null) out.push(SPLIT_ACTION)
  return out
}
