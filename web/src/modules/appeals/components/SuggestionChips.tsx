import type { Suggestion } from '../api/types'

type SuggestionChipsProps = {
  label: string
  items: Suggestion[]
  current: string
  onPick: (code: string) => void
}

const percent = (p: number) => `${Math.round(p * 100)} %`

/** Top-3 suggestions of the understanding step as buttons; the chosen one is pressed. */
export function SuggestionChips({ label, items, current, onPick }: SuggestionChipsProps) {
  return (
    <fieldset className="model-suggestions">
      <legend className="model-suggestions-label">{label}:</legend>
      <div className="model-suggestions-row">
        {items.map((s) => (
          <button
            key={s.code}
            type="button"
            className="chip"
            aria-pressed={s.code === current}
            title={`уверенность ${percent(s.p)}`}
            onClick={() => onPick(s.code)}
          >
            {s.name} <span className="chip-p">{percent(s.p)}</span>
          </button>
        ))}
      </div>
    </fieldset>
  )
}
