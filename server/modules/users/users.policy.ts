import type { RoleCode } from '../../../common/domain'
import type { Actor } from './users.service'

/** Roles that work with the whole city's registry. */
const CITY_WIDE: RoleCode[] = ['operator', 'coordinator', 'head', 'cur_viewer', 'admin']

/** What part of the registry an actor may see: used inside queries so "not yours" reads as "not found". */
export type Scope =
  | { kind: 'all' }
  | { kind: 'unit'; unitId: number }
  | { kind: 'sectors'; sectors: string[] }

/** The scope of appeals this actor may see. */
export function appealScope(actor: Actor): Scope {
  if (CITY_WIDE.includes(actor.role)) return { kind: 'all' }
  if (actor.role === 'deputy') return { kind: 'sectors', sectors: actor.sectors }
  // executor and unit_head: their own unit only; a user without a unit sees nothing.
  return { kind: 'unit', unitId: actor.unitId ?? -1 }
}

/** Roles that see applicants' personal data unmasked on the appeal card (they need it to do the work). */
export function canSeePersonalData(actor: Actor): boolean {
  return ['operator', 'coordinator', 'executor', 'unit_head', 'admin'].includes(actor.role)
}

export const canRegister = (actor: Actor) => ['operator', 'coordinator', 'admin'].includes(actor.role)
/** Who sends appeals to executors (assign, «Направить по предложению») and so sees Вече's routing proposals. */
export const canRoute = (actor: Actor) => ['operator', 'coordinator', 'admin'].includes(actor.role)
export const canSeeDashboard = (actor: Actor) =>
  ['head', 'deputy', 'cur_viewer', 'coordinator', 'admin', 'operator'].includes(actor.role)
