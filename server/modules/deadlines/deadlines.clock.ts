import { and, asc, eq } from 'drizzle-orm'
import type { RoleCode } from '../../../common/domain'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { findScopedAppeal, openStatuses } from '../appeals/appeals.service'
import { appealEvents, appeals } from '../appeals/appeals.tables'
import { addCalendarDays } from '../calendar/calendar'
import { enqueueStatusNotice } from '../channels/outbound.service'
import { units } from '../org/org.tables'
import type { Actor } from '../users/users.service'
import { describeTerm, matchRule, stageDues } from './deadlines.rules'
import {
  activeRuleSet,
  armWatch,
  calendarFor,
  categoriesOf,
  computeDueAt,
  rearmEscalation,
} from './deadlines.service'
import { appealClocks, appealInfoRequests, deadlineFlags, deadlineWatch } from './deadlines.tables'

/*
 * The clock of an appeal: the 59-ФЗ extension, a pause while waiting for the applicant, inter-agency information
 * requests and the stage ends inside the final due. Each change is a history event in the same transaction; the
 * public ones (extension, question to the applicant, resumption) are queued to the applicant's channel like any
 * public status event. Re-routing does not touch the clock: the due date stays and moves with the appeal.
 */

/** Who may do what on the «Сроки» section (scope is checked on every call as well). */
export const CLOCK_ROLES = {
  /** 59-ФЗ ст. 12 ч. 2: «руководитель … либо уполномоченное на то лицо» — the МЦУ coordinator or an admin. */
  extend: ['coordinator', 'admin'],
  pause: ['operator', 'coordinator', 'executor', 'unit_head'],
  infoRequest: ['operator', 'coordinator', 'executor', 'unit_head'],
} satisfies Record<string, RoleCode[]>

type ActorRef = { kind: 'user'; user: Actor } | { kind: 'system' }

async function lockOpen(tx: Tx, actor: Actor, appealId: number) {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  if (!(await openStatuses(tx)).has(appeal.status))
    throw new AppError('TRANSITION_NOT_ALLOWED', 'Рассмотрение завершено: сроки обращения больше не меняются')
  return appeal
}

function requireRole(actor: Actor, roles: RoleCode[], what: string) {
  if (!roles.includes(actor.role)) throw new AppError('FORBIDDEN', `Недостаточно прав: ${what}`)
}

async function clockOf(tx: Queryable, appealId: number, lock = false) {
  const q = tx.select().from(appealClocks).where(eq(appealClocks.appealId, appealId))
  const [row] = lock ? await q.for('update') : await q
  return row
}

async function ensureClock(tx: Tx, appeal: { id: number; dueAt: Date | null }) {
  await tx.insert(appealClocks).values({ appealId: appeal.id, baseDueAt: appeal.dueAt }).onConflictDoNothing()
  return (await clockOf(tx, appeal.id, true))!
}

async function event(
  tx: Tx,
  appeal: { id: number; status: string; channel: string; meta: Record<string, unknown> },
  actor: ActorRef,
  e: { type: string; note?: string | null; data: Record<string, unknown>; public: boolean; at: Date },
) {
  const [row] = await tx
    .insert(appealEvents)
    .values({
      appealId: appeal.id,
      at: e.at,
      type: e.type,
      actorKind: actor.kind,
      actorUserId: actor.kind === 'user' ? actor.user.id : null,
      fromStatus: appeal.status,
      toStatus: appeal.status,
      note: e.note ?? null,
      data: e.data,
      public: e.public,
    })
    .returning({ id: appealEvents.id })
  if (e.public) await enqueueStatusNotice(tx, appeal, { id: row.id, type: e.type })
}

