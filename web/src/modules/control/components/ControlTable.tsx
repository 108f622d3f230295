import { Link } from 'react-router'
import { formatDateTime, formatShortDateTime } from '../../../ui/format'
import { UrgentTag } from '../../appeals/components/UrgentTag'
import { appealPath } from '../../appeals/utils/paths'
import type { ControlItem } from '../api/control'
import { latenessText } from '../utils/lateness'

type Props = {
  items: ControlItem[]
  pending: number | null
  onAct: (appealId: number, action: 'remind' | 'escalate') => void
}

/** The list: number, sector, unit, due, how late, the last manual action, «Напомнить» / «Эскалировать». */
export function ControlTable({ items, pending, onAct }: Props) {
  return (
    <div className="table-wrap">
      <table className="table control-table">
        <thead>
          <tr>
            <th scope="col">Номер</th>
            <th scope="col">Сектор</th>
            <th scope="col">Исполнитель</th>
            <th scope="col">Срок (МСК)</th>
            <th scope="col">Опоздание</th>
            <th scope="col">Заявитель</th>
            <th scope="col">Последнее напоминание</th>
            <th scope="col">
              <span className="visually-hidden">Действия</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} className={i.overdue ? 'control-overdue' : undefined}>
              <th scope="row" className="nowrap">
                <Link to={appealPath(i.id)} className="reg-link">
                  {i.regNumber}
                </Link>
                <UrgentTag appeal={i} />
              </th>
              <td>{i.sector?.name ?? <span className="muted">не определён</span>}</td>
              <td>{i.unit?.shortName ?? <span className="muted">не назначен</span>}</td>
              <td className="nowrap">
                <span className={i.overdue ? 'due due-overdue' : 'due'}>
                  {formatDateTime(i.dueAt)}
                  {i.overdue && <span className="due-flag">просрочено</span>}
                </span>
              </td>
              <td className="nowrap">{latenessText(i.late)}</td>
              <td>{i.applicantName ?? <span className="muted">—</span>}</td>
              <td className="small nowrap">
                {i.lastManual
                  ? `${i.lastManual.type === 'escalated' ? 'эскалация' : 'напоминание'}, ${formatShortDateTime(i.lastManual.at)}`
                  : '—'}
              </td>
              <td className="nowrap">
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={pending !== null}
                  aria-label={`Напомнить исполнителю: ${i.regNumber}`}
                  onClick={() => onAct(Number(i.id), 'remind')}
                >
                  Напомнить
                </button>{' '}
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={pending !== null}
                  aria-label={`Эскалировать: ${i.regNumber}`}
                  onClick={() => onAct(Number(i.id), 'escalate')}
                >
                  Эскалировать
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
