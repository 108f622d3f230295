import { Link, useNavigate } from 'react-router'
import { formatShortDateTime } from '../../../ui/format'
import { StatusBadge } from '../../../ui/StatusBadge'
import type { AppealListItem, Id } from '../api/types'
import { appealPath } from '../utils/paths'
import { canSendBySuggestion, confidenceText } from '../utils/suggested'
import { DueDate } from './DueDate'
import { UrgentTag } from './UrgentTag'

/** The rows an operator may send by Вече's proposal, and which of them are checked. */
export type QueueSelection = {
  sendable: Id[]
  selected: Id[]
  disabled: boolean
  onToggle: (id: Id, on: boolean) => void
  onToggleAll: (on: boolean) => void
}

/**
 * The dense registry table; a click anywhere on a row opens the card. With `selection`, a first column of
 * checkboxes for the rows whose proposal names an executor («Направить по предложению»).
 */
export function AppealTable({ items, selection }: { items: AppealListItem[]; selection?: QueueSelection }) {
  const navigate = useNavigate()
  const allChosen =
    selection !== undefined &&
    selection.sendable.length > 0 &&
    selection.selected.length === selection.sendable.length
  return (
    <div className="table-wrap">
      <table className="table queue-table">
        <colgroup>
          {selection && <col className="col-check" />}
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
            {selection && (
              <th scope="col" className="col-check">
                <input
                  type="checkbox"
                  aria-label="Выбрать все с предложением Вече"
                  title="Выбрать все с предложением Вече"
                  checked={allChosen}
                  ref={(box) => {
                    if (box) box.indeterminate = selection.selected.length > 0 && !allChosen
                  }}
                  onChange={(e) => selection.onToggleAll(e.target.checked)}
                  disabled={selection.disabled || selection.sendable.length === 0}
                />
              </th>
            )}
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
                if (e.target instanceof Element && e.target.closest('a, input, .cell-check')) return
                if (window.getSelection()?.toString()) return
                navigate(appealPath(item.id))
              }}
            >
              {selection && (
                <td className="col-check cell-check">
                  {canSendBySuggestion(item) && (
                    <input
                      type="checkbox"
                      aria-label={`Направить ${item.regNumber} по предложению`}
                      checked={selection.selected.includes(item.id)}
                      onChange={(e) => selection.onToggle(item.id, e.target.checked)}
                      disabled={selection.disabled}
                    />
                  )}
                </td>
              )}
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
                {item.sector ? (
                  item.sector.name
                ) : item.suggestion ? (
                  <span
                    className="suggested"
                    title={
                      item.suggestion.why ??
                      `Предлагает Вече${
                        item.suggestion.confidence === null
                          ? ''
                          : `, уверенность ${confidenceText(item.suggestion.confidence)}`
                      }`
                    }
                  >
                    {item.suggestion.sector.name}?
                    {item.suggestion.confidence !== null && (
                      <span className="muted small"> {confidenceText(item.suggestion.confidence)}</span>
                    )}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
                {(item.topic ?? item.suggestion?.topic) && (
                  <div
                    className={`muted small clamp-1${item.topic ? '' : ' suggested'}`}
                    title={(item.topic ?? item.suggestion?.topic)?.name}
                  >
                    {(item.topic ?? item.suggestion?.topic)?.name}
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
                ) : item.suggestion?.unit ? (
                  <span
                    className="clamp-2 suggested"
                    title={
                      item.suggestion.why ?? `Предлагает Вече по матрице: ${item.suggestion.unit.shortName}`
                    }
                  >
                    {item.suggestion.unit.shortName}?
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
