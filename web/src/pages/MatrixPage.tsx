import { useState } from 'react'
import { useSession } from '../modules/auth/hooks/useSession'
import { type ApiError, toApiError } from '../modules/platform/api/http'
import { useQuery } from '../modules/platform/hooks/useQuery'
import { useReference } from '../modules/reference/hooks/useReference'
import { deleteRule, getMatrix, type Matrix, moveRule, type Rule } from '../modules/routing/api/routing'
import { CheckBox } from '../modules/routing/components/CheckBox'
import { RuleForm } from '../modules/routing/components/RuleForm'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'

/**
 * «Матрица ответственности»: ordered rules sector × topic × district × object type → executor,
 * co-executors, curating deputy. The admin adds, edits, moves and deletes; every save is checked as a whole.
 */
export function MatrixPage() {
  const { user } = useSession()
  const isAdmin = user?.role === 'admin'
  const reference = useReference()
  const query = useQuery('matrix', (signal) => getMatrix(signal))
  const [editing, setEditing] = useState<Rule | 'new' | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const matrix = query.data

  async function change(run: () => Promise<Matrix>) {
    setError(null)
    try {
      query.setData(await run())
    } catch (e) {
      setError(toApiError(e))
    }
  }

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>Матрица ответственности</h1>
        {matrix && <span className="muted">правил: {matrix.rules.length}</span>}
        {isAdmin && (
          <div className="page-head-actions">
            <button type="button" className="btn btn-small btn-primary" onClick={() => setEditing('new')}>
              Добавить правило
            </button>
          </div>
        )}
      </div>
      <p className="muted">
        Кому направить обращение: первое подошедшее правило сверху вниз. Последнее правило — без условий (по
        умолчанию).
      </p>
      <FormError error={error ?? query.error} />
      {!matrix && query.loading && <Loading />}
      {matrix && reference.data && (
        <div className="matrix-layout">
          <div>
            {editing && (
              <RuleForm
                key={editing === 'new' ? 'new' : editing.id}
                reference={reference.data}
                matrix={matrix}
                rule={editing === 'new' ? null : editing}
                onCancel={() => setEditing(null)}
                onSaved={(m) => {
                  query.setData(m)
                  setEditing(null)
                }}
              />
            )}
            <div className="table-wrap">
              <table className="table matrix-table">
                <thead>
                  <tr>
                    <th scope="col">№</th>
                    <th scope="col">Условия</th>
                    <th scope="col">Исполнитель</th>
                    <th scope="col">Соисполнители</th>
                    <th scope="col">Куратор</th>
                    {isAdmin && <th scope="col">Действия</th>}
                  </tr>
                </thead>
                <tbody>
                  {matrix.rules.map((r) => (
                    <tr key={r.id}>
                      <td className="num">{r.number}</td>
                      <td>
                        {r.conditions}
                        {r.note && <div className="muted small">{r.note}</div>}
                      </td>
                      <td>
                        {r.unit.shortName}
                        {r.unit.deleted && <span className="tag tag-urgent">удалена</span>}
                      </td>
                      <td className="small">{r.coExecutors.map((u) => u.shortName).join(', ')}</td>
                      <td className="small">{r.deputy?.fullName ?? ''}</td>
                      {isAdmin && (
                        <td className="nowrap">
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-label={`Поднять правило №${r.number}`}
                            disabled={r.number === 1}
                            onClick={() => void change(() => moveRule(r.id, r.number - 1))}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-label={`Опустить правило №${r.number}`}
                            disabled={r.number === matrix.rules.length}
                            onClick={() => void change(() => moveRule(r.id, r.number + 1))}
                          >
                            ↓
                          </button>
                          <button type="button" className="btn btn-small" onClick={() => setEditing(r)}>
                            Изменить
                          </button>
                          <button
                            type="button"
                            className="btn btn-small btn-danger"
                            onClick={() => void change(() => deleteRule(r.id))}
                          >
                            Удалить
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <CheckBox reference={reference.data} matrix={matrix} />
        </div>
      )}
    </div>
  )
}
