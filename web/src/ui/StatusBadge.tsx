/** Colour family of each status code; unknown codes get the neutral look. */
const TONES: Record<string, string> = {
  registered: 'new',
  moderation: 'new',
  routing: 'new',
  in_work: 'work',
  returned: 'alert',
  answer_prepared: 'review',
  answer_approved: 'review',
  answered: 'done',
  rated: 'done',
  closed: 'muted',
  redirected: 'muted',
  rejected: 'muted',
}

/** A status pill. */
export function StatusBadge({ code, name }: { code: string; name: string }) {
  return <span className={`badge badge-${TONES[code] ?? 'muted'}`}>{name}</span>
}
