import { returnAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useTextAction } from '../hooks/useTextAction'
import { TextActionForm } from './TextActionForm'

/** Sends the prepared answer back to the executor with a reason. */
export function ReturnForm({ appeal, onDone }: { appeal: AppealDetail; onDone: (a: AppealDetail) => void }) {
  const action = useTextAction((reason) => returnAppeal(appeal.id, reason), onDone, 1)
  return (
    <TextActionForm
      action={action}
      titleId="return-title"
      title="Вернуть на доработку"
      textId="return-reason"
      label="Причина возврата"
      rows={3}
      submitLabel="Вернуть исполнителю"
      pendingLabel="Возврат…"
      tone="danger"
    />
  )
}