/** 59-ФЗ ст. 12 ч. 2: once, by at most 30 days, with a reason; the applicant is told (public event + channel notice). */
export async function extendDeadline(
  tx: Tx,
  actor: Actor,
  appealId: number,
  input: { days: number; reason: string },
  now = new Date(),
) {
  const appeal = await lockOpen(tx, actor, appealId)
  requireRole(actor, CLOCK_ROLES.extend, 'продлить срок может координатор МЦУ или администратор')
  const set = await activeRuleSet(tx)
  const ext = set.extension
  if (!ext.regimes.includes(appeal.regime))
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `Продление срока предусмотрено только для режимов: ${ext.regimes.join(', ')} (${ext.description})`,
    )
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > ext.maxDays)
    throw new AppError(
      'VALIDATION_FAILED',
      `Продлить можно не более чем на ${ext.maxDays} дней (59-ФЗ ст. 12 ч. 2)`,
      [{ path: 'days', message: `от 1 до ${ext.maxDays}` }],
    )
  if (!appeal.dueAt) throw new AppError('TRANSITION_NOT_ALLOWED', 'У обращения нет срока — продлевать нечего')
  const clock = await ensureClock(tx, appeal)
  if (clock.extensions >= ext.maxCount)
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      'Срок уже продлевался: повторное продление не допускается (59-ФЗ ст. 12 ч. 2 — продление один раз, не более чем на 30 дней)',
    )
  if (clock.pausedAt) throw new AppError('TRANSITION_NOT_ALLOWED', 'Срок на паузе: сначала возобновите его')
  if (appeal.dueAt.getTime() < now.getTime())
    throw new AppError('TRANSITION_NOT_ALLOWED', 'Срок уже истёк: продлевают до его окончания, не после')
  const on = await calendarFor(tx)
  const newDue = addCalendarDays(on, appeal.dueAt, input.days, { moveOffDay: 'none' })
  await tx
    .update(appealClocks)
    .set({ extensions: clock.extensions + 1, extendedDays: clock.extendedDays + input.days, updatedAt: now })
    .where(eq(appealClocks.appealId, appeal.id))
  await tx.update(appeals).set({ dueAt: newDue, updatedAt: now }).where(eq(appeals.id, appeal.id))
  await armWatch(tx, appeal.id)
  await event(
    tx,
    appeal,
    { kind: 'user', user: actor },
    {
      type: 'deadline_extended',
      note: input.reason,
      data: { from: appeal.dueAt.toISOString(), to: newDue.toISOString(), days: input.days },
      public: true,
      at: now,
    },
  )
}

/** «Запрос уточнения у заявителя»: the clock stops until the applicant answers, by hand, or at the limit. */
export async function requestClarification(
  tx: Tx,
  actor: Actor,
  appealId: number,
  input: { question: string },
  now = new Date(),
) {
  const appeal = await lockOpen(tx, actor, appealId)
  requireRole(actor, CLOCK_ROLES.pause, 'запросить уточнение может оператор, координатор или исполнитель')
  const rule = (await activeRuleSet(tx)).clarification
  if (!rule.regimes.includes(appeal.regime))
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `Пауза срока для этого режима не предусмотрена: ${rule.description}`,
    )
  if (!appeal.dueAt) throw new AppError('TRANSITION_NOT_ALLOWED', 'У обращения нет срока')
  if (appeal.dueAt.getTime() < now.getTime())
    throw new AppError('TRANSITION_NOT_ALLOWED', 'Срок уже истёк: остановить его нельзя')
  const clock = await ensureClock(tx, appeal)
  if (clock.pausedAt) throw new AppError('CONFLICT', 'Срок уже на паузе: ждём ответа заявителя')
  const limitAt = new Date(now.getTime() + rule.maxDays * 86_400_000)
  await tx
    .update(appealClocks)
    .set({ pausedAt: now, pauseLimitAt: limitAt, pauseQuestion: input.question, updatedAt: now })
    .where(eq(appealClocks.appealId, appeal.id))
  // While paused the appeal leaves the sweeps' queues; resuming re-arms them with the moved dates.
  await tx.delete(deadlineWatch).where(eq(deadlineWatch.appealId, appeal.id))
  await rearmEscalation(tx, appeal.id)
  await event(
    tx,
    appeal,
    { kind: 'user', user: actor },
    {
      type: 'clarification_requested',
      note: input.question,
      data: { limitAt: limitAt.toISOString() },
      public: true,
      at: now,
    },
  )
}

/**
 * Resumes a paused clock: the due date moves by the time it stood (at most up to the limit). By hand (a user), or by the
 * sweep when the applicant replied or the limit passed. Returns false when the clock was not paused (already resumed).
 */
