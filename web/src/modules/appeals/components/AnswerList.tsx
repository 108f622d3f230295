import { formatDateTime } from '../../../ui/format'
import { StatusBadge } from '../../../ui/StatusBadge'
import type { Answer } from '../api/types'

/** Answers prepared for the appeal (the last one is current). */
export function AnswerList({ answers }: { answers: Answer[] }) {
  if (answers.length === 0) return <p className="muted">Ответ ещё не подготовлен.</p>
  return (
    <ul className="answers">
      {answers.map((answer) => (
        <li key={answer.id} className="answer">
          <div className="answer-head">
            <StatusBadge code={answer.status.code} name={answer.status.name} />
            <span className="muted small">
              {answer.author}, {formatDateTime(answer.createdAt)}
              {answer.approvedAt && (
                <>
                  {' '}
                  · утверждён {formatDateTime(answer.approvedAt)}
                  {answer.approvedBy && <>, {answer.approvedBy}</>}
                </>
              )}
            </span>
          </div>
          <p className="prewrap">{answer.text}</p>
        </li>
      ))}
    </ul>
  )
}
