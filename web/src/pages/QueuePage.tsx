import { Link } from 'react-router'
import { AppealTable } from '../modules/appeals/components/AppealTable'
import { QueueFilters } from '../modules/appeals/components/QueueFilters'
import { useAppealList } from '../modules/appeals/hooks/useAppealList'
import { PAGE_SIZE, useQueueFilters } from '../modules/appeals/hooks/useQueueFilters'
import { useSuggestedRouting } from '../modules/appeals/hooks/useSuggestedRouting'
import { appealsWord } from '../modules/appeals/utils/suggested'
import { useSession } from '../modules/auth/hooks/useSession'
import { canAccess, queueTitleFor } from '../modules/auth/utils/roleAccess'
import { useReference } from '../modules/reference/hooks/useReference'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'
import { Pager } from '../ui/Pager'

const NO_ITEMS: never[] = []

/** The registry / work queue: filters, dense table, paging, «Направить по предложению». */
export function QueuePage() {
  const { user } = useSession()
  const reference = useReference()
  const filters = useQueueFilters()
  const list = useAppealList(filters.apiFilters)
  const title = user ? queueTitleFor(user.role) : 'Обращения'
  const routing = useSuggestedRouting(list.data?.items ?? NO_ITEMS, list.reload)

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
          showWaiting={Boolean(user && canAccess(user.role, 'register'))}
        />
      )}
      {routing.sendable.length > 0 && (
        <section className="suggest-bar" aria-label="Направить по предложению Вече">
          <span className="muted">
            Вече предлагает исполнителя: {routing.sendable.length} {appealsWord(routing.sendable.length)} на
            странице. Отметьте те, где предложение верно.
          </span>
          <button
            type="button"
            className="btn btn-small btn-primary"
            onClick={() => void routing.send()}
            disabled={routing.pending || routing.selected.length === 0}
          >
            {routing.pending
              ? 'Направляю…'
              : `Направить по предложению${routing.selected.length > 0 ? ` (${routing.selected.length})` : ''}`}
          </button>
        </section>
      )}
      <div aria-live="polite">
        {routing.said && (
          <div className={`notice ${routing.said.refused.length > 0 ? 'notice-warning' : 'notice-success'}`}>
            <p>{routing.said.sent}</p>
            {routing.said.refused.length > 0 && (
              <>
                <p>Не направлены (остались в очереди):</p>
                <ul>
                  {routing.said.refused.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
      <FormError error={routing.error ?? list.error ?? reference.error} />
      {!list.data && list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && (
        <p className="empty">{filters.active ? 'По этим условиям обращений нет.' : 'Обращений нет.'}</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <div className={list.loading ? 'is-stale' : undefined}>
          <AppealTable
            items={list.data.items}
            selection={
              routing.sendable.length > 0
                ? {
                    sendable: routing.sendable,
                    selected: routing.selected,
                    disabled: routing.pending,
                    onToggle: routing.toggle,
                    onToggleAll: routing.toggleAll,
                  }
                : undefined
            }
          />
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
