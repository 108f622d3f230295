import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db, Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { enqueueJob } from '../../platform/jobs'
import { type AppealRow, findScopedAppeal, openStatuses, transitionAppeal } from '../appeals/appeals.service'
import { appeals } from '../appeals/appeals.tables'
import type { Actor } from '../users/users.service'
import { users } from '../users/users.tables'
import { answers } from './answers.tables'

export const DELIVER_ANSWER_JOB = 'answers.deliver'

/** The executor's answer: stored as prepared and sent to the МЦУ for approval. */
export async function writeAnswer(tx: Tx, actor: Actor, appealId: number, text: string): Promise<AppealRow> {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  const [answer] = await tx
    .insert(answers)
    .values({ appealId, text, authorId: actor.id })
    .returning({ id: answers.id })
  return transitionAppeal(tx, {
    appeal,
    action: 'answer',
    actor: { kind: 'user', user: actor },
    eventType: 'answer_prepared',
    data: { answerId: answer.id },
  })
}

async function latestPreparedAnswer(tx: Tx, appealId: number) {
  const [answer] = await tx
    .select()
    .from(answers)
    .where(eq(answers.appealId, appealId))
    .orderBy(desc(answers.createdAt), desc(answers.id))
    .limit(1)
  if (!answer || answer.status === 'returned')
    throw new AppError('CONFLICT', 'У обращения нет подготовленного ответа')
  return answer
}

/** The coordinator approves the answer; its delivery to the citizen is queued in the same transaction. */
export async function approveAnswer(tx: Tx, actor: Actor, appealId: number): Promise<AppealRow> {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  const answer = await latestPreparedAnswer(tx, appealId)
  const updated = await transitionAppeal(tx, {
    appeal,
    action: 'approve',
    actor: { kind: 'user', user: actor },
    eventType: 'answer_approved',
    data: { answerId: answer.id },
  })
  await tx
    .update(answers)
    .set({ status: 'approved', decidedBy: actor.id, decidedAt: new Date() })
    .where(eq(answers.id, answer.id))
  await enqueueJob(
    tx,
    DELIVER_ANSWER_JOB,
    { appealId, answerId: answer.id },
    { singletonKey: `deliver:${answer.id}` },
  )
  return updated
}

/** The coordinator (or the unit head) sends the answer back to the executor with a reason. */
export async function returnAnswer(
  tx: Tx,
  actor: Actor,
  appealId: number,
  reason: string,
): Promise<AppealRow> {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  const answer = await latestPreparedAnswer(tx, appealId)
  await tx
    .update(answers)
    .set({ status: 'returned', decidedBy: actor.id, decidedAt: new Date(), decisionNote: reason })
    .where(eq(answers.id, answer.id))
  return transitionAppeal(tx, {
    appeal,
    action: 'return',
    actor: { kind: 'user', user: actor },
    eventType: 'answer_returned',
    note: reason,
    publicEvent: false,
    data: { answerId: answer.id },
  })
}

/** Sends an answer through the appeal's channel and says how it went out (see channels/outbound.service.ts). */
export type SendAnswer = (
  appeal: AppealRow,
  answer: { id: number; text: string; decidedAt: Date | null },
) => Promise<string>

/** The incident an answer copy belongs to: its main appeal and the main's own answer. */
export interface IncidentAnswerRef {
  mainId: number
  regNumber: string
  answerId: number
}

/** What the delivery job gets; `incident` marks a member's copy of the incident's answer. */
export interface DeliverAnswerPayload {
  appealId: number
  answerId: number
  incident?: IncidentAnswerRef
}

/**
 * Job: delivers an approved answer through the appeal's channel (Telegram, e-mail, ПОС…) or, for channels
 * without an adapter (phone, paper, web form, imports), publishes it on the citizen's tracking page.
 * The send happens before the delivery is recorded: a failure leaves it undelivered and the job retries
 * (then the dead-letter list). Idempotent: a replay after success is a no-op. When the appeal is the main
 * of an incident, the same transaction queues the answer for every open member (shareIncidentAnswer).
 */
