import { useRef, useState } from 'react'
import { ReviewCard } from '../modules/review/components/ReviewCard'
import { REVIEW_PAGE_SIZE, useReviewList } from '../modules/review/hooks/useReviewList'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'
import { Pager } from '../ui/Pager'

const SCREEN_READER_ONLY = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const

/**
 * «Проверка»: social-network items the noise check kept out of the work queue. The operator accepts
 * what is a real request (it goes to coordination) or rejects noise with a reason.
 */
export function ReviewPage() {
  const list = useReviewList()
  const [said, setSaid] = useState('')
  const listRef = useRef<HTMLDivElement>(null)

  return (
    <div className="page">
      <div className="page-head">
        <h1>Проверка</h1>
        {list.data && <span className="muted">на проверке: {list.data.total}</span>}
        <div className="page-head-actions">
          <button type="button" className="btn btn-small" onClick={list.reload}>
            Обновить
          </button>
        </div>
      </div>
      <p className="muted">
        Сообщения из соцсетей, которые автоматическая проверка сочла шумом (реклама, пустые, только
        благодарность…). В рабочую очередь они не попадают, пока их не примут.
      </p>
      <p aria-live="polite" style={SCREEN_READER_ONLY}>
        {said}
      </p>
      <FormError error={list.error} />
      {!list.data && list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="empty">Проверять нечего.</p>}
      {list.data && list.data.items.length > 0 && (
        <div ref={listRef} className={list.loading ? 'is-stale' : undefined}>
          {list.data.items.map((item) => (
            <ReviewCard
              key={item.id}
              item={item}
              onDecided={(d, verb) => {
                setSaid(`${d.regNumber}: ${verb}`)
                list.reload()
                // Keep the keyboard in the list: focus the first button of what is now first.
                requestAnimationFrame(() =>
                  listRef.current?.querySelector<HTMLButtonElement>('button')?.focus(),
                )
              }}
            />
          ))}
          <Pager
            offset={list.offset}
            limit={REVIEW_PAGE_SIZE}
            total={list.data.total}
            onChange={list.setOffset}
          />
        </div>
      )}
    </div>
  )
}
