import { type FormEvent, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { type ApiError, toApiError } from '../../platform/api/http'
import { homePathFor, safeNextPath } from '../utils/roleAccess'
import { useSession } from './useSession'

/** State and submit of the staff login form; goes to `?next=` or the role's home on success. */
export function useLoginForm() {
  const { signIn } = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (pending) return
    setPending(true)
    setError(null)
    try {
      const user = await signIn(login.trim(), password)
      navigate(safeNextPath(params.get('next')) ?? homePathFor(user.role), { replace: true })
    } catch (e) {
      setError(toApiError(e))
      setPending(false)
    }
  }

  return { login, setLogin, password, setPassword, pending, error, submit }
}
