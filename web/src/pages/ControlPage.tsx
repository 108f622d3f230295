import { useSearchParams } from 'react-router'
import { type Bucket, type ControlFilters, exportUrl } from '../modules/control/api/control'
import { ControlTable } from '../modules/control/components/ControlTable'
import { CountsTable } from '../modules/control/components/CountsTable'
import { useControlBoard } from '../modules/control/hooks/useControlBoard'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'

const BUCKETS: { code: Bucket | undefined; label: string; count: 'overdue' | 'today' | 'tomorrow' | null }[] =
  [
    { code: undefined, label: 'Всё', count: null },
    { code: 'overdue', label: 'Просрочено', count: 'overdue' },
    { code: 'today', label: 'Срок сегодня', count: 'today' },
    { code: 'tomorrow', label: 'До конца следующего рабочего дня', count: 'tomorrow' },
  ]

/**
 * «Контроль сроков»: what is overdue, due today and due by the end of the next working day, by unit and by
 * sector, with «Напомнить» and «Эскалировать» on each row and the same list as CSV / XLSX.
 */
export function ControlPage() {
  const [params, setParams] = useSearchParams()
  const filters: ControlFilters = {
    bucket: (params.get('bucket') as Bucket | null) ?? undefined,
    unitId: params.get('unit') ? Number(params.get('unit')) : undefined,
    sector: params.get('sector') ?? undefined,
  }
  const board = useControlBoard(filters)
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setParams(next, { replace: true })
  }
  const data = board.data
  const total = data ? data.summary.overdue + data.summary.today + data.summary.tomorrow : 0

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>Контроль сроков</h1>
        {data && <span className="muted">на контроле: {total}</span>}
        <div className="page-head-actions">
          <a className="btn btn-small" href={exportUrl(filters, 'xlsx')} download>
            Выгрузить XLSX
          </a>
          <a className="btn btn-small" href={exportUrl(filters, 'csv')} download>
            CSV
          </a>
          <button type="button" className="btn btn-small" onClick={board.reload}>
            Обновить
          </button>
        </div>
      </div>
      <fieldset className="control-buckets">
        <legend className="visually-hidden">Срез</legend>
        {BUCKETS.map((b) => (
          <button
            key={b.label}
            type="button"
            className={filters.bucket === b.code ? 'btn btn-small btn-primary' : 'btn btn-small'}
            aria-pressed={filters.bucket === b.code}
            onClick={() => set('bucket', b.code)}
          >
            {b.label}
            {data && b.count ? ` (${data.summary[b.count]})` : ''}
          </button>
        ))}
        {(filters.unitId || filters.sector) && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              const next = new URLSearchParams(params)
              next.delete('unit')
              next.delete('sector')
              setParams(next, { replace: true })
            }}
          >
            Снять фильтр по подразделению и сектору
          </button>
        )}
      </fieldset>
      <div aria-live="polite">{board.said && <div className="notice notice-success">{board.said}</div>}</div>
      <FormError error={board.actionError ?? board.error} />
      {!data && board.loading && <Loading />}
      {data && (
        <div className={board.loading ? 'is-stale stack' : 'stack'}>
          <div className="control-groups">
            <CountsTable
              caption="По подразделениям"
              rows={data.byUnit.map((u) => ({
                ...u,
                key: String(u.unit?.id ?? 'none'),
                name: u.unit?.shortName ?? 'Исполнитель не назначен',
                onPick: u.unit ? () => set('unit', String(u.unit?.id)) : undefined,
              }))}
            />
            <CountsTable
              caption="По секторам"
              rows={data.bySector.map((s) => ({
                ...s,
                key: s.sector?.code ?? 'none',
                name: s.sector?.name ?? 'Сектор не определён',
                onPick: s.sector ? () => set('sector', s.sector?.code) : undefined,
              }))}
            />
          </div>
          {data.items.length === 0 ? (
            <p className="empty">Ничего не просрочено и не подходит к сроку.</p>
          ) : (
            <>
              <ControlTable
                items={data.items}
                pending={board.pending}
                onAct={(id, a) => void board.act(id, a)}
              />
              {data.total > data.items.length && (
                <p className="muted small">
                  Показаны первые {data.items.length} из {data.total}; полный список — в выгрузке.
                </p>
              )}
            </>
          )}
        </div>
      )}
    </div>
  )
}
