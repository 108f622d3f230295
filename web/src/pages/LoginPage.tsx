import { Link, Navigate } from 'react-router'
import { LoginForm } from '../modules/auth/components/LoginForm'
import { useSession } from '../modules/auth/hooks/useSession'
import { homePathFor } from '../modules/auth/utils/roleAccess'
import { Loading } from '../ui/Loading'

/** Staff sign-in. */
export function LoginPage() {
  const { user } = useSession()
  if (user === undefined) return <Loading />
  if (user) return <Navigate to={homePathFor(user.role)} replace />
  return (
    <main id="main" className="login">
      <div className="login-card card">
        <p className="brand brand-dark">Вече · МЦУ Смоленска</p>
        <h1>Вход для сотрудников</h1>
        <LoginForm />
        <p className="muted small login-public">
          Заявителю: <Link to="/submit">подать обращение</Link> ·{' '}
          <Link to="/track">проверить статус обращения</Link>
        </p>
      </div>
    </main>
  )
}
