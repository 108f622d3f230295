import type { ApiError } from '../modules/platform/api/http'

/** Shows the server's Russian message and its field details next to a form. */
export function FormError({ error }: { error: ApiError | null }) {
  if (!error) return null
  return (
    <div className="form-error" role="alert">
      {/* With field details the summary line would repeat them with technical paths, so it is replaced. */}
      <p>{error.details.length > 0 ? 'Проверьте поля формы:' : error.message}</p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((detail) => (
            <li key={`${detail.path}:${detail.message}`}>{detail.message}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
