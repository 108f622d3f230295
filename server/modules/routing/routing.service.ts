import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { type AppealRow, findScopedAppeal, transitionAppeal } from '../appeals/appeals.service'
import { appealEvents } from '../appeals/appeals.tables'
import { units } from '../org/org.tables'
import { topics } from '../reference/reference.tables'
import { recordCorrections } from '../understanding/understanding.service'
import type { Actor } from '../users/users.service'
import { listCoExecutors, setCoExecutors } from './co-executors'
import { curatingDeputy, loadResponsibilityFile, resolveResponsibility } from './responsibility.service'

export interface AssignInput {
  sectorCode: string
  topicCode?: string | null
  unitId: number
  note?: string | null
  /** Co-executors; when omitted, those of the matching matrix rule if the operator kept its executor. */
  coExecutorIds?: number[] | null
  objectType?: string | null
  /** 'suggestion': the operator sent it as Вече proposed («Направить по предложению»), said so in the history. */
  via?: 'suggestion'
}

/**
 * Sets the sector, topic and executor unit and puts the appeal in work. The matrix of responsibility
 * says who should get it: the event records its rule and the sentence why, or that the operator chose
 * someone else. Moving an appeal from one unit to another needs a reason (it is counted per unit).
 */
export async function assignAppeal(
  tx: Tx,
  actor: Actor,
  appealId: number,
  input: AssignInput,
): Promise<AppealRow> {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  const [unit] = await tx
    .select()
    .from(units)
    .where(and(eq(units.id, input.unitId), isNull(units.deletedAt)))
  if (!unit)
    throw new AppError('VALIDATION_FAILED', 'Подразделение не найдено или удалено', [
      { path: 'unitId', message: 'нет такого подразделения' },
    ])
  if (!unit.sectors.includes(input.sectorCode)) {
    throw new AppError('VALIDATION_FAILED', `«${unit.shortName}» не отвечает за выбранный сектор`, [
      { path: 'unitId', message: 'подразделение не отвечает за этот сектор' },
    ])
  }
  if (input.topicCode) {
    const [topic] = await tx.select().from(topics).where(eq(topics.code, input.topicCode))
    if (!topic || topic.sectorCode !== input.sectorCode) {
      throw new AppError('VALIDATION_FAILED', 'Тема не относится к выбранному сектору', [
        { path: 'topicCode', message: 'тема из другого сектора' },
      ])
    }
  }
  if (input.objectType && !loadResponsibilityFile().objectTypes.some((o) => o.code === input.objectType))
    throw new AppError('VALIDATION_FAILED', `Неизвестный тип объекта «${input.objectType}»`, [
      { path: 'objectType', message: 'выберите тип объекта из списка' },
    ])
  const reassigned = appeal.unitId !== null && appeal.unitId !== unit.id
  const note = input.note?.trim() || null
  if (reassigned && !note)
    throw new AppError(
      'VALIDATION_FAILED',
      'Укажите причину переназначения: она видна в истории и в отчёте по подразделению',
      [{ path: 'note', message: 'причина переназначения обязательна' }],
    )
  const resolved = await resolveResponsibility(tx, {
    sectorCode: input.sectorCode,
    topicCode: input.topicCode ?? null,
    districtCode: appeal.districtCode,
    objectType: input.objectType ?? null,
  })
  const byMatrix = resolved?.unit.id === unit.id
  const coExecutorIds =
    input.coExecutorIds ?? (byMatrix && resolved ? resolved.coExecutors.map((u) => u.id) : [])
  const coExecutors = await checkCoExecutors(tx, unit.id, coExecutorIds)
  const why =
    byMatrix && resolved
      ? resolved.why
      : `Исполнитель выбран оператором вручную: «${unit.shortName}»${
          resolved ? ` (по матрице — «${resolved.unit.shortName}», правило №${resolved.rule.number})` : ''
        }.`
  await recordCorrections(tx, appealId, actor.id, {
    sectorCode: input.sectorCode,
    topicCode: input.topicCode ?? null,
  })
  await setCoExecutors(
    tx,
    appealId,
    coExecutors.map((u) => u.id),
  )
  return transitionAppeal(tx, {
    appeal,
    action: 'assign',
    actor: { kind: 'user', user: actor },
    eventType: 'assigned',
    note,
    data: {
      unitId: unit.id,
      unitName: unit.shortName,
      sectorCode: input.sectorCode,
      topicCode: input.topicCode ?? null,
      objectType: input.objectType ?? null,
      previousUnitId: appeal.unitId,
      reassigned,
      reason: reassigned
        ? 'переназначение оператором'
        : input.via === 'suggestion'
          ? 'назначено оператором МЦУ по предложению Вече'
          : 'назначено оператором МЦУ',
      ruleId: byMatrix && resolved ? resolved.rule.id : null,
      ruleNumber: byMatrix && resolved ? resolved.rule.number : null,
      why,
      coExecutors: coExecutors.map((u) => ({ id: u.id, shortName: u.shortName })),
    },
    set: {
      sectorCode: input.sectorCode,
      topicCode: input.topicCode ?? null,
      unitId: unit.id,
      curatorId: resolved?.deputy?.id ?? null,
      // The object type the operator named is kept for later routing questions (curatingDeputy).
      ...(input.objectType ? { meta: { ...appeal.meta, objectType: input.objectType } } : {}),
    },
  })
}

