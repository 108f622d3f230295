import { useState } from 'react'
import { useNavigate } from 'react-router'
import { listAppeals } from '../api/appeals'
import type { Id } from '../api/types'
import { appealPath } from '../utils/paths'

/**
 * «Следующее без исполнителя →» on the card, for those who route: opens the next appeal still waiting for an
 * executor, in the queue's order (urgent first, then newest), without going back to the list.
 */
export function NextWaitingButton({ currentId }: { currentId: Id }) {
  const navigate = useNavigate()
  const [state, setState] = useState<'idle' | 'loading' | 'none' | 'failed'>('idle')

  async function next() {
    setState('loading')
    try {
      const page = await listAppeals({ waiting: true, limit: 2, offset: 0 })
      const target = page.items.find((i) => String(i.id) !== String(currentId))
      if (!target) {
        setState('none')
        return
      }
      setState('idle')
      navigate(appealPath(target.id))
    } catch {
      setState('failed')
    }
  }

  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void next()}
        disabled={state === 'loading'}
        title="Следующее обращение, которому ещё не назначен исполнитель"
      >
        Следующее без исполнителя →
      </button>
      <span className="muted small" aria-live="polite">
        {state === 'none' && 'Обращений без исполнителя больше нет.'}
        {state === 'failed' && 'Не удалось получить список — обновите страницу.'}
      </span>
    </>
  )
}
