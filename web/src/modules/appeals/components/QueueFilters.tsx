import { Select } from '../../../ui/Select'
import type { Reference } from '../../reference/api/reference'
import { codeNameOptions } from '../../reference/utils/options'
import type { QueueFilterValues } from '../hooks/useQueueFilters'
import { useSearchBox } from '../hooks/useSearchBox'

/** The dictionary filters in line order: which value, its accessible name, the "all" option and the list. */
const SELECT_FILTERS: {
  key: 'status' | 'sector' | 'district'
  label: string
  placeholder: string
  list: 'statuses' | 'sectors' | 'districts'
}[] = [
  { key: 'status', label: 'Статус', placeholder: 'Все статусы', list: 'statuses' },
  { key: 'sector', label: 'Сектор', placeholder: 'Все секторы', list: 'sectors' },
  { key: 'district', label: 'Район', placeholder: 'Все районы', list: 'districts' },
]

type QueueFiltersProps = {
  reference: Reference
  values: QueueFilterValues
  active: boolean
  onChange: (patch: Partial<QueueFilterValues>) => void
  onReset: () => void
  /** «Без исполнителя»: for those who route. */
  showWaiting?: boolean
}

/**
 * One compact line of queue filters: search, status, sector, district, overdue, urgent, «Без исполнителя» (for
 * those who route) and «С завершёнными» — without it (and without a status) the queue shows only the appeals
 * still being handled.
 */
export function QueueFilters({
  reference,
  values,
  active,
  onChange,
  onReset,
  showWaiting,
}: QueueFiltersProps) {
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
      {SELECT_FILTERS.map(({ key, label, placeholder, list }) => (
        <Select
          key={key}
          aria-label={label}
          value={values[key]}
          onChange={(value) => onChange({ [key]: value })}
          placeholder={key === 'status' && !values.finished ? 'Все незавершённые' : placeholder}
          options={codeNameOptions(reference[list])}
        />
      ))}
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
      {showWaiting && (
        <label className="checkbox" title="Исполнитель ещё не назначен: зарегистрированные и на координации">
          <input
            type="checkbox"
            checked={values.waiting}
            onChange={(e) => onChange({ waiting: e.target.checked })}
          />
          Без исполнителя
        </label>
      )}
      <label
        className="checkbox"
        title="По умолчанию очередь показывает только обращения, которые ещё в работе"
      >
        <input
          type="checkbox"
          checked={values.finished}
          onChange={(e) => onChange({ finished: e.target.checked })}
        />
        С завершёнными
      </label>
      {active && (
        <button type="button" className="btn btn-link" onClick={onReset}>
          Сбросить
        </button>
      )}
    </search>
  )
}
