import type { KeyboardEvent } from 'react'

const FIELD_SELECTOR =
  'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])'

/**
 * Keyboard-first forms: Enter in a one-line field moves to the next field instead of submitting
 * half a form; Ctrl+Enter (⌘+Enter) submits from anywhere.
 */
export function handleFormKeyDown(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter') return
  const form = event.currentTarget
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault()
    form.requestSubmit()
    return
  }
  const target = event.target as HTMLElement
  // Textareas keep Enter for new lines; buttons and links keep it for activation.
  if (!(target instanceof HTMLInputElement) || ['submit', 'button', 'reset'].includes(target.type)) return
  event.preventDefault()
  const fields = Array.from(form.querySelectorAll<HTMLElement>(FIELD_SELECTOR))
  const next = fields[fields.indexOf(target) + 1]
  next?.focus()
}
