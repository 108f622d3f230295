/**
 * Incidents: appeals about one concrete problem (the same pothole reported by phone, in VK and through
 * ПОС) grouped under one main appeal, so it is worked on and answered once and every applicant hears the
 * answer through their own channel (answers.service: shareIncidentAnswer). An incident is one level deep:
 * `appeal.duplicate_of` of every member points to the main, never to another member. The operator decides
 * (the understanding step only suggests candidates); merge and split write history on both appeals.
 * Not to be confused with intake/incidents (posts from social networks).
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { lastDeliveredAnswer, shareIncidentAnswer } from '../answers/answers.service'
import { channels } from '../reference/reference.tables'
import { appealScope } from '../users/users.policy'
import type { Actor } from '../users/users.service'
import { type AppealRow, openStatuses, scopeCondition, statusNames } from './appeals.service'
import { appealEvents, appeals } from './appeals.tables'
import { canChangeIncident } from './incident.policy'

/** A target in these statuses takes no new members: its case is over without an answer to share. */
const FINISHED = new Set(['closed', 'rejected', 'redirected'])
/** A main in these statuses has answered the incident: a new member gets that answer at once. */
const ANSWERED = new Set(['answered', 'rated'])

/** Locks the appeals in id order (two crossing merges cannot deadlock); each must be in the actor's scope. */
async function lockScoped(tx: Tx, actor: Actor, ids: number[]): Promise<Map<number, AppealRow>> {
  const unique = [...new Set(ids)].sort((a, b) => a - b)
  const rows = await tx
    .select()
    .from(appeals)
    .where(and(inArray(appeals.id, unique), scopeCondition(appealScope(actor))))
    .orderBy(asc(appeals.id))
    .for('update')
  if (rows.length !== unique.length) throw new AppError('NOT_FOUND', 'Обращение не найдено')
  return new Map(rows.map((r) => [r.id, r]))
}

async function statusName(tx: Queryable, code: string) {
  return (await statusNames(tx)).get(code) ?? code
}

async function addEvent(
  tx: Tx,
  actor: Actor,
  appeal: AppealRow,
  type: string,
  note: string,
  data: Record<string, unknown>,
) {
  await tx.insert(appealEvents).values({
    appealId: appeal.id,
    type,
    actorKind: 'user',
    actorUserId: actor.id,
    fromStatus: appeal.status,
    toStatus: appeal.status,
    note,
    data,
    public: false,
  })
}

/**
 * The appeal joins the incident of `intoId` (its main when `intoId` is itself a member). If the appeal
 * was a main, its members move along, so the incident stays one level deep. Refused — with nothing
 * changed — for the appeal itself, an appeal already in that incident, a finished target and an appeal
 * that has been answered. When the incident has been answered already, the newcomers get that answer.
 */
export async function mergeAppeal(tx: Tx, actor: Actor, appealId: number, intoId: number): Promise<void> {
  if (appealId === intoId) throw new AppError('CONFLICT', 'Нельзя объединить обращение с самим собой')
  // Scope first: another unit's appeal is «не найдено» for everyone, whatever the role.
  const [target] = await tx
    .select()
    .from(appeals)
    .where(and(eq(appeals.id, intoId), scopeCondition(appealScope(actor))))
  if (!target) throw new AppError('NOT_FOUND', 'Обращение, с которым объединяют, не найдено')
  const mainId = target.duplicateOf ?? target.id
  const locked = await lockScoped(tx, actor, [appealId, mainId, intoId])
  const appeal = locked.get(appealId) as AppealRow
  const main = locked.get(mainId) as AppealRow
  const into = locked.get(intoId) as AppealRow
  if (!canChangeIncident(actor)) throw new AppError('FORBIDDEN', 'Недостаточно прав для этого действия')
  // A concurrent merge may have moved the target between the read and the lock.
  if ((into.duplicateOf ?? into.id) !== mainId || main.duplicateOf !== null) {
    throw new AppError('CONFLICT', 'Инцидент только что изменился: обновите карточку и повторите')
  }
  if (main.id === appeal.id || appeal.duplicateOf === main.id) {
    throw new AppError('CONFLICT', `Обращение уже входит в инцидент обращения №${main.regNumber}`)
  }
  for (const t of [into, main]) {
    if (FINISHED.has(t.status)) {
      throw new AppError(
        'CONFLICT',
        `Обращение №${t.regNumber} в статусе «${await statusName(tx, t.status)}»: к нему нельзя присоединять`,
      )
    }
  }
  if (!(await openStatuses(tx)).has(appeal.status)) {
    throw new AppError(
      'CONFLICT',
      `Обращение в статусе «${await statusName(tx, appeal.status)}»: по нему уже дан ответ или рассмотрение завершено, объединять его нельзя`,
    )
  }

  // The appeal's own members (it was a main) follow it into the new incident.
  const followers = await tx
    .select()
    .from(appeals)
    .where(eq(appeals.duplicateOf, appeal.id))
    .orderBy(asc(appeals.id))
    .for('update')
  const joining = [appeal, ...followers]
  const now = new Date()
  await tx
    .update(appeals)
    .set({ duplicateOf: main.id, updatedAt: now })
    .where(
      inArray(
        appeals.id,
        joining.map((a) => a.id),
      ),
    )
  for (const a of joining) {
    const via = a.id === appeal.id ? '' : ` вместе с обращением №${appeal.regNumber}`
    await addEvent(tx, actor, a, 'merged', `Объединено с обращением №${main.regNumber}${via}`, {
      mainId: main.id,
      regNumber: main.regNumber,
    })
    await addEvent(
      tx,
      actor,
      main,
      'duplicate_added',
      `К инциденту присоединено обращение №${a.regNumber} (${await channelName(tx, a.channel)})`,
      { memberId: a.id, regNumber: a.regNumber },
    )
  }
  if (ANSWERED.has(main.status)) {
    const answer = await lastDeliveredAnswer(tx, main.id)
    if (answer)
      await shareIncidentAnswer(
        tx,
        main,
        answer,
        joining.map((a) => a.id),
      )
  }
}

