import { type FormEvent, useState } from 'react'
import type { AppealDetail } from '../api/types'
import { useAppealAction } from './useAppealAction'

/** The state of a one-textarea action form, as `useTextAction` returns it. */
export type TextAction = ReturnType<typeof useTextAction>

/** A one-textarea action (answer, return with reason) with a minimum length. */
export function useTextAction(
  send: (text: string) => Promise<AppealDetail>,
  onDone: (a: AppealDetail) => void,
  minLength: number,
) {
  const [text, setText] = useState('')
  const action = useAppealAction(onDone)
  const length = text.trim().length

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (length < minLength) return
    const ok = await action.run(() => send(text.trim()))
    if (ok) setText('')
  }

  return {
    text,
    setText,
    length,
    tooShort: length < minLength,
    submit,
    pending: action.pending,
    error: action.error,
  }
}
