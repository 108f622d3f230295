import type { Reference } from '../../reference/api/reference'
import { DeclineForm } from '../../routing/components/DeclineForm'
import type { AppealDetail } from '../api/types'
import { AnswerForm } from './AnswerForm'
import { ApproveAction } from './ApproveAction'
import { AssignForm } from './AssignForm'
import { InterimAnswerForm } from './InterimAnswerForm'
import { RedirectForm } from './RedirectForm'
import { ReturnForm } from './ReturnForm'

type AppealActionsProps = { reference: Reference; appeal: AppealDetail; onDone: (a: AppealDetail) => void }

/** Exactly the actions the server allows this user now, in workflow order. */
export function AppealActions({ reference, appeal, onDone }: AppealActionsProps) {
  const allowed = new Set(appeal.actions)
  if (allowed.size === 0) return null
  return (
    <section className="card actions" aria-label="Действия">
      {allowed.has('assign') && <AssignForm reference={reference} appeal={appeal} onDone={onDone} />}
      {allowed.has('answer') && <AnswerForm appeal={appeal} onDone={onDone} />}
      {allowed.has('approve') && <ApproveAction appeal={appeal} onDone={onDone} />}
      {allowed.has('return') && <ReturnForm appeal={appeal} onDone={onDone} />}
      {allowed.has('decline') && <DeclineForm appeal={appeal} />}
      {allowed.has('interim_answer') && <InterimAnswerForm appeal={appeal} onDone={onDone} />}
      {allowed.has('redirect') && <RedirectForm appeal={appeal} onDone={onDone} />}
    </section>
  )
}
