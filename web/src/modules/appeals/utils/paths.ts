import type { Id } from '../api/types'

/** Card URL of an appeal. */
export function appealPath(id: Id): string {
  return `/appeals/${encodeURIComponent(String(id))}`
}
