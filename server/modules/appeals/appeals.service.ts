import crypto from 'node:crypto'
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm'
import { cached } from '../../platform/cache'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { enqueueStatusNotice } from '../channels/outbound.service'
import { locateDistrict } from '../geo/geo.service'
import { districts } from '../geo/geo.tables'
import { units } from '../org/org.tables'
import {
  channels,
  regimes,
  sectors,
  statuses,
  statusTransitions,
  topics,
} from '../reference/reference.tables'
import { appealCoExecutors } from '../routing/routing.tables'
import { appealScope, canSeePersonalData, type Scope } from '../users/users.policy'
import type { Actor } from '../users/users.service'
import { pdAccessLog, users } from '../users/users.tables'
import type { ListAppealsQuery } from './appeals.schemas'
import { appealEvents, appeals, applicants } from './appeals.tables'

/** Who acts: a signed-in user, the citizen (tracking page), or the system (jobs, channels). */
export type ActorRef = { kind: 'user'; user: Actor } | { kind: 'citizen' } | { kind: 'system' }
export { type RegisterResult, registerAppeal, registerAppeals } from './registration'

const roleOf = (a: ActorRef) => (a.kind === 'user' ? a.user.role : a.kind)
const userIdOf = (a: ActorRef) => (a.kind === 'user' ? a.user.id : null)

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

/** Hash under which a tracking code is kept; bound to the number so codes cannot be swapped. */
export const trackingHash = (regNumber: string, code: string) => sha256(`${regNumber}:${code}`)

/**
 * The SQL condition that limits appeals to what the actor may see. A unit sees its own appeals and those
 * it is a co-executor of; `executorOnly` (changes: answers, decline, locks) leaves the co-executed out.
 */
export function scopeCondition(scope: Scope, opts: { executorOnly?: boolean } = {}): SQL | undefined {
  if (scope.kind === 'all') return undefined
  if (scope.kind === 'unit')
    return opts.executorOnly
      ? eq(appeals.unitId, scope.unitId)
      : or(
          eq(appeals.unitId, scope.unitId),
          sql`exists (select 1 from ${appealCoExecutors} c where c.appeal_id = ${appeals.id} and c.unit_id = ${scope.unitId})`,
        )
  if (scope.sectors.length === 0) return sql`false`
  return inArray(appeals.sectorCode, scope.sectors)
}

/** Loads an appeal the actor may see, or throws NOT_FOUND (never "forbidden": "not yours" is "not found"). */
export async function findScopedAppeal(
  db: Queryable,
  actor: Actor,
  id: number,
  opts: { forUpdate?: boolean } = {},
) {
  const q = db
    .select()
    .from(appeals)
    .where(and(eq(appeals.id, id), scopeCondition(appealScope(actor), { executorOnly: opts.forUpdate })))
  const [row] = opts.forUpdate ? await q.for('update') : await q
  if (!row) throw new AppError('NOT_FOUND', 'Обращение не найдено')
  return row
}

export type AppealRow = typeof appeals.$inferSelect

/**
 * An appeal by id or number for the system, without a user's scope: a channel module that has matched
 * the sender itself (e.g. the Telegram chat that filed it) looks the appeal up through this.
 */
export async function findAppealForSystem(
  db: Queryable,
  by: { id: number } | { regNumber: string } | { channel: string; externalId: string },
  opts: { forUpdate?: boolean } = {},
): Promise<AppealRow | undefined> {
  const q = db
    .select()
    .from(appeals)
    .where(
      'id' in by
        ? eq(appeals.id, by.id)
        : 'regNumber' in by
          ? eq(appeals.regNumber, by.regNumber)
          : and(eq(appeals.channel, by.channel), eq(appeals.externalId, by.externalId)),
    )
  const [row] = opts.forUpdate ? await q.for('update') : await q
  return row
}

/**
 * The applicant adds the place after the text (a pin sent in a messenger): sets the point, the district
 * from the map and, when empty, the address; a staff-only history event records it.
 */
export async function setAppealPlace(
  tx: Tx,
  appealId: number,
  place: { lat: number; lon: number; addressText?: string | null },
  actor: ActorRef,
): Promise<AppealRow> {
  const districtCode = (await locateDistrict(tx, place.lat, place.lon))?.code ?? null
  const [updated] = await tx
    .update(appeals)
    .set({
      lat: place.lat,
      lon: place.lon,
      districtCode,
      addressText: sql`coalesce(${appeals.addressText}, ${place.addressText ?? null})`,
      updatedAt: new Date(),
    })
    .where(eq(appeals.id, appealId))
    .returning()
  await tx.insert(appealEvents).values({
    appealId,
    type: 'place_set',
    actorKind: actor.kind,
    actorUserId: userIdOf(actor),
    data: { lat: place.lat, lon: place.lon, districtCode },
    public: false,
  })
  return updated
}

