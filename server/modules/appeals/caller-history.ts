import { and, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm'
import type { Queryable } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { normalizePhone } from '../../platform/pd'
import { appealScope } from '../users/users.policy'
import type { Actor } from '../users/users.service'
import { pdAccessLog } from '../users/users.tables'
import { scopeCondition, selectAppealViews, withApplicantNames } from './appeals.service'
import { appeals, applicants } from './appeals.tables'

const LIMIT = 20

/**
 * The caller's earlier appeals from every channel, for the phone operator: matched by the normalised
 * phone number or by the beginning of the name. Looking a person up is an access to personal data,
 * so it is logged (152-ФЗ ст. 18.1).
 */
export async function findCallerHistory(
  db: Queryable,
  actor: Actor,
  query: { phone?: string; name?: string },
) {
  const phone = normalizePhone(query.phone)
  const name = query.name?.trim()
  if (!phone && (!name || name.length < 3)) {
    throw new AppError('VALIDATION_FAILED', 'Укажите телефон полностью или не меньше трёх букв фамилии')
  }
  const matches: SQL[] = []
  if (phone) matches.push(eq(applicants.phone, phone))
  if (name && name.length >= 3)
    matches.push(ilike(applicants.fullName, `${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
  const hits = await db
    .selectDistinct({ appealId: applicants.appealId })
    .from(applicants)
    .where(or(...matches))
    .orderBy(desc(applicants.appealId))
    .limit(200)
  await db.insert(pdAccessLog).values({
    userId: actor.id,
    action: 'caller_lookup',
    details: { byPhone: Boolean(phone), byName: Boolean(name), found: hits.length },
  })
  if (hits.length === 0) return []
  const ids = hits.map((h) => h.appealId)
  const rows = await selectAppealViews(db)
    .where(and(inArray(appeals.id, ids), scopeCondition(appealScope(actor))))
    .orderBy(desc(appeals.registeredAt))
    .limit(LIMIT)
  return withApplicantNames(db, rows)
}
