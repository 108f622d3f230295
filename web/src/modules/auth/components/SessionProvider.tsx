import type { ReactNode } from 'react'
import { SessionContext } from '../hooks/sessionContext'
import { useSessionState } from '../hooks/useSessionState'

/** Makes the session available to every screen. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const value = useSessionState()
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}
