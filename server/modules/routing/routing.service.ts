import { and, eq, isNull } from 'drizzle-orm'
import type { Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { type AppealRow, findScopedAppeal, transitionAppeal } from '../appeals/appeals.service'
import { units } from '../org/org.tables'
import { topics } from '../reference/reference.tables'
import { recordCorrections } from '../understanding/understanding.service'
import type { Actor } from '../users/users.service'

/** Sets the sector, topic and executor unit and puts the appeal in work; the reason goes into the history. */
export async function assignAppeal(
  tx: Tx,
  actor: Actor,
  appealId: number,
  input: { sectorCode: string; topicCode?: string | null; unitId: number; note?: string | null },
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
  const reassigned = appeal.unitId !== null && appeal.unitId !== unit.id
  await recordCorrections(tx, appealId, actor.id, {
    sectorCode: input.sectorCode,
    topicCode: input.topicCode ?? null,
  })
  return transitionAppeal(tx, {
    appeal,
    action: 'assign',
    actor: { kind: 'user', user: actor },
    eventType: 'assigned',
    note: input.note ?? null,
    data: {
      unitId: unit.id,
      unitName: unit.shortName,
      sectorCode: input.sectorCode,
      topicCode: input.topicCode ?? null,
      previousUnitId: appeal.unitId,
      reason: reassigned ? 'переназначение оператором' : 'назначено оператором МЦУ',
    },
    set: { sectorCode: input.sectorCode, topicCode: input.topicCode ?? null, unitId: unit.id },
  })
}
