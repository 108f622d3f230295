import { formatInteger, formatRating, formatShare } from '../../../ui/format'
import type { Dashboard } from '../api/dashboard'
import { StatTile } from './StatTile'

/** The big numbers: today first, then the 30-day quality figures. */
export function DashboardTiles({ data }: { data: Dashboard }) {
  const { today, period30 } = data
  return (
    <div className="tiles">
      <StatTile label="Поступило сегодня" value={formatInteger(today.received)} />
      <StatTile label="В работе" value={formatInteger(today.inWork)} />
      <StatTile
        label="Просрочено"
        value={formatInteger(today.overdue)}
        tone={today.overdue > 0 ? 'danger' : 'default'}
      />
      <StatTile label="Дан ответ сегодня" value={formatInteger(today.answered)} />
      <StatTile
        label="Средняя оценка сегодня"
        value={formatRating(today.avgRatingToday)}
        note={`оценок: ${formatInteger(today.ratedToday)}`}
      />
      <StatTile
        label="Средняя оценка за 30 дней"
        value={formatRating(period30.avgRating)}
        note={`доля оценок 4–5: ${formatShare(period30.share45)}`}
        tone="good"
      />
      <StatTile
        label="Ответы в срок за 30 дней"
        value={formatShare(period30.onTimeShare)}
        note={`поступило ${formatInteger(period30.received)}, отвечено ${formatInteger(period30.answered)}`}
      />
    </div>
  )
}
