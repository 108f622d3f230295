import { formatDate } from '../../../ui/format'

/** A deadline; red with «просрочено» when it has passed. */
export function DueDate({ dueAt, overdue }: { dueAt: string | null; overdue: boolean }) {
  if (!dueAt) return <span className="muted">—</span>
  return (
    <span className={overdue ? 'due due-overdue' : 'due'}>
      {formatDate(dueAt)}
      {overdue && <span className="due-flag">просрочено</span>}
    </span>
  )
}
