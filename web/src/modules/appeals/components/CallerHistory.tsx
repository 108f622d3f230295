import { Loading } from '../../../ui/Loading'
import { useCallerHistory } from '../hooks/useCallerHistory'
import { CALLER_HISTORY_LIMIT } from '../utils/callerHistory'
import { CallerHistoryRow } from './CallerHistoryRow'

type CallerHistoryProps = {
  /** The first applicant's phone and ФИО exactly as typed. */
  phone: string
  name: string
}

/**
 * «Прежние обращения заявителя»: what this caller has already asked about, through any channel, found
 * while the operator types. It never takes the focus, so typing and Enter/Ctrl+Enter work as before.
 */
export function CallerHistory({ phone, name }: CallerHistoryProps) {
  const state = useCallerHistory(phone, name)
  const loading = state.status === 'loading'
  // While a new lookup runs, the previous results stay on screen, dimmed.
  const items = state.status === 'ready' || loading ? state.items : null
  const shown = items && items.length > 0 ? items : null
  const found = state.status === 'ready' ? state.items.length : 0
  return (
    <section className="caller-history" aria-labelledby="caller-history-title" aria-busy={loading}>
      <div className="caller-history-head">
        <h2 id="caller-history-title">Прежние обращения заявителя</h2>
        <span className="muted small" aria-live="polite">
          {found > 0 && (found >= CALLER_HISTORY_LIMIT ? `последние ${found}` : `найдено: ${found}`)}
          {loading && shown && 'ищем…'}
        </span>
      </div>
      {state.status === 'idle' && (
        <p className="muted">
          Начните вводить телефон или фамилию — здесь появятся прежние обращения из всех каналов
        </p>
      )}
      {loading && !shown && <Loading label="Ищем прежние обращения…" />}
      {state.status === 'error' && (
        <div className="field-error" role="alert">
          {state.error.message}{' '}
          <button type="button" className="btn btn-link" onClick={state.retry}>
            Повторить
          </button>
        </div>
      )}
      {state.status === 'ready' && found === 0 && <p className="muted">Прежних обращений не найдено</p>}
      {shown && (
        <>
          <ol className={loading ? 'caller-list is-stale' : 'caller-list'}>
            {shown.map((item) => (
              <CallerHistoryRow key={item.id} item={item} />
            ))}
          </ol>
          <p className="muted small caller-history-note">
            Номер открывает карточку в новой вкладке — введённое в форму сохранится.
          </p>
        </>
      )}
    </section>
  )
}
