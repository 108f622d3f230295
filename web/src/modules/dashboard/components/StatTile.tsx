import { useId } from 'react'

type StatTileProps = {
  label: string
  value: string
  note?: string
  tone?: 'default' | 'danger' | 'good'
}

/** A big number with its caption. */
export function StatTile({ label, value, note, tone = 'default' }: StatTileProps) {
  const id = useId()
  return (
    <section className={`tile tile-${tone}`} aria-labelledby={id}>
      <div className="tile-label" id={id}>
        {label}
      </div>
      <div className="tile-value" data-testid="tile-value">
        {value}
      </div>
      {note && <div className="tile-note">{note}</div>}
    </section>
  )
}
