import { FormError } from '../../../ui/FormError'
import { mergeAppeal } from '../api/appeals'
import type { AppealDetail, Id } from '../api/types'
import { useAppealAction } from '../hooks/useAppealAction'

/** «Это та же проблема — объединить»: the appeal joins the incident of the candidate `intoId`. */
export function MergeButton({
  appeal,
  intoId,
  onDone,
}: {
  appeal: AppealDetail
  intoId: Id
  onDone: (a: AppealDetail) => void
}) {
  const action = useAppealAction(onDone)
  return (
    <div className="stack-tight">
      <button
        type="button"
        className="btn btn-small"
        disabled={action.pending}
        onClick={() => action.run(() => mergeAppeal(appeal.id, intoId))}
      >
        {action.pending ? 'Объединение…' : 'Это та же проблема — объединить'}
      </button>
      <FormError error={action.error} />
    </div>
  )
}
