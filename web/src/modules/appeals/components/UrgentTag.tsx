/**
 * The urgent mark of lists and the card: «срочно», or «срочно?» while the flag is the model's alone and no person
 * has confirmed it (the appeal is on top of the queue either way).
 */
export function UrgentTag({ appeal }: { appeal: { urgent: boolean; urgentToCheck?: boolean } }) {
  if (!appeal.urgent) return null
  return appeal.urgentToCheck ? (
    <span
      className="tag tag-urgent tag-urgent-check"
      title="Срочным отметила модель, правило не сработало: проверьте и подтвердите или снимите"
    >
      срочно?
    </span>
  ) : (
    <span className="tag tag-urgent">срочно</span>
  )
}