export async function resumeClock(
  tx: Tx,
  actor: ActorRef,
  appealId: number,
  opts: { by: 'hand' | 'reply' | 'limit'; note?: string | null; now?: Date },
): Promise<boolean> {
  const now = opts.now ?? new Date()
  const appeal =
    actor.kind === 'user'
      ? await findScopedAppeal(tx, actor.user, appealId, { forUpdate: true })
      : (await tx.select().from(appeals).where(eq(appeals.id, appealId)).for('update'))[0]
  if (actor.kind === 'user') requireRole(actor.user, CLOCK_ROLES.pause, 'возобновить срок')
  const clock = appeal && (await clockOf(tx, appeal.id, true))
  if (!appeal || !clock?.pausedAt) {
    if (actor.kind === 'user') throw new AppError('CONFLICT', 'Срок не на паузе')
    return false
  }
  const end = Math.min(now.getTime(), clock.pauseLimitAt?.getTime() ?? now.getTime())
  const stood = Math.max(0, end - clock.pausedAt.getTime())
  const newDue = appeal.dueAt ? new Date(appeal.dueAt.getTime() + stood) : null
  await tx
    .update(appealClocks)
    .set({ pausedAt: null, pauseLimitAt: null, pausedMs: clock.pausedMs + stood, updatedAt: now })
    .where(eq(appealClocks.appealId, appeal.id))
  if (newDue) await tx.update(appeals).set({ dueAt: newDue, updatedAt: now }).where(eq(appeals.id, appeal.id))
  await armWatch(tx, appeal.id)
  await event(tx, appeal, actor, {
    type: 'clock_resumed',
    note: opts.note ?? null,
    data: { by: opts.by, pausedMs: stood, to: newDue?.toISOString() ?? null },
    public: true,
    at: now,
  })
  return true
}

/** An inter-agency information request (59-ФЗ ст. 10 ч. 2) with its own due date from the rules (15 days). */
export async function addInfoRequest(
  tx: Tx,
  actor: Actor,
  appealId: number,
  input: { body: string; subject: string },
  now = new Date(),
) {
  const appeal = await lockOpen(tx, actor, appealId)
  requireRole(actor, CLOCK_ROLES.infoRequest, 'направить запрос может оператор, координатор или исполнитель')
  const term = (await activeRuleSet(tx)).infoRequest
  const dueAt = computeDueAt(term, now, await calendarFor(tx))
  const [row] = await tx
    .insert(appealInfoRequests)
    .values({
      appealId: appeal.id,
      body: input.body,
      subject: input.subject,
      sentAt: now,
      dueAt,
      createdBy: actor.id,
    })
    .returning({ id: appealInfoRequests.id })
  await event(
    tx,
    appeal,
    { kind: 'user', user: actor },
    {
      type: 'info_requested',
      note: `${input.body}: ${input.subject}`,
      data: { requestId: row.id, dueAt: dueAt.toISOString() },
      public: false,
      at: now,
    },
  )
}

/** The other body answered the information request. */
export async function answerInfoRequest(
  tx: Tx,
  actor: Actor,
  appealId: number,
  requestId: number,
  input: { note: string },
  now = new Date(),
) {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  requireRole(actor, CLOCK_ROLES.infoRequest, 'отметить ответ на запрос')
  const [req] = await tx
    .select()
    .from(appealInfoRequests)
    .where(and(eq(appealInfoRequests.id, requestId), eq(appealInfoRequests.appealId, appeal.id)))
    .for('update')
  if (!req) throw new AppError('NOT_FOUND', 'Запрос не найден')
  if (req.answeredAt) throw new AppError('CONFLICT', 'Ответ на этот запрос уже отмечен')
  await tx
    .update(appealInfoRequests)
    .set({ answeredAt: now, answerNote: input.note })
    .where(eq(appealInfoRequests.id, req.id))
  await event(
    tx,
    appeal,
    { kind: 'user', user: actor },
    {
      type: 'info_received',
      note: input.note,
      data: { requestId: req.id },
      public: false,
      at: now,
    },
  )
}

