/**
 * `veche train`: retrains the text model from the shipped corpus plus the city's confirmed history,
 * compares it with the active model on held-out history, and switches to it only if it is not worse.
 */
import { and, eq, isNotNull, or, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db'
import { appeals } from '../appeals/appeals.tables'
import { type HistoryDoc, trainCityModel } from './learning'
import { analyse } from './text'
import { contentHash, type TextModel } from './text-model'
import { loadActiveModel, topicReference } from './understander'
import { models } from './understanding.tables'
import { assessUrgency } from './urgency'
import { judgeUrgency, URGENT_MODEL_THRESHOLD } from './urgency-judge'

/** Below this many confirmed appeals learning is not attempted. */
export const MIN_HISTORY = 50
/** The candidate may be this much below the active model's macro-F1 and still count as «not worse». */
const TOLERANCE = 0.005
/** Below this many held-out urgency decisions of people the urgency heads are not compared (too few to tell). */
export const MIN_URGENCY_DECISIONS = 20

/**
 * Confirmed history: appeals whose sector a person set or confirmed (an operator's assignment, an
 * operator's correction) or that came from the city's own archive (import), with their topic, and appeals
 * whose urgent flag a person set, cleared or confirmed on the card (with that decision), oldest first.
 */
export async function confirmedHistory(db: Db): Promise<HistoryDoc[]> {
  const personAssigned = sql`(${appeals.channel} = 'import' or exists (
    select 1 from appeal_event e where e.appeal_id = ${appeals.id} and e.type = 'assigned' and e.actor_kind = 'user'))`
  const urgencyDecided = sql`exists (
    select 1 from appeal_event e where e.appeal_id = ${appeals.id}
      and e.type in ('urgency_set', 'urgency_cleared', 'urgency_confirmed') and e.actor_kind = 'user')`
  const rows = await db
    .select({
      id: appeals.id,
      text: appeals.text,
      sector: appeals.sectorCode,
      topic: appeals.topicCode,
      urgent: appeals.urgent,
      sectorConfirmed: sql<boolean>`${isNotNull(appeals.sectorCode)} and ${personAssigned}`,
      urgencyDecided: sql<boolean>`${urgencyDecided}`,
    })
    .from(appeals)
    .where(or(and(isNotNull(appeals.sectorCode), personAssigned), urgencyDecided))
    // Oldest first: the newest ones form the model's memory (learning.ts).
    .orderBy(appeals.registeredAt, appeals.id)
  const topics = topicReference()
  return rows.map((r) => ({
    id: String(r.id),
    text: r.text,
    sector: r.sectorConfirmed ? r.sector : null,
    topic: r.sectorConfirmed && r.topic ? (topics.get(r.topic)?.code ?? r.topic) : null,
    urgent: r.urgencyDecided ? r.urgent : null,
  }))
}

function macroF1(model: TextModel, all: HistoryDoc[]): number {
  const docs = all.filter((d) => d.sector !== null)
  const labels = [...new Set(docs.map((d) => d.sector as string))]
  const pred = docs.map((d) => model.predict(analyse(d.text), 1).sector[0]?.label ?? 'other')
  let sum = 0
  for (const l of labels) {
    let tp = 0
    let fp = 0
    let fn = 0
    docs.forEach((d, i) => {
      if (pred[i] === l && d.sector === l) tp++
      else if (pred[i] === l) fp++
      else if (d.sector === l) fn++
    })
    sum += tp ? (2 * tp) / (2 * tp + fp + fn) : 0
  }
  return labels.length ? sum / labels.length : 0
}

/**
 * The share of people's urgency decisions (set or cleared on the card) that the product's verdict with this
 * model agrees with — the rules, then the model's head where no rule fires; null when there are too few.
 */
export function urgencyAgreement(
  model: TextModel,
  docs: HistoryDoc[],
  when = new Date(),
  threshold = URGENT_MODEL_THRESHOLD,
): number | null {
  const decided = docs.filter((d) => d.urgent !== null && d.urgent !== undefined)
  if (decided.length < MIN_URGENCY_DECISIONS) return null
  const agree = decided.filter((d) => {
    const a = analyse(d.text)
    return judgeUrgency(assessUrgency(a, when), model.predict(a, 1).urgent, threshold).urgent === d.urgent
  }).length
  return agree / decided.length
}

export interface TrainReport {
  history: number
  heldOut: number
  activeVersion: string
  activeMacroF1: number
  candidateVersion: string
  candidateMacroF1: number
  /** Agreement with held-out urgency decisions (null: fewer than MIN_URGENCY_DECISIONS of them). */
  activeUrgency: number | null
  candidateUrgency: number | null
  switched: boolean
  reason: string
  model: TextModel | null
}

export async function trainFromHistory(
  db: Db,
  opts: {
    dryRun?: boolean
    onProgress?: (stage: string) => void
    /** The server's urgency head bar (VECHE_URGENT_MODEL_CONFIDENCE), so both models are judged as they would run. */
    urgentModelThreshold?: number
  } = {},
): Promise<TrainReport> {
  const history = await confirmedHistory(db)
  const active = await loadActiveModel(db)
  const none = {
    candidateVersion: '',
    candidateMacroF1: 0,
    activeMacroF1: 0,
    activeUrgency: null,
    candidateUrgency: null,
    model: null,
    heldOut: 0,
  }
  const withSector = history.filter((d) => d.sector !== null).length
  if (withSector < MIN_HISTORY) {
    return {
      ...none,
      history: history.length,
      activeVersion: active.version,
      switched: false,
      reason: `подтверждённой истории мало (${withSector}, нужно не меньше ${MIN_HISTORY}): модель не изменена`,
    }
  }
  // A fixed 80/20 split by appeal id: the held-out fifth judges both models.
  const isHeld = (d: HistoryDoc) => Number.parseInt(contentHash(`train:${d.id}`).slice(0, 8), 16) % 5 === 0
  const train = history.filter((d) => !isHeld(d))
  const held = history.filter(isHeld)
  opts.onProgress?.('обучение кандидата на 80 % истории')
  const candidate = trainCityModel(train, { onProgress: opts.onProgress })
  const candidateF1 = macroF1(candidate, held)
  const activeF1 = macroF1(active, held)
  const better = candidateF1 >= activeF1 - TOLERANCE
  const candidateUrgency = urgencyAgreement(candidate, held, new Date(), opts.urgentModelThreshold)
  const activeUrgency = urgencyAgreement(active, held, new Date(), opts.urgentModelThreshold)
  const base = {
    history: history.length,
    heldOut: held.length,
    activeVersion: active.version,
    activeMacroF1: activeF1,
    candidateMacroF1: candidateF1,
    activeUrgency,
    candidateUrgency,
  }
  if (
    better &&
    candidateUrgency !== null &&
    activeUrgency !== null &&
    candidateUrgency < activeUrgency - TOLERANCE
  ) {
    return {
      ...base,
      candidateVersion: candidate.version,
      switched: false,
      model: candidate,
      reason: `новая модель хуже действующей в срочности: с решениями людей на отложенной истории согласна в ${candidateUrgency.toFixed(3)} случаев против ${activeUrgency.toFixed(3)}; оставлена действующая`,
    }
  }
  if (!better) {
    return {
      ...base,
      candidateVersion: candidate.version,
      switched: false,
      model: candidate,
      reason: `новая модель хуже действующей на отложенной истории (${candidateF1.toFixed(3)} < ${activeF1.toFixed(3)}): оставлена действующая`,
    }
  }
  opts.onProgress?.('обучение на всей истории')
  const version = `city-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${contentHash(history.map((h) => h.id).join(',')).slice(0, 6)}`
  const final = trainCityModel(history, { version, onProgress: opts.onProgress })
  final.info.metrics = {
    heldOutMacroF1: candidateF1,
    activeMacroF1: activeF1,
    history: history.length,
    ...(candidateUrgency !== null && activeUrgency !== null
      ? { heldOutUrgency: candidateUrgency, activeUrgency }
      : {}),
  }
  if (!opts.dryRun) {
    await db.transaction(async (tx) => {
      await tx
        .update(models)
        .set({ active: false })
        .where(and(eq(models.kind, 'text'), eq(models.active, true)))
      await tx.insert(models).values({
        kind: 'text',
        version: final.version,
        active: true,
        metrics: final.info.metrics ?? {},
        content: final.toBuffer(),
      })
    })
  }
  return {
    ...base,
    candidateVersion: final.version,
    switched: !opts.dryRun,
    model: final,
    reason: opts.dryRun
      ? 'проверка без переключения (--dry-run)'
      : `новая модель не хуже действующей (${candidateF1.toFixed(3)} против ${activeF1.toFixed(3)}): переключено`,
  }
}
