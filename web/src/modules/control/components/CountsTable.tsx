import type { Counts } from '../api/control'

type Row = Counts & { key: string; name: string; onPick?: () => void }

/** Counts by unit or by sector; a name is a button that filters the list. */
export function CountsTable({ caption, rows }: { caption: string; rows: Row[] }) {
  return (
    <div className="table-wrap">
      <table className="table control-counts">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{caption === 'По подразделениям' ? 'Подразделение' : 'Сектор'}</th>
            <th scope="col" className="num">
              Просрочено
            </th>
            <th scope="col" className="num">
              Сегодня
            </th>
            <th scope="col" className="num">
              Завтра
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {r.onPick ? (
                  <button type="button" className="btn-link" onClick={r.onPick}>
                    {r.name}
                  </button>
                ) : (
                  r.name
                )}
              </th>
              <td className={r.overdue > 0 ? 'num text-danger' : 'num'}>{r.overdue}</td>
              <td className="num">{r.today}</td>
              <td className="num">{r.tomorrow}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
