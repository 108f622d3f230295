import { DailyChart } from '../modules/dashboard/components/DailyChart'
import { DashboardTiles } from '../modules/dashboard/components/DashboardTiles'
import { DistrictTable } from '../modules/dashboard/components/DistrictTable'
import { SectorChart } from '../modules/dashboard/components/SectorChart'
import { useDashboard } from '../modules/dashboard/hooks/useDashboard'
import { FormError } from '../ui/FormError'
import { formatDateTime } from '../ui/format'
import { Loading } from '../ui/Loading'

/** The head's overview: today's numbers, the 30-day trend, sectors and districts. */
export function DashboardPage() {
  const dashboard = useDashboard()
  const data = dashboard.data
  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>Сводка по обращениям</h1>
        {data && (
          <span className="muted small">
            данные на {formatDateTime(data.generatedAt)} · обновляется каждую минуту
          </span>
        )}
        <div className="page-head-actions">
          <button
            type="button"
            className="btn btn-small"
            onClick={dashboard.reload}
            disabled={dashboard.loading}
          >
            {dashboard.loading ? 'Обновление…' : 'Обновить'}
          </button>
        </div>
      </div>
      <FormError error={dashboard.error} />
      {!data && dashboard.loading && <Loading />}
      {data && (
        <div className="stack">
          <DashboardTiles data={data} />
          <div className="dash-grid">
            <section className="card" aria-labelledby="daily-title">
              <h2 id="daily-title">Последние 30 дней</h2>
              <DailyChart daily={data.daily} />
            </section>
            <section className="card" aria-labelledby="sector-title">
              <h2 id="sector-title">По секторам за 30 дней</h2>
              <SectorChart rows={data.bySector} />
            </section>
          </div>
          <section className="card" aria-labelledby="district-title">
            <h2 id="district-title">По районам за 30 дней</h2>
            <DistrictTable rows={data.byDistrict} />
          </section>
        </div>
      )}
    </div>
  )
}
