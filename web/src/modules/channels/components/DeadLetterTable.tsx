import { Link } from 'react-router'
import { formatDateTime } from '../../../ui/format'
import { appealPath } from '../../appeals/utils/paths'
import type { DeadLetter } from '../api/deadLetters'

type DeadLetterTableProps = {
  items: DeadLetter[]
  selected: number[]
  disabled: boolean
  onToggle: (id: number, on: boolean) => void
  onToggleAll: (on: boolean) => void
  onReplay: (id: number) => void
}

/** What failed every retry, one row per job; Tab walks the checkboxes, links and «Повторить». */
export function DeadLetterTable({
  items,
  selected,
  disabled,
  onToggle,
  onToggleAll,
  onReplay,
}: DeadLetterTableProps) {
  const allChosen = items.length > 0 && selected.length === items.length
  return (
    <div className="table-wrap">
      <table className="table dead-letter-table">
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <input
                type="checkbox"
                aria-label="Выбрать все"
                checked={allChosen}
                ref={(box) => {
                  if (box) box.indeterminate = selected.length > 0 && !allChosen
                }}
                onChange={(e) => onToggleAll(e.target.checked)}
                disabled={disabled}
              />
            </th>
            <th scope="col">Что не доставлено</th>
            <th scope="col">Обращение</th>
            <th scope="col" className="num">
              Попыток
            </th>
            <th scope="col">Последняя ошибка</th>
            <th scope="col">Сбой (МСК)</th>
            <th scope="col">
              <span className="visually-hidden">Действие</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => {
            const what = d.appeal ? `${d.title}, ${d.appeal.regNumber}` : d.title
            return (
              <tr key={d.id}>
                <td className="col-check">
                  <input
                    type="checkbox"
                    aria-label={`Выбрать: ${what}`}
                    checked={selected.includes(d.id)}
                    onChange={(e) => onToggle(d.id, e.target.checked)}
                    disabled={disabled}
                  />
                </td>
                <th scope="row">{d.title}</th>
                <td className="nowrap">
                  {d.appeal ? (
                    <Link to={appealPath(d.appeal.id)} className="reg-link">
                      {d.appeal.regNumber}
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">{d.attempts}</td>
                <td>
                  <span className="clamp-2 small" title={d.lastError ?? undefined}>
                    {d.lastError ?? <span className="muted">нет сведений</span>}
                  </span>
                </td>
                <td className="nowrap">{formatDateTime(d.failedAt)}</td>
                <td className="nowrap">
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Повторить: ${what}`}
                    onClick={() => onReplay(d.id)}
                    disabled={disabled}
                  >
                    Повторить
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
