import type { RoleCode } from '../../../../../common/domain'
import { apiRequest } from '../../platform/api/http'

/** The signed-in staff member as the server presents them. */
export type SessionUser = {
  id: string | number
  login: string
  fullName: string
  role: RoleCode
  roleName: string
  unit: { id: string | number; name: string } | null
  sectors: string[]
}

/** Signs in; the server sets the httpOnly session cookie. */
export function login(loginName: string, password: string): Promise<{ user: SessionUser }> {
  return apiRequest('/api/auth/login', {
    method: 'POST',
    body: { login: loginName, password },
    authRedirect: false,
  })
}

/** Ends the session on the server. */
export function logout(): Promise<void> {
  return apiRequest('/api/auth/logout', { method: 'POST', authRedirect: false })
}

/** Returns the current user, or fails with 401 when nobody is signed in. */
export function fetchMe(signal?: AbortSignal): Promise<{ user: SessionUser }> {
  return apiRequest('/api/auth/me', { signal, authRedirect: false })
}
