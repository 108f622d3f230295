import { sendInterimAnswer } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useTextAction } from '../hooks/useTextAction'
import { TextActionForm } from './TextActionForm'

/** The server's minimum for an interim answer (interim-answer.routes.ts). */
const MIN_LENGTH = 10

/** What is being done and when to expect it, told to the citizen while the appeal stays open. */
export function InterimAnswerForm({
  appeal,
  onDone,
}: {
  appeal: AppealDetail
  onDone: (a: AppealDetail) => void
}) {
  const action = useTextAction((text) => sendInterimAnswer(appeal.id, text), onDone, MIN_LENGTH)
  return (
    <TextActionForm
      action={action}
      titleId="interim-title"
      title="Промежуточный ответ заявителю"
      textId="interim-text"
      label="Что делается и когда ждать результата"
      rows={3}
      hint={
        action.tooShort && action.length > 0
          ? `Не короче ${MIN_LENGTH} символов (сейчас ${action.length}).`
          : 'Например: «работы запланированы на май». Статус не меняется; заявитель увидит ответ в истории и в своём канале.'
      }
      submitLabel="Отправить заявителю"
      pendingLabel="Отправка…"
      tone="primary"
    />
  )
}
