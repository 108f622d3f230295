import { type FormEvent, useState } from 'react'
import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { SelectField } from '../../../ui/SelectField'
import { type ApiError, toApiError } from '../../platform/api/http'
import type { Reference } from '../../reference/api/reference'
import { KIND_NAMES, LEVEL_NAMES, type OrgUnit, type OrgUnitInput, saveUnit } from '../api/routing'

type UnitFormProps = {
  reference: Reference
  unit: OrgUnit | null
  units: OrgUnit[]
  readOnly: boolean
  onSaved: (u: OrgUnit) => void
}

const empty: OrgUnitInput = {
  code: '',
  name: '',
  shortName: '',
  kind: 'administration',
  level: 'municipal',
  sectors: [],
  districtCode: null,
  headName: null,
  headPosition: null,
  phone: null,
  email: null,
  address: null,
  workingHours: null,
  parentId: null,
  contacts: [],
}

/** «Иванов И. И. — заместитель — +7 … — mail@…» per line ↔ contacts. */
const contactsToText = (u: OrgUnitInput) =>
  u.contacts.map((c) => [c.name, c.position, c.phone, c.email].filter(Boolean).join(' — ')).join('\n')
function textToContacts(text: string): OrgUnitInput['contacts'] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...rest] = line.split(/\s+[—–-]\s+/)
      const c: OrgUnitInput['contacts'][number] = { name: name.trim() }
      for (const p of rest) {
        if (p.includes('@')) c.email = p
        else if (/^[+\d(]/.test(p)) c.phone = p
        else c.position = p
      }
      return c
    })
}

/** The card of an organisation: everything the directory keeps; the admin edits, others read. */
export function UnitForm({ reference, unit, units, readOnly, onSaved }: UnitFormProps) {
  const [v, setV] = useState<OrgUnitInput>(unit ? { ...unit } : empty)
  const [contacts, setContacts] = useState(contactsToText(unit ?? empty))
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const set = <K extends keyof OrgUnitInput>(k: K, value: OrgUnitInput[K]) =>
    setV((p) => ({ ...p, [k]: value }))
  const text = (
    k:
      | 'code'
      | 'name'
      | 'shortName'
      | 'headName'
      | 'headPosition'
      | 'phone'
      | 'email'
      | 'address'
      | 'workingHours',
    label: string,
  ) => (
    <Field label={label} htmlFor={`unit-${k}`}>
      <input
        id={`unit-${k}`}
        value={v[k] ?? ''}
        readOnly={readOnly}
        onChange={(e) =>
          set(k, e.target.value || (k === 'code' || k === 'name' || k === 'shortName' ? '' : null))
        }
      />
    </Field>
  )

  async function submit(event: FormEvent) {
    event.preventDefault()
    setPending(true)
    setError(null)
    try {
      onSaved(await saveUnit(unit?.id ?? null, { ...v, contacts: textToContacts(contacts) }))
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="stack-tight" onSubmit={submit} aria-label="Карточка организации">
      {text('name', 'Полное наименование')}
      {text('shortName', 'Краткое наименование')}
      {text('code', 'Код (латиница)')}
      <SelectField
        id="unit-kind"
        label="Вид"
        value={v.kind}
        disabled={readOnly}
        onChange={(x) => set('kind', x)}
        placeholder="— выберите —"
        options={Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }))}
      />
      <SelectField
        id="unit-level"
        label="Уровень"
        value={v.level}
        disabled={readOnly}
        onChange={(x) => set('level', x)}
        placeholder="— выберите —"
        options={Object.entries(LEVEL_NAMES).map(([value, label]) => ({ value, label }))}
      />
      <fieldset disabled={readOnly}>
        <legend>Отвечает за секторы</legend>
        {reference.sectors.map((s) => (
          <label key={s.code} className="checkbox">
            <input
              type="checkbox"
              checked={v.sectors.includes(s.code)}
              onChange={(e) =>
                set(
                  'sectors',
                  e.target.checked ? [...v.sectors, s.code] : v.sectors.filter((x) => x !== s.code),
                )
              }
            />{' '}
            {s.name}
          </label>
        ))}
      </fieldset>
      <SelectField
        id="unit-district"
        label="Район (для терруправления)"
        value={v.districtCode ?? ''}
        disabled={readOnly}
        onChange={(x) => set('districtCode', x || null)}
        placeholder="— нет —"
        options={reference.districts.map((d) => ({ value: d.code, label: d.name }))}
      />
      <SelectField
        id="unit-parent"
        label="Входит в"
        value={v.parentId ? String(v.parentId) : ''}
        disabled={readOnly}
        onChange={(x) => set('parentId', x ? Number(x) : null)}
        placeholder="— нет —"
        options={units
          .filter((u) => u.id !== unit?.id && !u.deleted)
          .map((u) => ({ value: String(u.id), label: u.shortName }))}
      />
      {text('headName', 'Руководитель')}
      {text('headPosition', 'Должность руководителя')}
      <Field
        label="Заместители и контакты (по строке: ФИО — должность — телефон — e-mail)"
        htmlFor="unit-contacts"
      >
        <textarea
          id="unit-contacts"
          rows={3}
          value={contacts}
          readOnly={readOnly}
          onChange={(e) => setContacts(e.target.value)}
        />
      </Field>
      {text('phone', 'Телефон')}
      {text('email', 'E-mail')}
      {text('address', 'Адрес')}
      {text('workingHours', 'Часы работы')}
      <FormError error={error} />
      {!readOnly && (
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? 'Сохранение…' : 'Сохранить'}
        </button>
      )}
    </form>
  )
}