export async function deliverAnswer(
  db: Db,
  payload: DeliverAnswerPayload,
  send: SendAnswer = async () => 'tracking_page',
): Promise<void> {
  const [answer] = await db.select().from(answers).where(eq(answers.id, payload.answerId))
  if (!answer || answer.deliveredAt || answer.status !== 'approved') return
  const [appeal] = await db.select().from(appeals).where(eq(appeals.id, payload.appealId))
  if (!appeal) return
  const incident = payload.incident
  if (incident) {
    // A member that left the incident, or was closed meanwhile, does not get the incident's answer.
    if (appeal.duplicateOf !== incident.mainId || !(await openStatuses(db)).has(appeal.status)) return
  } else if (appeal.status !== 'answer_approved') return
  const via = await send(appeal, answer)
  await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(answers).where(eq(answers.id, answer.id)).for('update')
    if (!locked || locked.deliveredAt) return
    const now = new Date()
    await tx.update(answers).set({ deliveredAt: now, deliveredVia: via }).where(eq(answers.id, answer.id))
    const delivered = await transitionAppeal(tx, {
      appeal,
      action: incident ? 'deliver_incident' : 'deliver',
      actor: { kind: 'system' },
      eventType: 'delivered',
      note: incident ? `Ответ по инциденту: тот же ответ, что по обращению №${incident.regNumber}` : null,
      data: { answerId: answer.id, via, channel: appeal.channel, ...(incident ? { incident } : {}) },
      set: { answeredAt: now },
      at: now,
    })
    if (!incident) await shareIncidentAnswer(tx, delivered, { ...locked, deliveredAt: now })
  })
}

type AnswerRow = typeof answers.$inferSelect

/**
 * The incident's answer reaches every applicant through their own channel: each open member of the
 * main's incident (or only `memberIds`) gets a copy of the main's delivered answer — approved by the
 * same person — and its own «answers.deliver» job, queued in the caller's transaction. Returns how many.
 */
export async function shareIncidentAnswer(
  tx: Tx,
  main: Pick<AppealRow, 'id' | 'regNumber'>,
  answer: AnswerRow,
  memberIds?: number[],
): Promise<number> {
  const open = [...(await openStatuses(tx))]
  const members = await tx
    .select({ id: appeals.id })
    .from(appeals)
    .where(
      and(
        eq(appeals.duplicateOf, main.id),
        inArray(appeals.status, open),
        memberIds ? inArray(appeals.id, memberIds.length ? memberIds : [-1]) : undefined,
      ),
    )
    .orderBy(asc(appeals.id))
  const incident: IncidentAnswerRef = { mainId: main.id, regNumber: main.regNumber, answerId: answer.id }
  for (const m of members) {
    const [copy] = await tx
      .insert(answers)
      .values({
        appealId: m.id,
        text: answer.text,
        status: 'approved',
        authorId: answer.authorId,
        decidedBy: answer.decidedBy,
        decidedAt: answer.decidedAt ?? new Date(),
      })
      .returning({ id: answers.id })
    await enqueueJob(
      tx,
      DELIVER_ANSWER_JOB,
      { appealId: m.id, answerId: copy.id, incident },
      { singletonKey: `incident-answer:${answer.id}:${m.id}` },
    )
  }
  return members.length
}

/** The main's latest delivered answer, if the incident has been answered already. */
export async function lastDeliveredAnswer(db: Queryable, appealId: number): Promise<AnswerRow | undefined> {
  const [row] = await db
    .select()
    .from(answers)
    .where(and(eq(answers.appealId, appealId), isNotNull(answers.deliveredAt)))
    .orderBy(desc(answers.deliveredAt), desc(answers.id))
    .limit(1)
  return row
}

/** All answers of an appeal with author and decider names, oldest first. */
export async function listAnswers(db: Queryable, appealId: number) {
  const author = alias(users, 'author')
  const decider = alias(users, 'decider')
  const rows = await db
    .select({ answer: answers, authorName: author.fullName, decidedByName: decider.fullName })
    .from(answers)
    .leftJoin(author, eq(author.id, answers.authorId))
    .leftJoin(decider, eq(decider.id, answers.decidedBy))
    .where(eq(answers.appealId, appealId))
    .orderBy(asc(answers.createdAt), asc(answers.id))
  return rows.map((r) => ({
    ...r.answer,
    authorName: r.authorName ?? 'Исполнитель',
    decidedByName: r.decidedByName,
  }))
}
