import { NavLink, useNavigate } from 'react-router'
import { NotificationBell } from '../../notifications/components/NotificationBell'
import type { SessionUser } from '../api/auth'
import { useSession } from '../hooks/useSession'
import { navItemsFor } from '../utils/roleAccess'

/** Product name, the role's navigation, who is signed in, and «Выйти». */
export function StaffHeader({ user }: { user: SessionUser }) {
  const { signOut } = useSession()
  const navigate = useNavigate()
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        К содержанию
      </a>
      <NavLink to="/" className="brand">
        Вече · МЦУ Смоленска
      </NavLink>
      <nav className="app-nav" aria-label="Разделы">
        {navItemsFor(user.role).map((item) => (
          <NavLink key={item.to} to={item.to} end={item.to === '/queue'}>
            {item.label}
          </NavLink>
        ))}
      </nav>
      <NotificationBell />
      <div className="app-user">
        <span className="app-user-name">{user.fullName}</span>
        <span className="app-user-role">
          {user.roleName}
          {user.unit && <> · {user.unit.name}</>}
        </span>
      </div>
      <button
        type="button"
        className="btn btn-header"
        onClick={async () => {
          await signOut()
          navigate('/login', { replace: true })
        }}
      >
        Выйти
      </button>
    </header>
  )
}
