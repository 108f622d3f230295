import type { Reference } from '../../reference/api/reference'
import type { QueueFilterValues } from '../hooks/useQueueFilters'
import { useSearchBox } from '../hooks/useSearchBox'

type QueueFiltersProps = {
  reference: Reference
  values: QueueFilterValues
  active: boolean
  onChange: (patch: Partial<QueueFilterValues>) => void
  onReset: () => void
}

/** One compact line of queue filters: search, status, sector, district, overdue, urgent. */
export function QueueFilters({ reference, values, active, onChange, onReset }: QueueFiltersProps) {
  const search = useSearchBox(values.q, (q) => onChange({ q }))
  return (
    <search className="filters" aria-label="Фильтры">
      <input
        type="search"
        className="filters-search"
        aria-label="Поиск по тексту, номеру, адресу"
        placeholder="Поиск: текст, номер, адрес…"
        value={search.text}
        onChange={(e) => search.setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') search.commitNow()
        }}
      />
      <select
        aria-label="Статус"
        value={values.status}
        onChange={(e) => onChange({ status: e.target.value })}
      >
        <option value="">Все статусы</option>
        {reference.statuses.map((s) => (
          <option key={s.code} value={s.code}>
            {s.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Сектор"
        value={values.sector}
        onChange={(e) => onChange({ sector: e.target.value })}
      >
        <option value="">Все секторы</option>
        {reference.sectors.map((s) => (
          <option key={s.code} value={s.code}>
            {s.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Район"
        value={values.district}
        onChange={(e) => onChange({ district: e.target.value })}
      >
        <option value="">Все районы</option>
        {reference.districts.map((d) => (
          <option key={d.code} value={d.code}>
            {d.name}
          </option>
        ))}
      </select>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={values.overdue}
          onChange={(e) => onChange({ overdue: e.target.checked })}
        />
        Просроченные
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={values.urgent}
          onChange={(e) => onChange({ urgent: e.target.checked })}
        />
        Срочные
      </label>
      {active && (
        <button type="button" className="btn btn-link" onClick={onReset}>
          Сбросить
        </button>
      )}
    </search>
  )
}
