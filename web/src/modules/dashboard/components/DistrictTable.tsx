import { formatInteger } from '../../../ui/format'
import type { Dashboard } from '../api/dashboard'

/** Districts with their 30-day volume and overdue count. */
export function DistrictTable({ rows }: { rows: Dashboard['byDistrict'] }) {
  const total = rows.reduce((sum, r) => sum + r.received30, 0)
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Район</th>
          <th scope="col" className="num">
            Поступило за 30 дней
          </th>
          <th scope="col" className="num">
            Доля
          </th>
          <th scope="col" className="num">
            Просрочено
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.code}>
            <th scope="row">{row.name}</th>
            <td className="num">{formatInteger(row.received30)}</td>
            <td className="num">{total ? `${Math.round((row.received30 / total) * 100)} %` : '—'}</td>
            <td className={row.overdue > 0 ? 'num text-danger' : 'num'}>{formatInteger(row.overdue)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
