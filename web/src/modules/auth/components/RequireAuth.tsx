import { Navigate, Outlet, useLocation } from 'react-router'
import { Loading } from '../../../ui/Loading'
import { Notice } from '../../../ui/Notice'
import { useSession } from '../hooks/useSession'
import { type Area, canAccess } from '../utils/roleAccess'

/** Lets signed-in staff through (optionally only roles that may use `area`); sends others to /login. */
export function RequireAuth({ area }: { area?: Area }) {
  const { user } = useSession()
  const location = useLocation()
  if (user === undefined) return <Loading />
  if (user === null) {
    const next = encodeURIComponent(location.pathname + location.search)
    return <Navigate to={`/login?next=${next}`} replace />
  }
  if (area && !canAccess(user.role, area)) {
    return (
      <Notice tone="warning" title="Нет доступа">
        Этот раздел недоступен для роли «{user.roleName}».
      </Notice>
    )
  }
  return <Outlet />
}
