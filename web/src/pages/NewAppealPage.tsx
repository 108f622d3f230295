import { RegistrationForm } from '../modules/appeals/components/RegistrationForm'
import { RegistrationResult } from '../modules/appeals/components/RegistrationResult'
import { useRegistrationForm } from '../modules/appeals/hooks/useRegistrationForm'
import { useReference } from '../modules/reference/hooks/useReference'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'

/** Registration of an appeal taken by phone. */
export function NewAppealPage() {
  const reference = useReference()
  const form = useRegistrationForm()
  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>Новое обращение по телефону</h1>
      </div>
      {form.result ? (
        <RegistrationResult result={form.result} onNext={form.reset} />
      ) : reference.data ? (
        <RegistrationForm form={form} reference={reference.data} />
      ) : reference.error ? (
        <FormError error={reference.error} />
      ) : (
        <Loading />
      )}
    </div>
  )
}