/**
 * The citizen adds to an appeal without changing its status (a reply to our letter): a public history
 * event. No status notice is queued for it — it is the citizen's own act.
 */
export async function addCitizenEvent(
  tx: Tx,
  appealId: number,
  event: { type: string; note: string | null; data?: Record<string, unknown>; at?: Date },
): Promise<number> {
  const [row] = await tx
    .insert(appealEvents)
    .values({
      appealId,
      at: event.at ?? new Date(),
      type: event.type,
      actorKind: 'citizen',
      note: event.note,
      data: event.data ?? {},
      public: true,
    })
    .returning({ id: appealEvents.id })
  return row.id
}

/**
 * Moves an appeal along an allowed transition (status_transition table) and writes the history
 * event in the same transaction. The row is locked so two concurrent actions cannot both pass.
 */
export async function transitionAppeal(
  tx: Tx,
  opts: {
    appeal: AppealRow
    action: string
    actor: ActorRef
    eventType: string
    note?: string | null
    data?: Record<string, unknown>
    publicEvent?: boolean
    set?: Partial<typeof appeals.$inferInsert>
    at?: Date
  },
): Promise<AppealRow> {
  const [locked] = await tx.select().from(appeals).where(eq(appeals.id, opts.appeal.id)).for('update')
  const rule = (await transitions(tx)).find((t) => t.action === opts.action && t.fromStatus === locked.status)
  if (!rule?.roles.includes(roleOf(opts.actor))) {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `Действие недоступно: обращение в статусе «${(await statusNames(tx)).get(locked.status) ?? locked.status}»`,
    )
  }
  const at = opts.at ?? new Date()
  const [updated] = await tx
    .update(appeals)
    .set({ ...opts.set, status: rule.toStatus, updatedAt: at })
    .where(eq(appeals.id, locked.id))
    .returning()
  const [event] = await tx
    .insert(appealEvents)
    .values({
      appealId: locked.id,
      at,
      type: opts.eventType,
      actorKind: opts.actor.kind,
      actorUserId: userIdOf(opts.actor),
      fromStatus: locked.status,
      toStatus: rule.toStatus,
      note: opts.note ?? null,
      data: opts.data ?? {},
      public: opts.publicEvent ?? true,
    })
    .returning({ id: appealEvents.id })
  if (opts.publicEvent ?? true) await enqueueStatusNotice(tx, updated, { id: event.id, type: opts.eventType })
  return updated
}

/** Actions the actor can take on the appeal now (drives the buttons in the UI). */
export async function availableActions(db: Queryable, actor: Actor, appeal: AppealRow): Promise<string[]> {
  const rows = await transitions(db)
  return rows
    .filter((r) => r.fromStatus === appeal.status && r.roles.includes(actor.role))
    .map((r) => r.action)
}

const OPEN_STATUSES = sql`(select code from ${statuses} where ${statuses.isOpen})`
/** Statuses in which an appeal without an executor waits for routing (registered, at coordination). */
export const WAITING_FOR_EXECUTOR: readonly string[] = ['registered', 'routing']
export const isOverdueSql = (now: Date) =>
  and(lt(appeals.dueAt, now), sql`${appeals.status} in ${OPEN_STATUSES}`) as SQL

/** A page of the registry as the actor may see it, newest first; open urgent items on top. */
export async function listAppeals(db: Queryable, actor: Actor, q: ListAppealsQuery, now = new Date()) {
  const conds: (SQL | undefined)[] = [scopeCondition(appealScope(actor))]
  if (q.status) conds.push(eq(appeals.status, q.status))
  else {
    // The work queue leaves out items awaiting review («На модерации»: noise from social networks, see
    // /api/review) unless they are asked for by status.
    conds.push(sql`${appeals.status} <> 'moderation'`)
    if (q.open) conds.push(sql`${appeals.status} in ${OPEN_STATUSES}`)
  }
  if (q.sector) conds.push(eq(appeals.sectorCode, q.sector))
  if (q.district) conds.push(eq(appeals.districtCode, q.district))
  if (q.regime) conds.push(eq(appeals.regime, q.regime))
  if (q.channel) conds.push(eq(appeals.channel, q.channel))
  if (q.unitId) conds.push(eq(appeals.unitId, q.unitId))
  if (q.urgent !== undefined) conds.push(eq(appeals.urgent, q.urgent))
  if (q.waiting) conds.push(and(isNull(appeals.unitId), inArray(appeals.status, [...WAITING_FOR_EXECUTOR])))
  if (q.overdue) conds.push(isOverdueSql(now))
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conds.push(
      or(ilike(appeals.text, like), ilike(appeals.regNumber, like), ilike(appeals.addressText, like)),
    )
  }
  const where = and(...conds)
  const [{ total }] = await db.select({ total: count() }).from(appeals).where(where)
  const rows = await selectAppealViews(db)
    .where(where)
    .orderBy(
      desc(sql`${appeals.urgent} and ${statuses.isOpen}`),
      desc(appeals.registeredAt),
      desc(appeals.id),
    )
    .limit(q.limit)
    .offset(q.offset)
  return { total, items: await withApplicantNames(db, rows) }
}

