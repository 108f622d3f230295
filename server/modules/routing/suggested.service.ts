import { inArray } from 'drizzle-orm'
import type { Db, Queryable } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { type AppealRow, findScopedAppeal, WAITING_FOR_EXECUTOR } from '../appeals/appeals.service'
import { appealUnderstanding } from '../understanding/understanding.tables'
import type { Actor } from '../users/users.service'
import { referenceNames, resolveResponsibility } from './responsibility.service'
import { assignAppeal } from './routing.service'

/*
 * «Направить по предложению»: the operator's Monday morning. Appeals the understanding step was not sure enough
 * to route alone wait for a person; the queue shows what Вече proposes for each (sector, topic, the matrix's
 * executor, how sure it is), and the operator sends the ones that look right in one go. Each goes through the
 * same assignAppeal as the card's form, in its own transaction: one that cannot be sent says why and changes
 * nothing, the others go.
 */

const WAITING = new Set(WAITING_FOR_EXECUTOR)

export interface RoutingSuggestion {
  sector: { code: string; name: string }
  topic: { code: string; name: string } | null
  /** The model's sector confidence; null when the sector was set on the appeal already. */
  confidence: number | null
  /** The executor by the responsibility matrix; null when the matrix has none for the sector (МЦУ decides). */
  unit: { id: number; shortName: string } | null
  /** Offered for «Направить по предложению»: an executor, and the model sure enough (VECHE_SUGGEST_CONFIDENCE). */
  sendable: boolean
  /** Why not, in Russian; null when sendable. */
  why: string | null
}

const percent = (x: number) => `${Math.round(x * 100)} %`

type Waiting = Pick<AppealRow, 'id' | 'status' | 'unitId' | 'sectorCode' | 'topicCode' | 'districtCode'>

type Understood = { sector?: string | null; sector_confidence?: number; details?: { topic?: string | null } }

/**
 * What Вече proposes for the appeals among `rows` that wait for an executor: the sector and topic already on the
 * appeal, else the understanding step's; the executor the matrix gives for them. Two queries for the page plus
 * the matrix per distinct sector × topic × district.
 */
export async function routingSuggestions(
  db: Queryable,
  rows: Waiting[],
  minConfidence: number,
): Promise<Map<number, RoutingSuggestion>> {
  const waiting = rows.filter((a) => a.unitId === null && WAITING.has(a.status))
  const out = new Map<number, RoutingSuggestion>()
  if (waiting.length === 0) return out
  const understood = new Map(
    (
      await db
        .select({ appealId: appealUnderstanding.appealId, result: appealUnderstanding.result })
        .from(appealUnderstanding)
        .where(
          inArray(
            appealUnderstanding.appealId,
            waiting.map((a) => a.id),
          ),
        )
    ).map((r) => [r.appealId, r.result as Understood]),
  )
  const names = await referenceNames(db)
  const units = new Map<string, RoutingSuggestion['unit']>()
  for (const a of waiting) {
    const r = understood.get(a.id)
    const sectorCode = a.sectorCode ?? r?.sector ?? null
    if (!sectorCode || !names.sectors.has(sectorCode)) continue
    // The topic on the appeal, else the understanding step's when it lies in that sector (the matrix may route by it).
    const topicCandidate = a.topicCode ?? r?.details?.topic ?? null
    const topic = topicCandidate ? names.topics.get(topicCandidate) : undefined
    const topicCode = topic && topic.sectorCode === sectorCode ? (topicCandidate as string) : null
    const key = `${sectorCode}|${topicCode}|${a.districtCode}`
    if (!units.has(key)) {
      const resolved = await resolveResponsibility(db, {
        sectorCode,
        topicCode,
        districtCode: a.districtCode,
      })
      // A default rule whose unit does not serve the sector (the МЦУ itself) is no executor to send to.
      units.set(
        key,
        resolved?.unit.sectors.includes(sectorCode)
          ? { id: resolved.unit.id, shortName: resolved.unit.shortName }
          : null,
      )
    }
    const sectorName = names.sectors.get(sectorCode) as string
    const confidence = a.sectorCode ? null : (r?.sector_confidence ?? null)
    const unit = units.get(key) ?? null
    const why = !unit
      ? `по матрице для сектора «${sectorName}» исполнителя нет — назначьте в карточке`
      : confidence !== null && confidence < minConfidence
        ? `уверенность в секторе ${percent(confidence)} — ниже ${percent(minConfidence)}: проверьте в карточке`
        : null
    out.set(a.id, {
      sector: { code: sectorCode, name: sectorName },
      topic: topicCode ? { code: topicCode, name: names.topics.get(topicCode)?.name ?? topicCode } : null,
      confidence,
      unit,
      sendable: why === null,
      why,
    })
  }
  return out
}

export interface SuggestedResult {
  id: number
  regNumber: string | null
  ok: boolean
  /** Where it went (ok) … */
  unit?: { id: number; shortName: string }
  sector?: { code: string; name: string }
  /** … or why it did not, in Russian. */
  error?: string
}

/** Sends each appeal to the executor Вече proposes, each in its own transaction; reports every one. */
export async function assignSuggested(
  db: Db,
  actor: Actor,
  ids: number[],
  minConfidence: number,
): Promise<SuggestedResult[]> {
  const results: SuggestedResult[] = []
  for (const id of ids) {
    let regNumber: string | null = null
    try {
      results.push(
        await db.transaction(async (tx) => {
          const appeal = await findScopedAppeal(tx, actor, id, { forUpdate: true })
          regNumber = appeal.regNumber
          if (appeal.unitId !== null || !WAITING.has(appeal.status))
            throw new AppError('CONFLICT', 'исполнитель уже назначен или обращение не ждёт маршрутизации')
          const s = (await routingSuggestions(tx, [appeal], minConfidence)).get(id)
          if (!s) throw new AppError('VALIDATION_FAILED', 'Вече не предложило сектор — назначьте в карточке')
          if (!s.unit || !s.sendable) throw new AppError('VALIDATION_FAILED', s.why ?? 'назначьте в карточке')
          await assignAppeal(tx, actor, id, {
            sectorCode: s.sector.code,
            topicCode: s.topic?.code ?? null,
            unitId: s.unit.id,
            via: 'suggestion',
            note: `По предложению Вече: сектор «${s.sector.name}»${
              s.confidence === null ? '' : `, уверенность ${percent(s.confidence)}`
            }`,
          })
          return { id, regNumber: appeal.regNumber, ok: true, unit: s.unit, sector: s.sector }
        }),
      )
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      results.push({ id, regNumber, ok: false, error: err.message })
    }
  }
  return results
}
