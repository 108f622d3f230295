import { formatInteger } from './format'

type PagerProps = { offset: number; limit: number; total: number; onChange: (offset: number) => void }

/** «1–50 из 312» with previous/next buttons. */
export function Pager({ offset, limit, total, onChange }: PagerProps) {
  const from = total === 0 ? 0 : offset + 1
  const to = Math.min(offset + limit, total)
  const page = Math.floor(offset / limit) + 1
  const pages = Math.max(1, Math.ceil(total / limit))
  return (
    <nav className="pager" aria-label="Страницы">
      <span className="pager-range">
        {formatInteger(from)}–{formatInteger(to)} из {formatInteger(total)}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - limit))}
      >
        ← Назад
      </button>
      <span className="pager-page">
        стр. {page} из {pages}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={to >= total}
        onClick={() => onChange(offset + limit)}
      >
        Вперёд →
      </button>
    </nav>
  )
}
