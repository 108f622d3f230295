import { Link } from 'react-router'
import type { AppealUnderstanding } from '../api/types'

const percent = (p: number) => `${Math.round(p * 100)} %`

/** What Вече understood: urgency, address, request or noise, possible duplicates, what was filled in. */
export function UnderstandingPanel({ u }: { u: AppealUnderstanding }) {
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
