import type { SelectOption } from '../../../ui/Select'
import type { CodeName, Unit } from '../api/reference'

/** Select options of a code/name list: the code is the value, the name the label. */
export function codeNameOptions(items: CodeName[]): SelectOption[] {
  return items.map((item) => ({ value: item.code, label: item.name }))
}

/** Select options of executor units: the id is the value, the short name the label, the full name the tooltip. */
export function unitOptions(units: Unit[]): SelectOption[] {
  return units.map((unit) => ({ value: String(unit.id), label: unit.shortName, title: unit.name }))
}
