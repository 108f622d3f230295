import { Link, NavLink, Outlet } from 'react-router'

/** The citizen-facing shell: no staff header, narrow and mobile-friendly. */
export function PublicLayout() {
  return (
    <div className="public">
      <header className="public-header">
        <Link to="/track" className="brand">
          Вече · МЦУ Смоленска
        </Link>
        <span className="public-subtitle">Обращения граждан</span>
        <nav className="public-nav" aria-label="Разделы для заявителя">
          <NavLink to="/submit">Подать обращение</NavLink>
          <NavLink to="/track">Проверить обращение</NavLink>
        </nav>
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
