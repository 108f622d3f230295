import { Link } from 'react-router'
import type { AppealDetail, AppealUnderstanding } from '../api/types'
import { MergeButton } from './MergeButton'

const percent = (p: number) => `${Math.round(p * 100)} %`

/**
 * What Вече understood: urgency, address, request or noise, possible duplicates (the operator confirms one
 * with «объединить»), what was filled in.
 */
export function UnderstandingPanel({
  u,
  appeal,
  onDone,
}: {
  u: AppealUnderstanding
  appeal: AppealDetail
  onDone: (a: AppealDetail) => void
}) {
  const canMerge = appeal.actions.includes('merge')
  // Candidates already in this appeal's incident need no button.
  const inIncident = new Set<number>([
    ...(appeal.incident.main ? [appeal.incident.main.id] : []),
    ...appeal.incident.members.map((m) => m.id),
  ])
  return (
    <div className="stack-tight understanding">
      {u.urgent && (
        <div className="notice notice-danger">
          <strong>Срочно:</strong>
          <ul>
            {u.urgencyReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="facts">
        <dt>Адрес из текста</dt>
        <dd>
          {u.address.street ? `${u.address.street}${u.address.house ? `, ${u.address.house}` : ''}` : '—'}
          <div className="muted small">{u.address.reason}</div>
        </dd>
        <dt>Запрос или шум</dt>
        <dd>
          {u.isRequest ? 'запрос' : 'похоже на шум'} ({percent(u.requestConfidence)})
        </dd>
        {u.applied.length > 0 && (
          <>
            <dt>Заполнено автоматически</dt>
            <dd>{u.applied.join(', ')}</dd>
          </>
        )}
      </dl>
      {u.duplicates.length > 0 && (
        <div>
          <h3>Возможно, та же проблема</h3>
          <ul className="compact-list">
            {u.duplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/appeals/${d.id}`}>{d.regNumber}</Link>{' '}
                <span className="muted small">{d.reasons.join(', ')}</span>
                {inIncident.has(d.id) ? (
                  <div className="muted small">в одном инциденте с этим обращением</div>
                ) : (
                  canMerge && <MergeButton appeal={appeal} intoId={d.id} onDone={onDone} />
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {u.notes.length > 0 && <p className="muted small">{u.notes.join('; ')}</p>}
      <p className="muted small">Модель {u.model}</p>
    </div>
  )
}
