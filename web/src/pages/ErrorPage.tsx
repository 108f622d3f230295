import { isRouteErrorResponse, Link, useRouteError } from 'react-router'

/** Shown instead of a blank screen when a page fails to render. */
export function ErrorPage() {
  const error = useRouteError()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  return (
    <section className="not-found">
      <h1>{notFound ? 'Не найдено' : 'Что-то пошло не так'}</h1>
      <p>
        {notFound
          ? 'Такой страницы нет.'
          : 'Страница не смогла открыться. Обновите её; если ошибка повторится, сообщите администратору.'}
      </p>
      <p className="row" style={{ justifyContent: 'center' }}>
        <button type="button" className="btn" onClick={() => window.location.reload()}>
          Обновить страницу
        </button>
        <Link to="/">На главную</Link>
      </p>
    </section>
  )
}
