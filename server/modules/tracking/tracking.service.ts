import { and, asc, desc, eq } from 'drizzle-orm'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { answers } from '../answers/answers.tables'
import { eventTitle } from '../appeals/appeals.events'
import { iso } from '../appeals/appeals.presenter'
import { type AppealRow, trackingHash, transitionAppeal } from '../appeals/appeals.service'
import { appealEvents, appeals } from '../appeals/appeals.tables'
import { noticeOf } from '../channels/outbound.service'
import { reopenThreshold } from '../reference/reference.service'
import { regimes, sectors, statuses } from '../reference/reference.tables'

const NOT_FOUND = () => new AppError('NOT_FOUND', 'Обращение не найдено — проверьте номер и код')

async function findByCode(db: Queryable, regNumber: string, code: string, forUpdate = false) {
  const q = db
    .select()
    .from(appeals)
    .where(and(eq(appeals.regNumber, regNumber), eq(appeals.trackingCodeHash, trackingHash(regNumber, code))))
  const [row] = forUpdate ? await q.for('update') : await q
  if (!row) throw NOT_FOUND()
  return row
}

const NO_ANSWER_HERE = new Set(['redirected', 'rejected'])

/** What the citizen sees on the tracking page: status, public history and the delivered answer. No personal data. */
export async function getPublicAppeal(db: Queryable, regNumber: string, code: string) {
  return publicAppealView(db, await findByCode(db, regNumber, code))
}

/** The same citizen view for an appeal a channel has already matched to its sender (e.g. the Telegram chat). */
export async function publicAppealView(db: Queryable, appeal: AppealRow) {
  const [names] = await db
    .select({ regimeName: regimes.name, statusPublicName: statuses.publicName, sectorName: sectors.name })
    .from(appeals)
    .innerJoin(regimes, eq(regimes.code, appeals.regime))
    .innerJoin(statuses, eq(statuses.code, appeals.status))
    .leftJoin(sectors, eq(sectors.code, appeals.sectorCode))
    .where(eq(appeals.id, appeal.id))
  const history = await db
    .select({ at: appealEvents.at, type: appealEvents.type, data: appealEvents.data })
    .from(appealEvents)
    .where(and(eq(appealEvents.appealId, appeal.id), eq(appealEvents.public, true)))
    .orderBy(asc(appealEvents.at), asc(appealEvents.id))
  const [answer] = await db
    .select({ text: answers.text, at: answers.deliveredAt })
    .from(answers)
    .where(and(eq(answers.appealId, appeal.id), eq(answers.status, 'approved')))
    .orderBy(desc(answers.deliveredAt))
    .limit(1)
  return {
    regNumber: appeal.regNumber,
    regime: { code: appeal.regime, name: names.regimeName },
    receivedAt: iso(appeal.receivedAt),
    registeredAt: iso(appeal.registeredAt),
    status: { code: appeal.status, publicName: names.statusPublicName },
    sector: appeal.sectorCode
      ? { code: appeal.sectorCode, name: names.sectorName ?? appeal.sectorCode }
      : null,
    // A redirected or rejected appeal gets no answer from us: no answer date to promise.
    dueAt: NO_ANSWER_HERE.has(appeal.status) ? null : iso(appeal.dueAt),
    answer: answer?.at ? { text: answer.text, at: iso(answer.at) } : null,
    history: history.map((h) => ({ at: iso(h.at), title: eventTitle(h.type), notice: noticeOf(h.data) })),
    canRate: appeal.status === 'answered',
    rating: appeal.rating
      ? { score: appeal.rating, comment: appeal.ratingComment, at: iso(appeal.ratedAt) }
      : null,
  }
}

/** The citizen rates the answer 1–5; a low rating sends the appeal back for rework (threshold is data). */
export async function rateAppeal(
  tx: Tx,
  input: { regNumber: string; code: string; score: number; comment?: string | null },
) {
  const appeal = await findByCode(tx, input.regNumber, input.code, true)
  await rateLockedAppeal(tx, appeal, input)
}

/** Rating of an appeal already locked and matched to its applicant (tracking code, or the channel's own sender). */
export async function rateLockedAppeal(
  tx: Tx,
  appeal: AppealRow,
  input: { score: number; comment?: string | null },
) {
  if (appeal.status !== 'answered') {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      appeal.rating ? 'Ответ уже оценён' : 'Оценить можно только полученный ответ',
    )
  }
  const now = new Date()
  const rated = await transitionAppeal(tx, {
    appeal,
    action: 'rate',
    actor: { kind: 'citizen' },
    eventType: 'rated',
    data: { score: input.score },
    note: input.comment ?? null,
    set: { rating: input.score, ratingComment: input.comment ?? null, ratedAt: now },
    at: now,
  })
  if (input.score <= reopenThreshold()) {
    await transitionAppeal(tx, {
      appeal: rated,
      action: 'reopen',
      actor: { kind: 'system' },
      eventType: 'reopened',
      data: { score: input.score },
      at: now,
    })
  }
}
