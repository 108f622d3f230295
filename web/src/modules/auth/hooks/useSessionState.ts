import { useCallback, useEffect, useMemo, useState } from 'react'
import { setUnauthenticatedHandler } from '../../platform/api/http'
import { clearReferenceCache } from '../../reference/api/reference'
import { fetchMe, login, logout, type SessionUser } from '../api/auth'
import type { SessionValue } from './sessionContext'

/** Owns the session: asks /me once, signs in and out, and drops the user when any call gets a 401. */
export function useSessionState(): SessionValue {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined)

  useEffect(() => {
    const controller = new AbortController()
    fetchMe(controller.signal).then(
      ({ user }) => setUser(user),
      () => {
        if (!controller.signal.aborted) setUser(null)
      },
    )
    setUnauthenticatedHandler(() => setUser(null))
    return () => {
      controller.abort()
      setUnauthenticatedHandler(null)
    }
  }, [])

  const signIn = useCallback(async (loginName: string, password: string) => {
    const { user } = await login(loginName, password)
    clearReferenceCache()
    setUser(user)
    return user
  }, [])

  const signOut = useCallback(async () => {
    try {
      await logout()
    } finally {
      clearReferenceCache()
      setUser(null)
    }
  }, [])

  return useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut])
}
