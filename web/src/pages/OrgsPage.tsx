import { useState } from 'react'
import { useSession } from '../modules/auth/hooks/useSession'
import { type ApiError, toApiError } from '../modules/platform/api/http'
import { useQuery } from '../modules/platform/hooks/useQuery'
import { useReference } from '../modules/reference/hooks/useReference'
import {
  deleteUnit,
  importUnitsCsv,
  KIND_NAMES,
  listUnits,
  type OrgUnit,
  restoreUnit,
} from '../modules/routing/api/routing'
import { UnitForm } from '../modules/routing/components/UnitForm'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'
import { Select } from '../ui/Select'

/**
 * «Организации»: the directory of units, территориальные управления, МУПы, regional and federal bodies —
 * search, filters, the card with its edit form (admin), CSV upload, and per unit over 30 days how many
 * appeals were reassigned away from it and how many it declined as «не наша компетенция».
 */
export function OrgsPage() {
  const { user } = useSession()
  const isAdmin = user?.role === 'admin'
  const reference = useReference()
  const [q, setQ] = useState('')
  const [kind, setKind] = useState('')
  const [sector, setSector] = useState('')
  const [deleted, setDeleted] = useState(false)
  const [open, setOpen] = useState<OrgUnit | 'new' | null>(null)
  const [said, setSaid] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const list = useQuery(`units:${q}:${kind}:${sector}:${deleted}`, (signal) =>
    listUnits({ q, kind, sector, deleted }, signal),
  )
  const items = list.data?.items ?? []
  const sectorName = (c: string) => reference.data?.sectors.find((s) => s.code === c)?.name ?? c

  async function act(run: () => Promise<string>) {
    setError(null)
    setSaid('')
    try {
      setSaid(await run())
      list.reload()
    } catch (e) {
      setError(toApiError(e))
    }
  }

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>Организации</h1>
        {list.data && <span className="muted">всего: {items.length}</span>}
        {isAdmin && (
          <div className="page-head-actions">
            <button type="button" className="btn btn-small btn-primary" onClick={() => setOpen('new')}>
              Добавить
            </button>
            <label className="btn btn-small">
              Загрузить CSV
              <input
                type="file"
                accept=".csv,text/csv"
                className="visually-hidden"
                aria-label="Загрузить справочник из CSV"
                onChange={(e) => {
                  const file = e.target.files?.[0]
                  e.target.value = ''
                  if (file)
                    void act(async () => {
                      const r = await importUnitsCsv(file)
                      return `Загружено: ${r.total} (новых ${r.created}, обновлено ${r.updated})`
                    })
                }}
              />
            </label>
          </div>
        )}
      </div>
      <div className="filters">
        <input
          className="filters-search"
          type="search"
          placeholder="Поиск: название, код, руководитель, e-mail"
          aria-label="Поиск организаций"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <Select
          aria-label="Вид"
          value={kind}
          onChange={setKind}
          placeholder="Все виды"
          options={Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }))}
        />
        <Select
          aria-label="Сектор"
          value={sector}
          onChange={setSector}
          placeholder="Все секторы"
          options={(reference.data?.sectors ?? []).map((s) => ({ value: s.code, label: s.name }))}
        />
        <label className="checkbox">
          <input type="checkbox" checked={deleted} onChange={(e) => setDeleted(e.target.checked)} /> с
          удалёнными
        </label>
      </div>
      <div aria-live="polite">{said && <div className="notice notice-success">{said}</div>}</div>
      <FormError error={error ?? list.error} />
      {!list.data && list.loading && <Loading />}
      {open && reference.data && (
        <section className="card" aria-label={open === 'new' ? 'Новая организация' : open.shortName}>
          <div className="page-head">
            <h2>{open === 'new' ? 'Новая организация' : open.shortName}</h2>
            <div className="page-head-actions">
              {isAdmin && open !== 'new' && !open.deleted && (
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  onClick={() =>
                    void act(async () => {
                      await deleteUnit(open.id)
                      setOpen(null)
                      return `«${open.shortName}» удалена`
                    })
                  }
                >
                  Удалить
                </button>
              )}
              {isAdmin && open !== 'new' && open.deleted && (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    void act(async () => {
                      await restoreUnit(open.id)
                      return 'Восстановлено'
                    })
                  }
                >
                  Восстановить
                </button>
              )}
              <button type="button" className="btn btn-small" onClick={() => setOpen(null)}>
                Закрыть
              </button>
            </div>
          </div>
          <UnitForm
            key={open === 'new' ? 'new' : open.id}
            reference={reference.data}
            unit={open === 'new' ? null : open}
            units={items}
            readOnly={!isAdmin || (open !== 'new' && open.deleted)}
            onSaved={(u) => {
              setOpen(u)
              setSaid(`«${u.shortName}» сохранена`)
              list.reload()
            }}
          />
        </section>
      )}
      {list.data && items.length === 0 && <p className="empty">Ничего не найдено.</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table org-table">
            <thead>
              <tr>
                <th scope="col">Организация</th>
                <th scope="col">Вид</th>
                <th scope="col">Секторы</th>
                <th scope="col">Руководитель</th>
                <th scope="col">Контакты</th>
                <th scope="col" className="num" title="за 30 дней: обращений переназначено от подразделения">
                  Переназначено, 30 дн.
                </th>
                <th
                  scope="col"
                  className="num"
                  title="за 30 дней: подразделение ответило «не наша компетенция»"
                >
                  «Не наше», 30 дн.
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id} className={u.deleted ? 'muted' : undefined}>
                  <td>
                    <button type="button" className="btn btn-link" onClick={() => setOpen(u)}>
                      {u.shortName}
                    </button>
                    {u.deleted && <span className="tag">удалена</span>}
                    <div className="muted small clamp-1" title={u.name}>
                      {u.name}
                    </div>
                  </td>
                  <td className="small">{KIND_NAMES[u.kind] ?? u.kind}</td>
                  <td className="small">{u.sectors.map(sectorName).join(', ')}</td>
                  <td className="small">
                    {u.headName}
                    {u.headPosition && <div className="muted">{u.headPosition}</div>}
                  </td>
                  <td className="small nowrap">
                    {u.phone}
                    {u.email && <div>{u.email}</div>}
                  </td>
                  <td className="num">{u.reassigned30}</td>
                  <td className="num">{u.declined30}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
