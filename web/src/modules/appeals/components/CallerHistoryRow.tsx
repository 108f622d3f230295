import { Link } from 'react-router'
import { formatShortDateTime } from '../../../ui/format'
import { StatusBadge } from '../../../ui/StatusBadge'
import type { AppealListItem } from '../api/types'
import { appealPath } from '../utils/paths'
import { DueDate } from './DueDate'
import { UrgentTag } from './UrgentTag'

/** One earlier appeal of the caller in two compact lines; the number opens the card in a new tab. */
export function CallerHistoryRow({ item }: { item: AppealListItem }) {
  return (
    <li className={item.overdue ? 'caller-row caller-row-overdue' : 'caller-row'}>
      <span className="caller-row-number nowrap">
        {/* A new tab keeps everything typed into the registration form. */}
        <Link
          to={appealPath(item.id)}
          target="_blank"
          rel="noopener"
          className="reg-link"
          title="Открыть карточку в новой вкладке"
        >
          {item.regNumber}
        </Link>
      </span>
      <span className="caller-row-when nowrap">{formatShortDateTime(item.receivedAt)}</span>
      <span className="caller-row-channel clamp-1" title={item.channel.name}>
        {item.channel.name}
      </span>
      <span className="caller-row-status">
        <StatusBadge code={item.status.code} name={item.status.name} />
      </span>
      <span className="caller-row-due nowrap">
        {item.dueAt && <span className="muted small">срок </span>}
        <DueDate dueAt={item.dueAt} overdue={item.overdue} />
      </span>
      <span className="caller-row-text clamp-1" title={item.textPreview}>
        <UrgentTag appeal={item} />
        {item.sector ? <span className="caller-row-sector">{item.sector.name}</span> : 'без сектора'}
        {' · '}
        {item.applicantName && <span className="cell-applicant">{item.applicantName}: </span>}
        {item.textPreview}
      </span>
    </li>
  )
}
