import { type FormEvent, useEffect, useRef, useState } from 'react'
import type { Reference } from '../../reference/api/reference'
import { topicsForSector, unitsForSector } from '../../reference/utils/filters'
import { previewResponsibility, type Resolution } from '../../routing/api/routing'
import { assignAppeal } from '../api/appeals'
import type { AppealDetail } from '../api/types'
import { useAppealAction } from './useAppealAction'

/** The top suggestion of the understanding step, with its topic when that belongs to the sector. */
function suggestedClassification(reference: Reference, appeal: AppealDetail) {
  const u = appeal.understanding
  const sector = u?.sectors[0]
  if (!sector) return null
  const topic = u.topics.find((t) =>
    reference.topics.some((r) => r.code === t.code && r.sector === sector.code),
  )
  const units = unitsForSector(reference, sector.code)
  return {
    sectorCode: sector.code,
    topicCode: topic?.code ?? '',
    unitId: units.length === 1 ? String(units[0].id) : '',
  }
}

/** The assign form: sector → its topics and executor units → POST assign. */
export function useAssignForm(reference: Reference, appeal: AppealDetail, onDone: (a: AppealDetail) => void) {
  // Without a sector yet, the form starts from Вече's best suggestion: the operator confirms, not types.
  const suggested = appeal.sector ? null : suggestedClassification(reference, appeal)
  const [sectorCode, setSectorCode] = useState(appeal.sector?.code ?? suggested?.sectorCode ?? '')
  const [topicCode, setTopicCode] = useState(appeal.topic?.code ?? suggested?.topicCode ?? '')
  const [unitId, setUnitId] = useState(appeal.unit ? String(appeal.unit.id) : (suggested?.unitId ?? ''))
  const [note, setNote] = useState('')
  const action = useAppealAction(onDone)
  const topics = topicsForSector(reference, sectorCode)
  const units = unitsForSector(reference, sectorCode)
  // The responsibility matrix names the executor for this sector, topic and the appeal's district: it is
  // preselected (unless the operator picked one by hand) and the reason is shown under the field.
  const [matrix, setMatrix] = useState<Resolution['match']>(null)
  const [objectTypes, setObjectTypes] = useState<Resolution['objectTypes']>([])
  const [objectType, setObjectType] = useState('')
  const picked = useRef(Boolean(appeal.unit))
  useEffect(() => {
    if (!sectorCode) {
      setMatrix(null)
      return
    }
    let live = true
    previewResponsibility(appeal.id, {
      sectorCode,
      topicCode: topicCode || null,
      objectType: objectType || null,
    }).then(
      (r) => {
        if (!live) return
        setMatrix(r.match)
        setObjectTypes(r.objectTypes)
        const unit =
          r.match &&
          unitsForSector(reference, sectorCode).find((u) => String(u.id) === String(r.match?.unit.id))
        if (unit && !picked.current) setUnitId(String(unit.id))
      },
      () => live && setMatrix(null),
    )
    return () => {
      live = false
    }
  }, [appeal.id, reference, sectorCode, topicCode, objectType])

  function changeSector(code: string) {
    setSectorCode(code)
    setTopicCode('')
    const candidates = unitsForSector(reference, code)
    // With one responsible unit there is nothing to choose.
    setUnitId(candidates.length === 1 ? String(candidates[0].id) : '')
  }

  function pickTopic(code: string) {
    const topic = reference.topics.find((t) => t.code === code)
    if (!topic) return
    if (topic.sector !== sectorCode) changeSector(topic.sector)
    setTopicCode(code)
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
        objectType: objectType || undefined,
      }),
    )
  }

  return {
    sectorCode,
    changeSector,
    topicCode,
    setTopicCode,
    pickTopic,
    unitId,
    setUnitId: (id: string) => {
      picked.current = true
      setUnitId(id)
    },
    matrix,
    objectType,
    setObjectType,
    objectTypes,
    reassigning: Boolean(appeal.unit) && unitId !== String(appeal.unit?.id),
    note,
    setNote,
    topics,
    units,
    canSubmit:
      Boolean(sectorCode && unitId) &&
      !action.pending &&
      !(Boolean(appeal.unit) && unitId !== String(appeal.unit?.id) && !note.trim()),
    submit,
    pending: action.pending,
    error: action.error,
  }
}
