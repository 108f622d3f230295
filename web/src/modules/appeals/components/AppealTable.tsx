import { Link, useNavigate } from 'react-router'
import { formatShortDateTime } from '../../../ui/format'
import { StatusBadge } from '../../../ui/StatusBadge'
import type { AppealListItem } from '../api/types'
import { appealPath } from '../utils/paths'
import { DueDate } from './DueDate'
import { UrgentTag } from './UrgentTag'

/** The dense registry table; a click anywhere on a row opens the card. */
export function AppealTable({ items }: { items: AppealListItem[] }) {
  const navigate = useNavigate()
  return (
    <div className="table-wrap">
      <table className="table queue-table">
        <colgroup>
          <col className="col-number" />
          <col className="col-received" />
          <col className="col-channel" />
          <col className="col-address" />
          <col className="col-sector" />
          <col />
          <col className="col-unit" />
          <col className="col-status" />
          <col className="col-due" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">№</th>
            <th scope="col">Поступило</th>
            <th scope="col">Канал</th>
            <th scope="col">Адрес / район</th>
            <th scope="col">Сектор</th>
            <th scope="col">Текст</th>
            <th scope="col">Исполнитель</th>
            <th scope="col">Статус</th>
            <th scope="col">Срок</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr
              key={item.id}
              className={item.overdue ? 'row-overdue' : undefined}
              onClick={(e) => {
                if (e.target instanceof Element && e.target.closest('a')) return
                if (window.getSelection()?.toString()) return
                navigate(appealPath(item.id))
              }}
            >
              <td className="nowrap">
                <Link to={appealPath(item.id)} className="reg-link">
                  {item.regNumber}
                </Link>
                {(item.urgent || item.repeatOf || item.incidentMainId) && (
                  <div>
                    <UrgentTag appeal={item} />
                    {item.incidentMainId && (
                      <span
                        className="tag"
                        title="Входит в инцидент: ответ придёт из главного обращения инцидента"
                      >
                        в инциденте
                      </span>
                    )}
                    {item.repeatOf && (
                      <span
                        className="tag"
                        title={`Заявителю уже отвечали по той же проблеме: ${item.repeatOf.regNumber}`}
                      >
                        повторное
                      </span>
                    )}
                  </div>
                )}
              </td>
              <td className="nowrap">{formatShortDateTime(item.receivedAt)}</td>
              <td>{item.channel.name}</td>
              <td>
                <div className="clamp-1" title={item.addressText ?? undefined}>
                  {item.addressText ?? <span className="muted">адрес не указан</span>}
                </div>
                {item.district && <div className="muted small">{item.district.name}</div>}
              </td>
              <td>
                {item.sector ? item.sector.name : <span className="muted">—</span>}
                {item.topic && (
                  <div className="muted small clamp-1" title={item.topic.name}>
                    {item.topic.name}
                  </div>
                )}
              </td>
              <td>
                <span className="clamp-2" title={item.textPreview}>
                  {item.applicantName && <span className="cell-applicant">{item.applicantName}: </span>}
                  {item.textPreview}
                </span>
              </td>
              <td>
                {item.unit ? (
                  <span className="clamp-2" title={item.unit.shortName}>
                    {item.unit.shortName}
                  </span>
                ) : (
                  <span className="muted">не назначен</span>
                )}
              </td>
              <td>
                <StatusBadge code={item.status.code} name={item.status.name} />
              </td>
              <td className="nowrap">
                <DueDate dueAt={item.dueAt} overdue={item.overdue} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
