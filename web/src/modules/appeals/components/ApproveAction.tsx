import { FormError } from '../../../ui/FormError'
import { approveAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useAppealAction } from '../hooks/useAppealAction'

/** Approves the prepared answer; it is then sent to the citizen automatically. */
export function ApproveAction({
  appeal,
  onDone,
}: {
  appeal: AppealDetail
  onDone: (a: AppealDetail) => void
}) {
  const action = useAppealAction(onDone)
  return (
    <section className="action-form stack-tight" aria-labelledby="approve-title">
      <h3 id="approve-title">Утверждение ответа</h3>
      <p className="muted small">После утверждения ответ будет направлен заявителю автоматически.</p>
      <FormError error={action.error} />
      <button
        type="button"
        className="btn btn-primary"
        disabled={action.pending}
        onClick={() => action.run(() => approveAppeal(appeal.id))}
      >
        {action.pending ? 'Утверждение…' : 'Утвердить ответ'}
      </button>
    </section>
  )
}
