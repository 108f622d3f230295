import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import { isRegNumber, normaliseCode, normaliseRegNumber, trackPath } from '../utils/trackInput'

/** The number + code form; submitting opens the deep link, which does the lookup. */
export function useTrackForm(initialRegNumber = '', initialCode = '') {
  const navigate = useNavigate()
  const [regNumber, setRegNumber] = useState(initialRegNumber)
  const [code, setCode] = useState(initialCode)
  const [error, setError] = useState<string | null>(null)

  function submit(event: FormEvent) {
    event.preventDefault()
    const number = normaliseRegNumber(regNumber)
    const digits = normaliseCode(code)
    if (!number) return setError('Введите номер обращения.')
    if (!isRegNumber(number)) return setError('Номер обращения выглядит так: О-2026-000123.')
    if (digits.length !== 6) return setError('Код состоит из 6 цифр.')
    setError(null)
    navigate(trackPath(number, digits))
  }

  return { regNumber, setRegNumber, code, setCode: (v: string) => setCode(normaliseCode(v)), error, submit }
}
