import { Link, Outlet } from 'react-router'

/** The citizen-facing shell: no staff header, narrow and mobile-friendly. */
export function PublicLayout() {
  return (
    <div className="public">
      <header className="public-header">
        <Link to="/track" className="brand">
          Вече · МЦУ Смоленска
        </Link>
        <span className="public-subtitle">Обращения граждан</span>
      </header>
      <main id="main" className="public-main">
        <Outlet />
      </main>
      <footer className="public-footer">
        Муниципальный центр управления города Смоленска. Номер и код обращения сообщаются при его регистрации.
      </footer>
    </div>
  )
}
