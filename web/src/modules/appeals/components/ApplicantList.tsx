import type { Applicant } from '../api/types'

/** Applicants (several for a collective appeal); personal data may arrive masked for some roles. */
export function ApplicantList({ applicants }: { applicants: Applicant[] }) {
  if (applicants.length === 0) return <p className="muted">Заявитель не указан (анонимное сообщение).</p>
  return (
    <ul className="applicants">
      {applicants.map((a, index) => (
        // Applicants have no id of their own and never reorder on screen.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={index}>
          <strong>{a.fullName || 'Без имени'}</strong>
          {index > 0 && <span className="muted small"> · соавтор</span>}
          <div className="applicant-contacts">
            {a.phone && <span>тел. {a.phone}</span>}
            {a.email && <span>{a.email}</span>}
            {a.postalAddress && <span>{a.postalAddress}</span>}
          </div>
        </li>
      ))}
    </ul>
  )
}
