import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { findScopedAppeal, statusNames, transitionAppeal } from '../appeals/appeals.service'
import { appealEvents } from '../appeals/appeals.tables'
import { addCalendarDays } from '../calendar/calendar'
import { enqueueStatusNotice } from '../channels/outbound.service'
import { currentCalendar } from '../deadlines/deadlines.service'
import { units } from '../org/org.tables'
import { statuses } from '../reference/reference.tables'
import type { Actor } from '../users/users.service'
import { fillNotice, redirectRules } from './redirect.rules'

/** The event of a copy sent to another body while the appeal stays with us (59-ФЗ ст. 8 ч. 4). */
export const COPY_EVENT = 'copy_redirected'
/** The events that carry `data.bodies` of a redirect or a copy. */
const REDIRECT_EVENTS = ['redirected', COPY_EVENT]

const DAY = 86_400_000
const moscowDate = (d: Date) =>
  new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d)

export interface RedirectWindow {
  /** End of the last day to redirect (Moscow), or null when the regime has no such term. */
  due: Date | null
  /** Whole days left until `due` (0 on the last day), negative when late. */
  daysLeft: number | null
  late: boolean
  source: string | null
}

/** The term to redirect an appeal: N calendar days from registration (59-ФЗ ст. 8 ч. 3), from the rules. */
export function redirectWindow(appeal: { regime: string; registeredAt: Date }, now: Date): RedirectWindow {
  const rule = redirectRules().deadlines[appeal.regime]
  if (!rule) return { due: null, daysLeft: null, late: false, source: null }
  const due = addCalendarDays(currentCalendar(), appeal.registeredAt, rule.calendarDays, {
    moveOffDay: 'none',
  })
  const daysLeft = Math.floor((due.getTime() - now.getTime()) / DAY)
  return { due, daysLeft, late: now > due, source: rule.source }
}

/** Bodies outside the city's administration an appeal can be redirected to (levels from the rules). */
export async function redirectTargets(db: Queryable) {
  return db
    .select({ id: units.id, name: units.name, shortName: units.shortName, level: units.level })
    .from(units)
    .where(and(isNull(units.deletedAt), inArray(units.level, redirectRules().targetLevels)))
    .orderBy(units.shortName)
}

/** Bodies this appeal was already redirected or copied to, from its history. */
async function alreadySentTo(db: Queryable, appealId: number): Promise<Map<number, Date>> {
  const rows = await db
    .select({ at: appealEvents.at, data: appealEvents.data })
    .from(appealEvents)
    .where(and(eq(appealEvents.appealId, appealId), inArray(appealEvents.type, REDIRECT_EVENTS)))
  const out = new Map<number, Date>()
  for (const r of rows) {
    const bodies = (r.data as { bodies?: { id: number }[] }).bodies ?? []
    for (const b of bodies) out.set(b.id, r.at)
  }
  return out
}

/** What the card's redirect form needs: the term, the bodies, and where copies already went. */
export async function redirectOptions(db: Queryable, actor: Actor, appealId: number, now = new Date()) {
  const appeal = await findScopedAppeal(db, actor, appealId)
  const sent = await alreadySentTo(db, appeal.id)
  return {
    window: redirectWindow(appeal, now),
    bodies: (await redirectTargets(db)).map((b) => ({ ...b, sentAt: sent.get(b.id) ?? null })),
  }
}

export interface RedirectInput {
  /** 'redirect': the whole appeal is not ours, it leaves (status «Направлено по компетенции»);
   *  'copy': a copy for the part that belongs to other bodies, the appeal stays in work. */
  mode: 'redirect' | 'copy'
  bodyIds: number[]
  /** Why it is not our competence (internal, kept in the history). */
  reason: string
  /** Bodies whose decisions or actions the appeal complains about: it may never go to them (ст. 8 ч. 6). */
  complaintAgainstIds?: number[]
  /** Required once the term has passed: why it is late (kept in the history). */
  lateReason?: string | null
}

/**
 * Redirects an appeal to other bodies, or sends them a copy, with the citizen's notice generated from the
 * rules' template. The notice is a public history event (the tracking page shows it) and goes out through
 * the appeal's channel as a status notice, queued in the same transaction.
 */
