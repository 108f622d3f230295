import { answerAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useTextAction } from '../hooks/useTextAction'
import { TextActionForm } from './TextActionForm'

const MIN_LENGTH = 20

/** The executor's answer to the citizen. */
export function AnswerForm({ appeal, onDone }: { appeal: AppealDetail; onDone: (a: AppealDetail) => void }) {
  const action = useTextAction((text) => answerAppeal(appeal.id, text), onDone, MIN_LENGTH)
  return (
    <TextActionForm
      action={action}
      titleId="answer-title"
      title="Ответ заявителю"
      textId="answer-text"
      label="Текст ответа"
      rows={6}
      hint={
        action.tooShort
          ? `Не короче ${MIN_LENGTH} символов (сейчас ${action.length}).`
          : 'Ответ уйдёт заявителю после утверждения координатором.'
      }
      submitLabel="Отправить на утверждение"
      pendingLabel="Сохранение…"
      tone="primary"
    />
  )
}