/** Adds the first applicant's name (or handle) to each view, in one query; presenters mask it. */
export async function withApplicantNames(db: Queryable, rows: AppealView[]) {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.appeal.id)
  const first = await db
    .select({ appealId: applicants.appealId, fullName: applicants.fullName, handle: applicants.handle })
    .from(applicants)
    .where(and(inArray(applicants.appealId, ids), eq(applicants.position, 0)))
  const nameById = new Map(first.map((a) => [a.appealId, a.fullName ?? a.handle]))
  return rows.map((r) => ({ ...r, applicantName: nameById.get(r.appeal.id) ?? null }))
}

/** The appeal row joined with the names of everything it refers to. */
export function selectAppealViews(db: Queryable) {
  return db
    .select({
      appeal: appeals,
      regimeName: regimes.name,
      regimeRegistrationDays: regimes.registrationDays,
      channelName: channels.name,
      statusName: statuses.name,
      statusPublicName: statuses.publicName,
      statusIsOpen: statuses.isOpen,
      sectorName: sectors.name,
      topicName: topics.name,
      districtName: districts.name,
      unitShortName: units.shortName,
      unitName: units.name,
    })
    .from(appeals)
    .innerJoin(regimes, eq(regimes.code, appeals.regime))
    .innerJoin(channels, eq(channels.code, appeals.channel))
    .innerJoin(statuses, eq(statuses.code, appeals.status))
    .leftJoin(sectors, eq(sectors.code, appeals.sectorCode))
    .leftJoin(topics, eq(topics.code, appeals.topicCode))
    .leftJoin(districts, eq(districts.code, appeals.districtCode))
    .leftJoin(units, eq(units.id, appeals.unitId))
}
export type AppealView = Awaited<ReturnType<ReturnType<typeof selectAppealViews>['where']>>[number]

/** One appeal with applicants, history and answers; logs the access when personal data is shown. */
export async function getAppealCard(db: Queryable, actor: Actor, id: number) {
  const appeal = await findScopedAppeal(db, actor, id)
  const [view] = await selectAppealViews(db).where(eq(appeals.id, appeal.id))
  const applicantRows = await db
    .select()
    .from(applicants)
    .where(eq(applicants.appealId, id))
    .orderBy(asc(applicants.position))
  const events = await db
    .select({ event: appealEvents, actorName: users.fullName })
    .from(appealEvents)
    .leftJoin(users, eq(users.id, appealEvents.actorUserId))
    .where(eq(appealEvents.appealId, id))
    .orderBy(asc(appealEvents.at), asc(appealEvents.id))
  const actions = await availableActions(db, actor, appeal)
  const showPd = canSeePersonalData(actor)
  if (showPd) {
    await db
      .insert(pdAccessLog)
      .values({ userId: actor.id, appealId: id, action: 'view_card', details: { role: actor.role } })
  }
  return { view, applicants: applicantRows, events, actions, showPd }
}

/** Statuses by code, for presenting history. */
export function statusNames(db: Queryable): Promise<Map<string, string>> {
  return cached('status-names', 60_000, async () => {
    const rows = await db.select({ code: statuses.code, name: statuses.name }).from(statuses)
    return new Map(rows.map((r) => [r.code, r.name]))
  })
}

/** Codes of the open statuses (still being worked on), cached like the names. */
export function openStatuses(db: Queryable): Promise<Set<string>> {
  return cached('open-statuses', 60_000, async () => {
    const rows = await db.select({ code: statuses.code }).from(statuses).where(eq(statuses.isOpen, true))
    return new Set(rows.map((r) => r.code))
  })
}

/** The transition table (status_transition), cached: it is read on every action and every card. */
const transitions = (db: Queryable) =>
  cached('transitions', 60_000, () => db.select().from(statusTransitions))
