import { and, asc, count, desc, eq } from 'drizzle-orm'
import type { Queryable, Tx } from '../../../platform/db'
import { AppError } from '../../../platform/errors'
import { maskName } from '../../../platform/pd'
import { iso } from '../../appeals/appeals.presenter'
import {
  findScopedAppeal,
  scopeCondition,
  selectAppealViews,
  transitionAppeal,
  withApplicantNames,
} from '../../appeals/appeals.service'
import { appeals } from '../../appeals/appeals.tables'
import { isUrgentToCheck } from '../../appeals/urgency.service'
import { appealScope } from '../../users/users.policy'
import type { Actor } from '../../users/users.service'
import { REVIEW_STATUS } from './incidents.service'

/**
 * The review list («Проверка»): items registered with status «На модерации» — social-network posts the
 * noise check flagged, with its reasons. Urgent first (a danger is looked at even in a post that reads like noise),
 * then oldest first, so nothing waits for ever. Accept sends an item
 * to coordination («Координация») and so into the work queue; reject closes it with a note.
 */
export async function listReview(db: Queryable, actor: Actor, page: { limit: number; offset: number }) {
  const where = and(eq(appeals.status, REVIEW_STATUS), scopeCondition(appealScope(actor)))
  const [{ total }] = await db.select({ total: count() }).from(appeals).where(where)
  const rows = await selectAppealViews(db)
    .where(where)
    .orderBy(desc(appeals.urgent), asc(appeals.receivedAt), asc(appeals.id))
    .limit(page.limit)
    .offset(page.offset)
  const items = (await withApplicantNames(db, rows)).map((v) => {
    const a = v.appeal
    const meta = a.meta as {
      incident?: { url?: string; publicPageUrl?: string; reposts?: number }
      noise?: { reasons?: string[] }
    }
    return {
      id: a.id,
      regNumber: a.regNumber,
      channel: { code: a.channel, name: v.channelName },
      receivedAt: iso(a.receivedAt),
      text: a.text,
      url: meta.incident?.url ?? null,
      publicPageUrl: meta.incident?.publicPageUrl ?? null,
      reposts: meta.incident?.reposts ?? 0,
      author: maskName(v.applicantName ?? null),
      reasons: meta.noise?.reasons ?? [],
      urgent: a.urgent,
      urgentToCheck: isUrgentToCheck(a),
    }
  })
  return { total, items }
}

async function findUnderReview(tx: Tx, actor: Actor, id: number) {
  const appeal = await findScopedAppeal(tx, actor, id, { forUpdate: true })
  if (appeal.status !== REVIEW_STATUS)
    throw new AppError('TRANSITION_NOT_ALLOWED', `Обращение ${appeal.regNumber} уже не на проверке`)
  return appeal
}

/** Accepts a reviewed item: it is not noise after all («Координация», then the work queue). */
export async function acceptReviewed(tx: Tx, actor: Actor, id: number, note: string | null) {
  const appeal = await findUnderReview(tx, actor, id)
  return transitionAppeal(tx, {
    appeal,
    action: 'accept',
    actor: { kind: 'user', user: actor },
    eventType: 'accepted',
    note,
    data: { review: 'accepted' },
  })
}

/** Rejects a reviewed item as noise, with the reviewer's note. */
export async function rejectReviewed(tx: Tx, actor: Actor, id: number, note: string) {
  const appeal = await findUnderReview(tx, actor, id)
  return transitionAppeal(tx, {
    appeal,
    action: 'reject',
    actor: { kind: 'user', user: actor },
    eventType: 'rejected',
    note,
    data: { review: 'rejected' },
  })
}
