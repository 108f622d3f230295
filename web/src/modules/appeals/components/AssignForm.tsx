import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import type { Reference } from '../../reference/api/reference'
import type { AppealDetail } from '../api/types'
import { useAssignForm } from '../hooks/useAssignForm'

type AssignFormProps = { reference: Reference; appeal: AppealDetail; onDone: (a: AppealDetail) => void }

/** Sector, topic and executor unit for the appeal. */
export function AssignForm({ reference, appeal, onDone }: AssignFormProps) {
  const form = useAssignForm(reference, appeal, onDone)
  return (
    <form className="action-form stack-tight" onSubmit={form.submit} aria-labelledby="assign-title">
      <h3 id="assign-title">Назначить исполнителя</h3>
      <Field label="Сектор" htmlFor="assign-sector">
        <select
          id="assign-sector"
          value={form.sectorCode}
          onChange={(e) => form.changeSector(e.target.value)}
        >
          <option value="">— выберите —</option>
          {reference.sectors.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Тема" htmlFor="assign-topic">
        <select
          id="assign-topic"
          value={form.topicCode}
          disabled={form.topics.length === 0}
          onChange={(e) => form.setTopicCode(e.target.value)}
        >
          <option value="">{form.sectorCode ? '— не выбрана —' : '— сначала сектор —'}</option>
          {form.topics.map((t) => (
            <option key={t.code} value={t.code}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Исполнитель" htmlFor="assign-unit">
        <select
          id="assign-unit"
          value={form.unitId}
          disabled={form.units.length === 0}
          onChange={(e) => form.setUnitId(e.target.value)}
        >
          <option value="">{form.sectorCode ? '— выберите подразделение —' : '— сначала сектор —'}</option>
          {form.units.map((u) => (
            <option key={u.id} value={String(u.id)} title={u.name}>
              {u.shortName}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Комментарий исполнителю" htmlFor="assign-note">
        <textarea
          id="assign-note"
          rows={2}
          value={form.note}
          onChange={(e) => form.setNote(e.target.value)}
        />
      </Field>
      <FormError error={form.error} />
      <button type="submit" className="btn btn-primary" disabled={!form.canSubmit}>
        {form.pending ? 'Назначение…' : 'Назначить'}
      </button>
    </form>
  )
}
