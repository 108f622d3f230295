import { useRef } from 'react'
import { DeadLetterTable } from '../modules/channels/components/DeadLetterTable'
import { useDeadLetters } from '../modules/channels/hooks/useDeadLetters'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'

/**
 * «Недоставленное»: answers, status notices, ПОС pushes and e-mail acknowledgements that failed every
 * retry. The operator fixes the cause (the peer is back, the address corrected) and sends them again.
 */
export function DeadLettersPage() {
  const list = useDeadLetters()
  const statusRef = useRef<HTMLDivElement>(null)

  async function replay(ids: number[]) {
    await list.replay(ids)
    // The replayed rows leave the list: keep the keyboard on the line that says what happened.
    requestAnimationFrame(() => statusRef.current?.focus())
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Недоставленное</h1>
        {list.data && <span className="muted">заданий: {list.items.length}</span>}
        <div className="page-head-actions">
          <button
            type="button"
            className="btn btn-small btn-primary"
            onClick={() => void replay(list.selected)}
            disabled={list.pending || list.selected.length === 0}
          >
            Повторить выбранные{list.selected.length > 0 ? ` (${list.selected.length})` : ''}
          </button>
          <button type="button" className="btn btn-small" onClick={list.reload}>
            Обновить
          </button>
        </div>
      </div>
      <p className="muted">
        Ответы, уведомления о статусе, передачи в ПОС и подтверждения писем, которые не прошли после всех
        повторных попыток. Устраните причину (канал снова доступен, адрес исправлен) и повторите отправку.
      </p>
      <div ref={statusRef} tabIndex={-1} aria-live="polite" className="dead-letter-status">
        {list.said && <div className="notice notice-success">{list.said}</div>}
      </div>
      <FormError error={list.actionError ?? list.error} />
      {!list.data && list.loading && <Loading />}
      {list.data && list.items.length === 0 && <p className="empty">Всё доставлено.</p>}
      {list.data && list.items.length > 0 && (
        <div className={list.loading ? 'is-stale' : undefined}>
          <DeadLetterTable
            items={list.items}
            selected={list.selected}
            disabled={list.pending}
            onToggle={list.toggle}
            onToggleAll={list.toggleAll}
            onReplay={(id) => void replay([id])}
          />
        </div>
      )}
    </div>
  )
}