async function checkCoExecutors(tx: Tx, mainUnitId: number, ids: number[]) {
  const unique = [...new Set(ids)].filter((id) => id !== mainUnitId)
  if (unique.length === 0) return []
  const rows = await tx
    .select({ id: units.id, shortName: units.shortName })
    .from(units)
    .where(and(inArray(units.id, unique), isNull(units.deletedAt)))
  if (rows.length !== unique.length)
    throw new AppError('VALIDATION_FAILED', 'Соисполнитель не найден или удалён из справочника организаций', [
      { path: 'coExecutorIds', message: 'нет такого подразделения' },
    ])
  return rows
}

/**
 * «Не наша компетенция»: the executor (or its head) gives the appeal back to routing with a reason; the
 * unit and its co-executors are cleared, the event names the unit that declined (counted per unit).
 */
export async function declineAppeal(
  tx: Tx,
  actor: Actor,
  appealId: number,
  reason: string,
): Promise<AppealRow> {
  const text = reason.trim()
  if (!text)
    throw new AppError('VALIDATION_FAILED', 'Укажите, почему обращение не в компетенции подразделения', [
      { path: 'reason', message: 'причина обязательна' },
    ])
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  const [unit] = appeal.unitId
    ? await tx.select({ shortName: units.shortName }).from(units).where(eq(units.id, appeal.unitId))
    : []
  const updated = await transitionAppeal(tx, {
    appeal,
    action: 'decline',
    actor: { kind: 'user', user: actor },
    eventType: 'declined',
    note: text,
    data: { unitId: appeal.unitId, unitName: unit?.shortName ?? null, reason: text },
    publicEvent: false,
    set: { unitId: null },
  })
  await setCoExecutors(tx, appealId, [])
  return updated
}

/** How the appeal got its executor, for the card: the latest assignment's sentence and the co-executors. */
export async function routingInfo(db: Queryable, appeal: AppealRow) {
  const [last] = await db
    .select({ type: appealEvents.type, data: appealEvents.data, note: appealEvents.note })
    .from(appealEvents)
    .where(and(eq(appealEvents.appealId, appeal.id), inArray(appealEvents.type, ['assigned', 'declined'])))
    .orderBy(desc(appealEvents.at), desc(appealEvents.id))
    .limit(1)
  const data = (last?.data ?? {}) as Record<string, unknown>
  const why =
    last?.type === 'declined'
      ? `«${String(data.unitName ?? 'Исполнитель')}»: не наша компетенция — ${last.note ?? ''}`.trim()
      : typeof data.why === 'string'
        ? data.why
        : last
          ? String(data.reason ?? 'назначено')
          : null
  return {
    why,
    ruleNumber: typeof data.ruleNumber === 'number' ? data.ruleNumber : null,
    coExecutors: await listCoExecutors(db, appeal.id),
    curator: appeal.unitId ? await curatorOf(db, appeal) : null,
  }
}

async function curatorOf(db: Queryable, appeal: AppealRow) {
  const deputy = await curatingDeputy(db, appeal)
  return deputy ? { fullName: deputy.fullName } : null
}

/** Per unit, over the last `days` days: appeals reassigned away from it and declined by it. */
export async function routingCounts(db: Queryable, days = 30, now = new Date()) {
  const since = new Date(now.getTime() - days * 86_400_000)
  const rows = await db.execute<{ unit_id: number; reassigned: number; declined: number }>(sql`
    select unit_id, count(*) filter (where kind = 'reassigned')::int as reassigned,
           count(*) filter (where kind = 'declined')::int as declined
    from (
      select (data->>'previousUnitId')::int as unit_id, 'reassigned' as kind
      from ${appealEvents}
      where type = 'assigned' and at >= ${since} and data->>'previousUnitId' is not null
        and (data->>'previousUnitId') <> (data->>'unitId')
      union all
      select (data->>'unitId')::int, 'declined'
      from ${appealEvents}
      where type = 'declined' and at >= ${since} and data->>'unitId' is not null
    ) e
    group by unit_id`)
  return new Map(
    rows.rows.map((r) => [Number(r.unit_id), { reassigned: r.reassigned, declined: r.declined }]),
  )
}