/** The member leaves its incident (it becomes a separate problem again); history on both appeals. */
export async function splitAppeal(tx: Tx, actor: Actor, appealId: number): Promise<void> {
  const first = (await lockScoped(tx, actor, [appealId])).get(appealId) as AppealRow
  if (!canChangeIncident(actor)) throw new AppError('FORBIDDEN', 'Недостаточно прав для этого действия')
  if (first.duplicateOf === null) {
    throw new AppError('CONFLICT', 'Обращение не входит в инцидент другого обращения: отделять нечего')
  }
  const mainId = first.duplicateOf
  // Lock both in id order, then check the membership has not changed meanwhile.
  const locked = await lockScoped(tx, actor, [appealId, mainId])
  const appeal = locked.get(appealId) as AppealRow
  const main = locked.get(mainId) as AppealRow
  if (appeal.duplicateOf !== main.id) {
    throw new AppError('CONFLICT', 'Инцидент только что изменился: обновите карточку и повторите')
  }
  await tx.update(appeals).set({ duplicateOf: null, updatedAt: new Date() }).where(eq(appeals.id, appeal.id))
  await addEvent(tx, actor, appeal, 'split', `Отделено от обращения №${main.regNumber}`, {
    mainId: main.id,
    regNumber: main.regNumber,
  })
  await addEvent(
    tx,
    actor,
    main,
    'duplicate_removed',
    `Из инцидента отделено обращение №${appeal.regNumber}`,
    {
      memberId: appeal.id,
      regNumber: appeal.regNumber,
    },
  )
}

async function channelName(db: Queryable, code: string) {
  const [row] = await db.select({ name: channels.name }).from(channels).where(eq(channels.code, code))
  return row?.name ?? code
}

/** The incident as the card shows it: a member sees its main, a main lists its members; scoped to the actor. */
export async function getIncident(
  db: Queryable,
  actor: Actor,
  appeal: Pick<AppealRow, 'id' | 'duplicateOf'>,
) {
  const scope = scopeCondition(appealScope(actor))
  if (appeal.duplicateOf !== null) {
    const [main] = await db
      .select({ id: appeals.id, regNumber: appeals.regNumber })
      .from(appeals)
      .where(and(eq(appeals.id, appeal.duplicateOf), scope))
    return { main: main ?? null, members: [] }
  }
  const where: (SQL | undefined)[] = [eq(appeals.duplicateOf, appeal.id), scope]
  const members = await db
    .select({
      id: appeals.id,
      regNumber: appeals.regNumber,
      channelCode: appeals.channel,
      channelName: channels.name,
    })
    .from(appeals)
    .innerJoin(channels, eq(channels.code, appeals.channel))
    .where(and(...where))
    .orderBy(asc(appeals.id))
  return { main: null, members }
}
export type Incident = Awaited<ReturnType<typeof getIncident>>
