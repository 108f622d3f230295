import { useEffect, useRef } from 'react'
import { Link } from 'react-router'
import type { SubmittedAppeal } from '../hooks/useSubmitForm'

/** The registration number, the code and the tracking link, big enough to note down from a phone. */
export function SubmitResult({ result, onNext }: { result: SubmittedAppeal; onNext: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])
  const trackPath = `/track/${encodeURIComponent(result.regNumber)}${result.trackingCode ? `?code=${result.trackingCode}` : ''}`
  return (
    <section className="card result" aria-labelledby="submit-result-title">
      <h2 id="submit-result-title" ref={headingRef} tabIndex={-1}>
        Обращение зарегистрировано
      </h2>
      <p className="result-say">Сохраните номер и код — по ним можно проверить ход рассмотрения.</p>
      <dl className="result-codes">
        <div>
          <dt>номер</dt>
          <dd data-testid="reg-number">{result.regNumber}</dd>
        </div>
        {result.trackingCode && (
          <div>
            <dt>код</dt>
            <dd data-testid="tracking-code">{result.trackingCode}</dd>
          </div>
        )}
      </dl>
      <p>
        Ответ придёт в течение 30 дней (Федеральный закон № 59-ФЗ) на указанный вами адрес и появится на
        странице обращения.
      </p>
      <div className="row">
        <Link className="btn btn-primary" to={trackPath}>
          Открыть страницу обращения
        </Link>
        <button type="button" className="btn" onClick={onNext}>
          Подать ещё одно
        </button>
      </div>
      <details className="submitted-text">
        <summary>Текст обращения</summary>
        <p className="prewrap" data-testid="submitted-text">
          {result.text}
        </p>
      </details>
    </section>
  )
}
