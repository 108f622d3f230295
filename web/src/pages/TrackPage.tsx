import { Link, useParams, useSearchParams } from 'react-router'
import { TrackForm } from '../modules/tracking/components/TrackForm'
import { TrackResult } from '../modules/tracking/components/TrackResult'
import { usePublicAppeal } from '../modules/tracking/hooks/usePublicAppeal'
import { Loading } from '../ui/Loading'
import { Notice } from '../ui/Notice'

/** The citizen's page: number + code → status, history, answer, rating. Works from a deep link too. */
export function TrackPage() {
  const { regNumber } = useParams()
  const [params] = useSearchParams()
  const code = params.get('code')
  const result = usePublicAppeal(regNumber, code)
  const showResult = Boolean(regNumber && code && result.data)
  // A malformed number or code cannot match any appeal: to the citizen both read as "not found".
  const notFound = result.error?.code === 'NOT_FOUND' || result.error?.code === 'VALIDATION_FAILED'

  return (
    <div className="stack">
      <h1>Проверить обращение</h1>
      {!showResult && (
        <>
          <p className="muted">Введите номер обращения и код, которые вам сообщили при регистрации.</p>
          {result.error && (
            <Notice
              tone="danger"
              title={notFound ? 'Обращение не найдено' : 'Не удалось проверить обращение'}
            >
              {notFound ? 'Проверьте номер и код: возможно, в них опечатка.' : result.error.message}
            </Notice>
          )}
          {result.loading && <Loading label="Поиск обращения…" />}
          <TrackForm key={`${regNumber}:${code}`} regNumber={regNumber} code={code ?? undefined} />
        </>
      )}
      {showResult && result.data && code && (
        <>
          <TrackResult appeal={result.data} code={code} onUpdate={result.setData} />
          <div className="row">
            <button type="button" className="btn" onClick={result.reload} disabled={result.loading}>
              {result.loading ? 'Обновление…' : 'Обновить статус'}
            </button>
            <Link to="/track" className="btn btn-link">
              Проверить другое обращение
            </Link>
          </div>
        </>
      )}
    </div>
  )
}
