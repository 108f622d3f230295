import { useCallback, useMemo, useState } from 'react'

/**
 * A checkbox selection over a list that reloads: only ids still in `visible` count as selected (a reload or a page
 * change may drop some), «all» means all of `visible`.
 */
export function useSelection<T extends string | number>(visible: T[]) {
  const [chosen, setChosen] = useState<ReadonlySet<T>>(new Set())
  const selected = useMemo(() => visible.filter((id) => chosen.has(id)), [visible, chosen])

  const toggle = useCallback((id: T, on: boolean) => {
    setChosen((previous) => {
      const next = new Set(previous)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }, [])

  const toggleAll = useCallback((on: boolean) => setChosen(on ? new Set(visible) : new Set()), [visible])

  /** Forgets `ids` (after they were acted on). */
  const drop = useCallback(
    (ids: T[]) => setChosen((previous) => new Set([...previous].filter((id) => !ids.includes(id)))),
    [],
  )

  return { selected, toggle, toggleAll, drop }
}
