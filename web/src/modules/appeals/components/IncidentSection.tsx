import { Link } from 'react-router'
import { FormError } from '../../../ui/FormError'
import { splitAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useAppealAction } from '../hooks/useAppealAction'
import { appealPath } from '../utils/paths'

/** «Инцидент»: the main appeal of a member (with «Отделить»), or the members of a main with their channels. */
export function IncidentSection({
  appeal,
  onDone,
}: {
  appeal: AppealDetail
  onDone: (a: AppealDetail) => void
}) {
  const action = useAppealAction(onDone)
  const { main, members } = appeal.incident
  const canSplit = appeal.actions.includes('split')
  if (!main && members.length === 0 && !canSplit) return null
  return (
    <section className="card stack-tight" aria-labelledby="incident-title">
      <h2 id="incident-title">Инцидент</h2>
      {main ? (
        <p>
          Та же проблема, что в обращении <Link to={appealPath(main.id)}>{main.regNumber}</Link>: ответ по
          нему получит и этот заявитель.
        </p>
      ) : (
        members.length > 0 && (
          <>
            <p className="muted small">
              Главное обращение. Ответ получат все заявители — каждый через свой канал.
            </p>
            <ul className="compact-list">
              {members.map((m) => (
                <li key={m.id}>
                  <Link to={appealPath(m.id)}>{m.regNumber}</Link>{' '}
                  <span className="muted small">{m.channel.name}</span>
                </li>
              ))}
            </ul>
          </>
        )
      )}
      {canSplit && (
        <>
          <FormError error={action.error} />
          <button
            type="button"
            className="btn btn-small"
            disabled={action.pending}
            onClick={() => action.run(() => splitAppeal(appeal.id))}
          >
            {action.pending ? 'Отделение…' : 'Отделить'}
          </button>
        </>
      )}
    </section>
  )
}