/** The «Сроки» section of the card: final due, the rule, stage ends, pause, extension, information requests, flags. */
export async function getDeadlines(db: Queryable, actor: Actor, appealId: number, now = new Date()) {
  const appeal = await findScopedAppeal(db, actor, appealId)
  const [set, open, clock] = [await activeRuleSet(db), await openStatuses(db), await clockOf(db, appeal.id)]
  const isOpen = open.has(appeal.status)
  const rule = matchRule(set, {
    regime: appeal.regime,
    channel: appeal.channel,
    categories: categoriesOf(appeal),
  })
  const flags = await db
    .select({ flag: deadlineFlags, unitName: units.shortName })
    .from(deadlineFlags)
    .leftJoin(units, eq(units.id, deadlineFlags.unitId))
    .where(eq(deadlineFlags.appealId, appeal.id))
  const requests = await db
    .select()
    .from(appealInfoRequests)
    .where(eq(appealInfoRequests.appealId, appeal.id))
    .orderBy(asc(appealInfoRequests.id))
  const paused = Boolean(clock?.pausedAt)
  const stages = appeal.dueAt ? stageDues(set.stages, appeal.registeredAt, appeal.dueAt) : []
  const currentIdx = stages.findIndex((s) => s.statuses.includes(appeal.status))
  const flagOf = (kind: string) => flags.find((f) => f.flag.kind === kind)
  const presentFlag = (f: (typeof flags)[number] | undefined) =>
    f ? { at: f.flag.flaggedAt.toISOString(), unitName: f.unitName, status: f.flag.status } : null
  const overdue = Boolean(isOpen && !paused && appeal.dueAt && appeal.dueAt.getTime() < now.getTime())
  const can = (roles: RoleCode[]) => isOpen && roles.includes(actor.role)
  const extensionsUsed = clock?.extensions ?? 0
  return {
    dueAt: appeal.dueAt?.toISOString() ?? null,
    baseDueAt: (clock?.baseDueAt ?? appeal.dueAt)?.toISOString() ?? null,
    overdue,
    overdueFlag: presentFlag(flagOf('final')),
    rule: { code: rule.code, term: describeTerm(rule), description: rule.description },
    stages: stages.map((s, i) => ({
      code: s.code,
      name: s.name,
      dueAt: s.dueAt.toISOString(),
      state: (!isOpen || (currentIdx >= 0 && i < currentIdx)
        ? 'done'
        : i === currentIdx
          ? 'current'
          : 'upcoming') as 'done' | 'current' | 'upcoming',
      late:
        Boolean(flagOf(s.code)) ||
        (i === currentIdx && isOpen && !paused && s.dueAt.getTime() < now.getTime()),
      flag: presentFlag(flagOf(s.code)),
    })),
    pause: {
      allowed: set.clarification.regimes.includes(appeal.regime),
      maxDays: set.clarification.maxDays,
      pausedAt: clock?.pausedAt?.toISOString() ?? null,
      limitAt: clock?.pauseLimitAt?.toISOString() ?? null,
      question: clock?.pausedAt ? clock.pauseQuestion : null,
      pausedMs: clock?.pausedMs ?? 0,
    },
    extension: {
      allowed: set.extension.regimes.includes(appeal.regime),
      maxDays: set.extension.maxDays,
      used: extensionsUsed,
      extendedDays: clock?.extendedDays ?? 0,
      left: Math.max(0, set.extension.maxCount - extensionsUsed),
    },
    infoRequests: requests.map((r) => ({
      id: r.id,
      body: r.body,
      subject: r.subject,
      sentAt: r.sentAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      answeredAt: r.answeredAt?.toISOString() ?? null,
      answerNote: r.answerNote,
      overdue: !r.answeredAt && r.dueAt.getTime() < now.getTime(),
    })),
    actions: [
      ...(can(CLOCK_ROLES.extend) &&
      set.extension.regimes.includes(appeal.regime) &&
      extensionsUsed < set.extension.maxCount &&
      !paused &&
      !overdue
        ? ['extend']
        : []),
      ...(can(CLOCK_ROLES.pause) && set.clarification.regimes.includes(appeal.regime) && !paused && !overdue
        ? ['pause']
        : []),
      ...(can(CLOCK_ROLES.pause) && paused ? ['resume'] : []),
      ...(can(CLOCK_ROLES.infoRequest) ? ['info_request'] : []),
    ],
  }
}
export type DeadlinesView = Awaited<ReturnType<typeof getDeadlines>>
