import { Link } from 'react-router'
import { SubmitForm } from '../modules/submit/components/SubmitForm'
import { SubmitResult } from '../modules/submit/components/SubmitResult'
import { useSubmitForm } from '../modules/submit/hooks/useSubmitForm'
import { Loading } from '../ui/Loading'
import { Notice } from '../ui/Notice'

/** The citizen portal's appeal form (no login); mobile first. */
export function SubmitPage() {
  const form = useSubmitForm()
  return (
    <div className="stack">
      <h1>Сообщить о проблеме</h1>
      {form.result ? (
        <SubmitResult result={form.result} onNext={form.reset} />
      ) : form.info ? (
        <>
          <p className="muted">
            Обращение зарегистрирует Муниципальный центр управления Смоленска и направит тем, кто отвечает за
            вопрос. Уже отправили? <Link to="/track">Проверить обращение</Link>
          </p>
          <SubmitForm form={form} />
        </>
      ) : form.loadError ? (
        <Notice tone="danger" title="Форма не загрузилась">
          <p>{form.loadError.message}</p>
          <button type="button" className="btn" onClick={() => void form.reload()}>
            Попробовать ещё раз
          </button>
        </Notice>
      ) : (
        <Loading label="Загрузка формы…" />
      )}
    </div>
  )
}
