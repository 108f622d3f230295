import { useEffect, useRef, useState } from 'react'
import { useDebouncedValue } from '../../platform/hooks/useDebouncedValue'

/**
 * A search box that commits 300 ms after typing stops. It follows the committed value only when it
 * changes from outside (e.g. «Сбросить»), so a late echo of our own commit never eats fresh keystrokes.
 */
export function useSearchBox(value: string, commit: (value: string) => void) {
  const [text, setText] = useState(value)
  const debounced = useDebouncedValue(text, 300)
  const committed = useRef(value)
  const commitRef = useRef(commit)
  commitRef.current = commit

  useEffect(() => {
    if (value === committed.current) return
    committed.current = value
    setText(value)
  }, [value])

  useEffect(() => {
    if (debounced === committed.current) return
    committed.current = debounced
    commitRef.current(debounced)
  }, [debounced])

  const commitNow = () => {
    if (text === committed.current) return
    committed.current = text
    commitRef.current(text)
  }

  return { text, setText, commitNow }
}
