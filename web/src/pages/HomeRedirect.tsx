import { Navigate } from 'react-router'
import { useSession } from '../modules/auth/hooks/useSession'
import { homePathFor } from '../modules/auth/utils/roleAccess'

/** `/` sends staff to their role's home. */
export function HomeRedirect() {
  const { user } = useSession()
  return <Navigate to={user ? homePathFor(user.role) : '/login'} replace />
}
