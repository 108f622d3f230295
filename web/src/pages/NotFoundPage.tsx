import { Link } from 'react-router'

/** Unknown address or an appeal the user may not see (the server answers 404 for both). */
export function NotFoundPage({
  text = 'Такой страницы нет или у вас нет к ней доступа.',
}: {
  text?: string
}) {
  return (
    <section className="not-found">
      <h1>Не найдено</h1>
      <p>{text}</p>
      <p>
        <Link to="/">На главную</Link>
      </p>
    </section>
  )
}
