import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import type { AppealDetail } from '../../appeals/api/types'
import { type ApiError, toApiError } from '../../platform/api/http'
import { declineAppeal } from '../api/routing'

/** «Не наша компетенция»: the executor returns the appeal to the МЦУ for routing, with a required reason. */
export function DeclineForm({ appeal }: { appeal: AppealDetail }) {
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const navigate = useNavigate()

  async function submit(event: FormEvent) {
    event.preventDefault()
    setPending(true)
    setError(null)
    try {
      const r = await declineAppeal(appeal.id, reason)
      // The unit no longer holds the appeal: back to its queue with a note.
      navigate('/queue', { state: { notice: `${r.regNumber} возвращено в МЦУ на маршрутизацию` } })
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="action-form stack-tight" onSubmit={submit} aria-labelledby="decline-title">
      <h3 id="decline-title">Не наша компетенция</h3>
      <Field label="Причина (обязательно)" htmlFor="decline-reason">
        <textarea id="decline-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormError error={error} />
      <button type="submit" className="btn btn-danger" disabled={pending || reason.trim() === ''}>
        {pending ? 'Возврат…' : 'Вернуть на маршрутизацию'}
      </button>
    </form>
  )
}