export async function redirectAppeal(
  tx: Tx,
  actor: Actor,
  appealId: number,
  input: RedirectInput,
  now = new Date(),
): Promise<void> {
  const appeal = await findScopedAppeal(tx, actor, appealId, { forUpdate: true })
  if (appeal.duplicateOf !== null) {
    throw new AppError(
      'CONFLICT',
      'Обращение входит в инцидент: переадресуйте главное обращение инцидента или сначала отделите это',
    )
  }
  const ids = [...new Set(input.bodyIds)]
  const found = ids.length
    ? await tx
        .select({ id: units.id, name: units.name, shortName: units.shortName, level: units.level })
        .from(units)
        .where(and(inArray(units.id, ids), isNull(units.deletedAt)))
    : []
  const missing = ids.filter((id) => !found.some((b) => b.id === id))
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', 'Орган не найден или удалён из справочника', [
      { path: 'bodyIds', message: `нет органа с кодом ${missing.join(', ')}` },
    ])
  }
  const rules = redirectRules()
  const inside = found.filter((b) => !(rules.targetLevels as string[]).includes(b.level))
  if (inside.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `«${inside[0].shortName}» — подразделение города, а не другой орган: передайте обращение ему назначением, а не переадресацией`,
      [{ path: 'bodyIds', message: 'подразделение города' }],
    )
  }
  const accused = found.filter((b) => input.complaintAgainstIds?.includes(b.id))
  if (accused.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Жалобу нельзя направлять в орган, решение или действие которого в ней обжалуется: «${accused[0].shortName}» (59-ФЗ ст. 8 ч. 6)`,
      [{ path: 'bodyIds', message: 'обжалуются действия этого органа' }],
    )
  }
  const sent = await alreadySentTo(tx, appeal.id)
  const again = found.find((b) => sent.has(b.id))
  if (again) {
    throw new AppError(
      'CONFLICT',
      `В «${again.shortName}» обращение уже направлено ${moscowDate(sent.get(again.id) as Date)}`,
    )
  }
  const window = redirectWindow(appeal, now)
  const lateReason = input.lateReason?.trim() || null
  if (window.late && !lateReason) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Срок переадресации истёк ${moscowDate(window.due as Date)} (${window.source}). Укажите причину задержки — она останется в истории`,
      [{ path: 'lateReason', message: 'укажите причину задержки' }],
    )
  }
  const names = found.map((b) => b.name)
  const notice = fillNotice(rules.notices[input.mode], {
    number: appeal.regNumber,
    registered: moscowDate(appeal.registeredAt),
    date: moscowDate(now),
    bodies: names.join('; '),
    answerer: names.length > 1 ? 'каждый из этих органов по своим вопросам' : 'этот орган',
    ourBody: rules.ourBody,
  })
  const data = {
    mode: input.mode,
    bodies: found.map((b) => ({ id: b.id, name: b.name, shortName: b.shortName })),
    reason: input.reason,
    complaintAgainstIds: input.complaintAgainstIds ?? [],
    due: window.due?.toISOString() ?? null,
    late: window.late,
    lateReason,
    notice,
  }
  if (input.mode === 'redirect') {
    await transitionAppeal(tx, {
      appeal,
      action: 'redirect',
      actor: { kind: 'user', user: actor },
      eventType: 'redirected',
      note: input.reason,
      data,
      at: now,
    })
    return
  }
  const [status] = await tx
    .select({ isOpen: statuses.isOpen })
    .from(statuses)
    .where(eq(statuses.code, appeal.status))
  if (!status?.isOpen) {
    const name = (await statusNames(tx)).get(appeal.status) ?? appeal.status
    throw new AppError('TRANSITION_NOT_ALLOWED', `Копию направить нельзя: обращение в статусе «${name}»`)
  }
  const [event] = await tx
    .insert(appealEvents)
    .values({
      appealId: appeal.id,
      at: now,
      type: COPY_EVENT,
      actorKind: 'user',
      actorUserId: actor.id,
      fromStatus: appeal.status,
      toStatus: appeal.status,
      note: input.reason,
      data,
      public: true,
    })
    .returning({ id: appealEvents.id })
  await enqueueStatusNotice(tx, appeal, { id: event.id, type: COPY_EVENT })
}
