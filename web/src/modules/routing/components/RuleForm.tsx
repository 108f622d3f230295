import { type FormEvent, useState } from 'react'
import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { SelectField } from '../../../ui/SelectField'
import { type ApiError, toApiError } from '../../platform/api/http'
import type { Reference } from '../../reference/api/reference'
import { createRule, type Matrix, type Rule, type RuleInput, updateRule } from '../api/routing'

type RuleFormProps = {
  reference: Reference
  matrix: Matrix
  rule: Rule | null
  onSaved: (m: Matrix) => void
  onCancel: () => void
}

/** Adds or edits one rule; the server checks the whole matrix and answers in Russian what is wrong. */
export function RuleForm({ reference, matrix, rule, onSaved, onCancel }: RuleFormProps) {
  const [v, setV] = useState<RuleInput>({
    sectorCode: rule?.sectorCode ?? null,
    topicCode: rule?.topicCode ?? null,
    districtCode: rule?.districtCode ?? null,
    objectType: rule?.objectType ?? null,
    unitId: rule?.unit.id ?? 0,
    coExecutorIds: rule?.coExecutors.map((u) => u.id) ?? [],
    deputyUserId: rule?.deputy?.id ?? null,
    note: rule?.note ?? null,
    position: rule?.number ?? null,
  })
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const set = <K extends keyof RuleInput>(k: K, value: RuleInput[K]) => setV((p) => ({ ...p, [k]: value }))
  const units = reference.units.filter((u) => !v.sectorCode || u.sectors.includes(v.sectorCode))
  const topics = reference.topics.filter((t) => !v.sectorCode || t.sector === v.sectorCode)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setPending(true)
    setError(null)
    try {
      onSaved(rule ? await updateRule(rule.id, v) : await createRule(v))
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="card stack-tight" onSubmit={submit} aria-labelledby="rule-title">
      <h2 id="rule-title">{rule ? `Правило №${rule.number}` : 'Новое правило'}</h2>
      <p className="muted small">Пустое условие — «любой». Первое подошедшее правило побеждает.</p>
      <SelectField
        id="rule-sector"
        label="Сектор"
        value={v.sectorCode ?? ''}
        onChange={(x) => setV((p) => ({ ...p, sectorCode: x || null, topicCode: null }))}
        placeholder="— любой —"
        options={reference.sectors.map((s) => ({ value: s.code, label: s.name }))}
      />
      <SelectField
        id="rule-topic"
        label="Тема"
        value={v.topicCode ?? ''}
        onChange={(x) => set('topicCode', x || null)}
        placeholder="— любая —"
        options={topics.map((t) => ({ value: t.code, label: t.name }))}
      />
      <SelectField
        id="rule-district"
        label="Район"
        value={v.districtCode ?? ''}
        onChange={(x) => set('districtCode', x || null)}
        placeholder="— любой —"
        options={reference.districts.map((d) => ({ value: d.code, label: d.name }))}
      />
      <SelectField
        id="rule-object"
        label="Тип объекта"
        value={v.objectType ?? ''}
        onChange={(x) => set('objectType', x || null)}
        placeholder="— любой —"
        options={matrix.objectTypes.map((o) => ({ value: o.code, label: o.name }))}
      />
      <SelectField
        id="rule-unit"
        label="Исполнитель"
        value={v.unitId ? String(v.unitId) : ''}
        onChange={(x) => set('unitId', Number(x) || 0)}
        placeholder="— выберите —"
        options={units.map((u) => ({ value: String(u.id), label: u.shortName }))}
      />
      <Field label="Соисполнители (Ctrl — несколько)" htmlFor="rule-co">
        <select
          id="rule-co"
          multiple
          size={5}
          value={v.coExecutorIds.map(String)}
          onChange={(e) =>
            set(
              'coExecutorIds',
              [...e.target.selectedOptions].map((o) => Number(o.value)),
            )
          }
        >
          {reference.units.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {u.shortName}
            </option>
          ))}
        </select>
      </Field>
      <SelectField
        id="rule-deputy"
        label="Курирующий заместитель"
        value={v.deputyUserId ?? ''}
        onChange={(x) => set('deputyUserId', x || null)}
        placeholder="— не указан —"
        options={matrix.deputies.map((d) => ({ value: d.id, label: d.fullName }))}
      />
      <Field label="Позиция (с 1)" htmlFor="rule-position">
        <input
          id="rule-position"
          type="number"
          min={1}
          value={v.position ?? ''}
          onChange={(e) => set('position', e.target.value ? Number(e.target.value) : null)}
        />
      </Field>
      <Field label="Примечание" htmlFor="rule-note">
        <input id="rule-note" value={v.note ?? ''} onChange={(e) => set('note', e.target.value || null)} />
      </Field>
      <FormError error={error} />
      <div className="page-head-actions">
        <button type="submit" className="btn btn-primary" disabled={pending || !v.unitId}>
          {pending ? 'Сохранение…' : 'Сохранить правило'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Отмена
        </button>
      </div>
    </form>
  )
}
