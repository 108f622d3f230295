import { type FormEvent, useState } from 'react'
import type { Reference } from '../../reference/api/reference'
import { topicsForSector, unitsForSector } from '../../reference/utils/filters'
import { assignAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useAppealAction } from './useAppealAction'

/** The assign form: sector → its topics and executor units → POST assign. */
export function useAssignForm(reference: Reference, appeal: AppealDetail, onDone: (a: AppealDetail) => void) {
  const [sectorCode, setSectorCode] = useState(appeal.sector?.code ?? '')
  const [topicCode, setTopicCode] = useState(appeal.topic?.code ?? '')
  const [unitId, setUnitId] = useState(appeal.unit ? String(appeal.unit.id) : '')
  const [note, setNote] = useState('')
  const action = useAppealAction(onDone)
  const topics = topicsForSector(reference, sectorCode)
  const units = unitsForSector(reference, sectorCode)

  function changeSector(code: string) {
    setSectorCode(code)
    setTopicCode('')
    const candidates = unitsForSector(reference, code)
    // With one responsible unit there is nothing to choose.
    setUnitId(candidates.length === 1 ? String(candidates[0].id) : '')
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const unit = units.find((u) => String(u.id) === unitId)
    if (!unit) return
    await action.run(() =>
      assignAppeal(appeal.id, {
        sectorCode,
        topicCode: topicCode || undefined,
        unitId: unit.id,
        note: note.trim() || undefined,
      }),
    )
  }

  return {
    sectorCode,
    changeSector,
    topicCode,
    setTopicCode,
    unitId,
    setUnitId,
    note,
    setNote,
    topics,
    units,
    canSubmit: Boolean(sectorCode && unitId) && !action.pending,
    submit,
    pending: action.pending,
    error: action.error,
  }
}
