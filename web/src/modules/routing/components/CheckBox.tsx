import { type FormEvent, useState } from 'react'
import { FormError } from '../../../ui/FormError'
import { SelectField } from '../../../ui/SelectField'
import { type ApiError, toApiError } from '../../platform/api/http'
import type { Reference } from '../../reference/api/reference'
import { checkResponsibility, type Matrix, type Resolution } from '../api/routing'

/** «Проверить»: pick sector, topic, district, object type — see which rule matches and why the ones above did not. */
export function CheckBox({ reference, matrix }: { reference: Reference; matrix: Matrix }) {
  const [q, setQ] = useState({ sectorCode: '', topicCode: '', districtCode: '', objectType: '' })
  const [result, setResult] = useState<Resolution | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const set = (k: keyof typeof q, x: string) =>
    setQ((p) => ({ ...p, [k]: x, ...(k === 'sectorCode' ? { topicCode: '' } : {}) }))

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    try {
      setResult(
        await checkResponsibility({
          sectorCode: q.sectorCode || null,
          topicCode: q.topicCode || null,
          districtCode: q.districtCode || null,
          objectType: q.objectType || null,
        }),
      )
    } catch (e) {
      setError(toApiError(e))
    }
  }

  return (
    <form className="card stack-tight" onSubmit={submit} aria-labelledby="check-title">
      <h2 id="check-title">Проверить</h2>
      <SelectField
        id="check-sector"
        label="Сектор"
        value={q.sectorCode}
        onChange={(x) => set('sectorCode', x)}
        placeholder="— не указан —"
        options={reference.sectors.map((s) => ({ value: s.code, label: s.name }))}
      />
      <SelectField
        id="check-topic"
        label="Тема"
        value={q.topicCode}
        onChange={(x) => set('topicCode', x)}
        placeholder="— не указана —"
        options={reference.topics
          .filter((t) => !q.sectorCode || t.sector === q.sectorCode)
          .map((t) => ({ value: t.code, label: t.name }))}
      />
      <SelectField
        id="check-district"
        label="Район"
        value={q.districtCode}
        onChange={(x) => set('districtCode', x)}
        placeholder="— не указан —"
        options={reference.districts.map((d) => ({ value: d.code, label: d.name }))}
      />
      <SelectField
        id="check-object"
        label="Тип объекта"
        value={q.objectType}
        onChange={(x) => set('objectType', x)}
        placeholder="— не указан —"
        options={matrix.objectTypes.map((o) => ({ value: o.code, label: o.name }))}
      />
      <button type="submit" className="btn btn-primary">
        Проверить
      </button>
      <FormError error={error} />
      {result && (
        <div aria-live="polite" className="check-result">
          {result.match ? (
            <>
              <p className="notice notice-success">{result.match.why}</p>
              {result.match.coExecutors.length > 0 && (
                <p>Соисполнители: {result.match.coExecutors.map((u) => u.shortName).join(', ')}</p>
              )}
              {result.match.deputy && <p>Курирующий заместитель: {result.match.deputy.fullName}</p>}
            </>
          ) : (
            <p className="notice">Ни одно правило не подошло: в матрице нет правила по умолчанию.</p>
          )}
          {result.trace.filter((t) => !t.matched).length > 0 && (
            <details>
              <summary>Почему не подошли правила выше</summary>
              <ul className="small">
                {result.trace
                  .filter((t) => !t.matched)
                  .map((t) => (
                    <li key={t.position}>
                      №{t.position}: {t.reason}
                    </li>
                  ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </form>
  )
}
