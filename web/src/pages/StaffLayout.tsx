import { Outlet } from 'react-router'
import { StaffHeader } from '../modules/auth/components/StaffHeader'
import { useSession } from '../modules/auth/hooks/useSession'

/** The staff shell: header + the page. Rendered under RequireAuth, so the user is known. */
export function StaffLayout() {
  const { user } = useSession()
  if (!user) return null
  return (
    <div className="app">
      <StaffHeader user={user} />
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </div>
  )
}
