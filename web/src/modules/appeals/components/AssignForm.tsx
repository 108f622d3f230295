import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { SelectField } from '../../../ui/SelectField'
import type { Reference } from '../../reference/api/reference'
import { codeNameOptions, unitOptions } from '../../reference/utils/options'
import type { AppealDetail } from '../api/types'
import { useAssignForm } from '../hooks/useAssignForm'
import { SuggestionChips } from './SuggestionChips'

type AssignFormProps = { reference: Reference; appeal: AppealDetail; onDone: (a: AppealDetail) => void }

/** Sector, topic and executor unit for the appeal. */
export function AssignForm({ reference, appeal, onDone }: AssignFormProps) {
  const form = useAssignForm(reference, appeal, onDone)
  return (
    <form className="action-form stack-tight" onSubmit={form.submit} aria-labelledby="assign-title">
      <h3 id="assign-title">Назначить исполнителя</h3>
      <SelectField
        id="assign-sector"
        label="Сектор"
        value={form.sectorCode}
        onChange={form.changeSector}
        placeholder="— выберите —"
        options={codeNameOptions(reference.sectors)}
      />
      {appeal.understanding && appeal.understanding.sectors.length > 0 && (
        <SuggestionChips
          label="Вече предлагает сектор"
          items={appeal.understanding.sectors}
          current={form.sectorCode}
          onPick={form.changeSector}
        />
      )}
      <SelectField
        id="assign-topic"
        label="Тема"
        value={form.topicCode}
        disabled={form.topics.length === 0}
        onChange={form.setTopicCode}
        placeholder={form.sectorCode ? '— не выбрана —' : '— сначала сектор —'}
        options={codeNameOptions(form.topics)}
      />
      {appeal.understanding && appeal.understanding.topics.length > 0 && (
        <SuggestionChips
          label="Вече предлагает тему"
          items={appeal.understanding.topics}
          current={form.topicCode}
          onPick={form.pickTopic}
        />
      )}
      {form.objectTypes.length > 0 && (
        <SelectField
          id="assign-object"
          label="Тип объекта"
          value={form.objectType}
          onChange={form.setObjectType}
          placeholder="— не указан —"
          options={form.objectTypes.map((o) => ({ value: o.code, label: o.name }))}
        />
      )}
      <SelectField
        id="assign-unit"
        label="Исполнитель"
        value={form.unitId}
        disabled={form.units.length === 0}
        onChange={form.setUnitId}
        placeholder={form.sectorCode ? '— выберите подразделение —' : '— сначала сектор —'}
        options={unitOptions(form.units)}
      />
      {form.matrix && (
        <p className="muted small assign-why" aria-live="polite">
          По матрице: {form.matrix.why}
          {form.matrix.coExecutors.length > 0 &&
            ` Соисполнители: ${form.matrix.coExecutors.map((u) => u.shortName).join(', ')}.`}
        </p>
      )}
      <Field
        label={form.reassigning ? 'Причина переназначения (обязательно)' : 'Комментарий исполнителю'}
        htmlFor="assign-note"
      >
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
