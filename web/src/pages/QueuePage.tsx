import { Link } from 'react-router'
import { AppealTable } from '../modules/appeals/components/AppealTable'
import { QueueFilters } from '../modules/appeals/components/QueueFilters'
import { useAppealList } from '../modules/appeals/hooks/useAppealList'
import { PAGE_SIZE, useQueueFilters } from '../modules/appeals/hooks/useQueueFilters'
import { useSession } from '../modules/auth/hooks/useSession'
import { canAccess, queueTitleFor } from '../modules/auth/utils/roleAccess'
import { useReference } from '../modules/reference/hooks/useReference'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'
import { Pager } from '../ui/Pager'

/** The registry / work queue: filters, dense table, paging. */
export function QueuePage() {
  const { user } = useSession()
  const reference = useReference()
  const filters = useQueueFilters()
  const list = useAppealList(filters.apiFilters)
  const title = user ? queueTitleFor(user.role) : 'Обращения'

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>{title}</h1>
        {list.data && (
          <span className="muted" aria-live="polite">
            {list.loading ? 'обновление…' : `найдено: ${list.data.total}`}
          </span>
        )}
        <div className="page-head-actions">
          <button type="button" className="btn btn-small" onClick={list.reload}>
            Обновить
          </button>
          {user && canAccess(user.role, 'register') && (
            <Link to="/appeals/new" className="btn btn-small btn-primary">
              + Новое обращение
            </Link>
          )}
        </div>
      </div>
      {reference.data && (
        <QueueFilters
          reference={reference.data}
          values={filters.values}
          active={filters.active}
          onChange={filters.update}
          onReset={filters.reset}
        />
      )}
      <FormError error={list.error ?? reference.error} />
      {!list.data && list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && (
        <p className="empty">{filters.active ? 'По этим условиям обращений нет.' : 'Обращений нет.'}</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <div className={list.loading ? 'is-stale' : undefined}>
          <AppealTable items={list.data.items} />
          <Pager
            offset={filters.values.offset}
            limit={PAGE_SIZE}
            total={list.data.total}
            onChange={(offset) => filters.update({ offset })}
          />
        </div>
      )}
    </div>
  )
}
