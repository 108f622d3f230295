import { and, asc, desc, eq, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { moscowDate } from '../../platform/time'
import {
  findScopedAppeal,
  openStatuses,
  scopeCondition,
  selectAppealViews,
  withApplicantNames,
} from '../appeals/appeals.service'
import { appealEvents, appeals } from '../appeals/appeals.tables'
import { workingDaysBetween } from '../calendar/calendar'
import { currentCalendar } from '../deadlines/deadlines.service'
import { insertNotifications } from '../notifications/notifications.service'
import { appealScope } from '../users/users.policy'
import type { Actor } from '../users/users.service'
import { controlWindows, type Ladder, loadLadder } from './ladder'
import { recipientKey, recipientsCte } from './recipients'

/** Who may open «Контроль сроков» and remind / escalate from it (a deputy within its sectors). */
export const CONTROL_ROLES = ['operator', 'coordinator', 'admin', 'head', 'deputy'] as const

export const BUCKETS = ['overdue', 'today', 'tomorrow'] as const
export type Bucket = (typeof BUCKETS)[number]

export interface BoardQuery {
  bucket?: Bucket
  unitId?: number
  sector?: string
  limit: number
  offset: number
}

const OPEN = sql`${appeals.status} in (select code from status where is_open)`

function windows(now: Date) {
  const w = controlWindows(currentCalendar(), now)
  const bucketOf: Record<Bucket, SQL> = {
    overdue: sql`${appeals.dueAt} <= ${now.toISOString()}::timestamptz`,
    today: sql`${appeals.dueAt} > ${now.toISOString()}::timestamptz and ${appeals.dueAt} <= ${w.todayEnd.toISOString()}::timestamptz`,
    tomorrow: sql`${appeals.dueAt} > ${w.todayEnd.toISOString()}::timestamptz and ${appeals.dueAt} <= ${w.tomorrowEnd.toISOString()}::timestamptz`,
  }
  return { ...w, bucketOf }
}

/** The open appeals the actor may see that are overdue or due by the end of the next working day. */
function boardWhere(actor: Actor, q: Omit<BoardQuery, 'limit' | 'offset'>, now: Date) {
  const w = windows(now)
  const conds: (SQL | undefined)[] = [
    scopeCondition(appealScope(actor)),
    OPEN,
    isNotNull(appeals.dueAt),
    lte(appeals.dueAt, w.tomorrowEnd),
  ]
  if (q.bucket) conds.push(w.bucketOf[q.bucket])
  if (q.unitId) conds.push(eq(appeals.unitId, q.unitId))
  if (q.sector) conds.push(eq(appeals.sectorCode, q.sector))
  return { where: and(...conds) as SQL, w }
}

const countsSql = (w: ReturnType<typeof windows>) => ({
  overdue: sql<number>`count(*) filter (where ${w.bucketOf.overdue})::int`,
  today: sql<number>`count(*) filter (where ${w.bucketOf.today})::int`,
  tomorrow: sql<number>`count(*) filter (where ${w.bucketOf.tomorrow})::int`,
})

/** How late an appeal is: minutes past due and whole working days after the due day (0 on the due day). */
export function lateness(dueAt: Date | null, now: Date): { minutes: number; workingDays: number } | null {
  if (!dueAt || dueAt.getTime() > now.getTime()) return null
  let workingDays = 0
  try {
    workingDays = workingDaysBetween(currentCalendar(), dueAt, now)
  } catch {
    workingDays = Math.floor((now.getTime() - dueAt.getTime()) / 86_400_000)
  }
  return { minutes: Math.floor((now.getTime() - dueAt.getTime()) / 60_000), workingDays }
}

/**
 * «Контроль сроков»: counts by bucket, by unit and by sector, and a page of the list (urgent, then due first), all within
 * the actor's scope. The filters narrow the list and the counts alike.
 */
export async function getBoard(db: Queryable, actor: Actor, q: BoardQuery, now = new Date()) {
  const { where, w } = boardWhere(actor, { unitId: q.unitId, sector: q.sector }, now)
  const counts = countsSql(w)
  const [summary] = await db.select(counts).from(appeals).where(where)
  const byUnit = await db
    .select({ unitId: appeals.unitId, name: sql<string | null>`min(unit.short_name)`, ...counts })
    .from(appeals)
    .leftJoin(sql`unit`, sql`unit.id = ${appeals.unitId}`)
    .where(where)
    .groupBy(appeals.unitId)
    .orderBy(desc(counts.overdue), desc(counts.today))
  const bySector = await db
    .select({ code: appeals.sectorCode, name: sql<string | null>`min(sector.name)`, ...counts })
    .from(appeals)
    .leftJoin(sql`sector`, sql`sector.code = ${appeals.sectorCode}`)
    .where(where)
    .groupBy(appeals.sectorCode)
    .orderBy(desc(counts.overdue), desc(counts.today))
  const listWhere = q.bucket ? (and(where, w.bucketOf[q.bucket]) as SQL) : where
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(appeals).where(listWhere)
  const rows = await selectAppealViews(db)
    .where(listWhere)
    // Urgent first (issue 4: on top of every queue), then by due moment.
    .orderBy(desc(appeals.urgent), asc(appeals.dueAt), asc(appeals.id))
    .limit(q.limit)
    .offset(q.offset)
  const items = await withApplicantNames(db, rows)
  const last = await lastManual(
    db,
    items.map((i) => i.appeal.id),
  )
  return { summary, byUnit, bySector, total, items, lastManual: last, windows: w }
}

/** The latest manual reminder or escalation per appeal (for the list and the rate limit). */
async function lastManual(db: Queryable, ids: number[]) {
  if (ids.length === 0) return new Map<number, { type: string; at: Date }>()
  const rows = await db
    .selectDistinctOn([appealEvents.appealId], {
      appealId: appealEvents.appealId,
      type: appealEvents.type,
      at: appealEvents.at,
    })
    .from(appealEvents)
    .where(and(inArray(appealEvents.appealId, ids), inArray(appealEvents.type, [...MANUAL_EVENTS])))
    .orderBy(appealEvents.appealId, desc(appealEvents.at))
  return new Map(rows.map((r) => [r.appealId, { type: r.type, at: r.at }]))
}

export const REMIND_EVENT = 'reminder_sent'
export const ESCALATE_EVENT = 'escalated'
const MANUAL_EVENTS = [REMIND_EVENT, ESCALATE_EVENT] as const

const hhmm = (d: Date) => new Date(d.getTime() + 3 * 3_600_000).toISOString().slice(11, 16)

/**
 * «Напомнить» (to the executor unit) or «Эскалировать» (to the unit head, the next time to the curating
 * deputy) from the board. Recorded in the appeal's history (not public) and limited to one manual action per
 * appeal per `manual.minIntervalMinutes` — a refusal says when the next one is possible. The notifications
 * and their e-mail / Telegram jobs are written in the same transaction.
 */
export async function manualNotify(
  tx: Tx,
  actor: Actor,
  appealId: number,
  action: 'remind' | 'escalate',
  now = new Date(),
  ladder: Ladder = loadLadder(),
): Promise<{ target: 'executors' | 'unit_head' | 'deputy'; recipients: number }> {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  if (!(await openStatuses(tx)).has(appeal.status)) {
    throw new AppError('CONFLICT', `Обращение № ${appeal.regNumber} уже не в работе: напоминать не о чем`)
  }
  const last = (await lastManual(tx, [appeal.id])).get(appeal.id)
  const nextAt = last ? new Date(last.at.getTime() + ladder.manual.minIntervalMinutes * 60_000) : null
  if (nextAt && nextAt.getTime() > now.getTime()) {
    throw new AppError(
      'RATE_LIMITED',
      `По обращению № ${appeal.regNumber} уже ${last?.type === ESCALATE_EVENT ? 'была эскалация' : 'отправлено напоминание'} в ${hhmm(last?.at ?? now)}; следующее — не раньше ${hhmm(nextAt)} (не чаще раза в ${ladder.manual.minIntervalMinutes} мин)`,
    )
  }
  let target: 'executors' | 'unit_head' | 'deputy' = 'executors'
  if (action === 'escalate') {
    const [prior] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(appealEvents)
      .where(and(eq(appealEvents.appealId, appeal.id), eq(appealEvents.type, ESCALATE_EVENT)))
    target = prior.n > 0 ? 'deputy' : 'unit_head'
  }
  const type = action === 'remind' ? REMIND_EVENT : ESCALATE_EVENT
  const [event] = await tx
    .insert(appealEvents)
    .values({
      appealId: appeal.id,
      at: now,
      type,
      actorKind: 'user',
      actorUserId: actor.id,
      fromStatus: appeal.status,
      toStatus: appeal.status,
      data: { target },
      public: false,
    })
    .returning({ id: appealEvents.id })
  const due = appeal.dueAt
    ? `срок ${moscowDate(appeal.dueAt).split('-').reverse().join('.')} ${hhmm(appeal.dueAt)} (МСК)`
    : 'срок не установлен'
  const late = lateness(appeal.dueAt, now)
  const title =
    action === 'remind'
      ? `Напоминание МЦУ: обращение № ${appeal.regNumber}`
      : `Эскалация МЦУ: обращение № ${appeal.regNumber}`
  const body =
    `${actor.fullName} (${action === 'remind' ? 'напоминает о сроке' : 'просит взять на контроль'}): обращение № ${appeal.regNumber}, ${due}` +
    (late ? `, просрочено на ${late.workingDays} раб. дн.` : '') +
    '.'
  const key = recipientKey(
    sql`${target}::text`,
    sql`${appeal.unitId}::int`,
    sql`${appeal.sectorCode}::text`,
    sql`${appeal.curatorId}::uuid`,
  )
  const { notifications } = await insertNotifications(
    tx,
    sql`
      select r.user_id, ${appeal.id}::bigint, 'manual', ${action}::text, ${title}::text, ${body}::text,
        ${`/appeals/${appeal.id}`}::text, ${`manual:${event.id}:`}::text || r.user_id
      from (${recipientsCte}) r where r.key = ${key}`,
  )
  return { target, recipients: notifications }
}

export type Board = Awaited<ReturnType<typeof getBoard>>
