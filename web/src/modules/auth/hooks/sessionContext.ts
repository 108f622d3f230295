import { createContext } from 'react'
import type { SessionUser } from '../api/auth'

export type SessionValue = {
  /** undefined while the first /me request is in flight, null when signed out. */
  user: SessionUser | null | undefined
  signIn: (login: string, password: string) => Promise<SessionUser>
  signOut: () => Promise<void>
}

export const SessionContext = createContext<SessionValue | null>(null)
