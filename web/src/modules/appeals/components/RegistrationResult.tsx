import { useEffect, useRef } from 'react'
import { Link } from 'react-router'
import { formatDate } from '../../../ui/format'
import type { RegistrationResult as Result } from '../hooks/useRegistrationForm'
import { appealPath } from '../utils/paths'

/** The number and tracking code to read out to the caller, big and clear. */
export function RegistrationResult({ result, onNext }: { result: Result; onNext: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])
  const { appeal, trackingCode } = result
  return (
    <section className="card result" aria-labelledby="result-title">
      <h2 id="result-title" ref={headingRef} tabIndex={-1}>
        {trackingCode ? 'Обращение зарегистрировано' : 'Это обращение уже зарегистрировано'}
      </h2>
      <p className="result-say">Сообщите заявителю:</p>
      <dl className="result-codes">
        <div>
          <dt>номер</dt>
          <dd data-testid="reg-number">{appeal.regNumber}</dd>
        </div>
        {trackingCode && (
          <div>
            <dt>код</dt>
            <dd data-testid="tracking-code">{trackingCode}</dd>
          </div>
        )}
      </dl>
      <p className="muted">
        {trackingCode
          ? 'По номеру и коду заявитель проверит статус и прочитает ответ на странице «Проверить обращение».'
          : 'Код для проверки статуса выдаётся один раз — при первой регистрации.'}
        {appeal.dueAt && <> Срок ответа — до {formatDate(appeal.dueAt)}.</>}
      </p>
      <div className="row">
        <Link className="btn" to={appealPath(appeal.id)}>
          Открыть карточку
        </Link>
        <button type="button" className="btn btn-primary" onClick={onNext}>
          Зарегистрировать следующее
        </button>
      </div>
    </section>
  )
}
