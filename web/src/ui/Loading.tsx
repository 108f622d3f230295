/** A quiet loading line; announced to screen readers. */
export function Loading({ label = 'Загрузка…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  )
}
