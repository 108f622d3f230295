import type { SubmitForm } from '../hooks/useSubmitForm'

/** The citizen's guess of the category: a hint for the coordinator, who decides where the appeal goes. */
export function CategoryHint({ form }: { form: SubmitForm }) {
  const sectors = form.info?.sectors ?? []
  const options = [...sectors, { code: '', name: 'Не знаю' }]
  return (
    <fieldset className="chips-fieldset">
      <legend>Тема (необязательно)</legend>
      <div className="chips" role="radiogroup" aria-label="Тема обращения">
        {options.map((s) => (
          <label key={s.code || 'none'} className="chip">
            <input
              type="radio"
              name="sectorHint"
              value={s.code}
              checked={form.draft.sectorHint === s.code}
              onChange={() => form.set('sectorHint', s.code)}
            />
            <span>{s.name}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
