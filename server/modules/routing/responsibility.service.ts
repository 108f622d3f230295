import fs from 'node:fs'
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import { cached } from '../../platform/cache'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { districts } from '../geo/geo.tables'
import { units } from '../org/org.tables'
import { sectors, topics } from '../reference/reference.tables'
import { users } from '../users/users.tables'
import {
  describeConditions,
  type MatchTraceItem,
  type MatrixContext,
  type MatrixQuery,
  type MatrixRule,
  matchRule,
  validateMatrix,
} from './matrix'
import { responsibilityRules } from './routing.tables'

const ZRuleFile = z.object({
  sector: z.string().optional(),
  topic: z.string().optional(),
  district: z.string().optional(),
  objectType: z.string().optional(),
  unit: z.string().min(1),
  coExecutors: z.array(z.string()).optional(),
  deputy: z.string().optional(),
  note: z.string().optional(),
})
const ZResponsibilityFile = z.object({
  description: z.string(),
  objectTypes: z
    .array(z.object({ code: z.string().regex(/^[a-z][a-z0-9_]*$/), name: z.string().min(1) }))
    .min(1),
  rules: z.array(ZRuleFile).min(1),
})
export type ResponsibilityFile = z.infer<typeof ZResponsibilityFile>

let file: ResponsibilityFile | undefined
/** reference/responsibility.json: the object types and the matrix a new database starts with. */
export function loadResponsibilityFile(): ResponsibilityFile {
  if (file) return file
  const raw = JSON.parse(
    fs.readFileSync(new URL('../../../reference/responsibility.json', import.meta.url), 'utf8'),
  ) as unknown
  const parsed = ZResponsibilityFile.safeParse(raw)
  if (!parsed.success)
    throw new Error(
      `reference/responsibility.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  file = parsed.data
  return file
}

export type RuleRow = typeof responsibilityRules.$inferSelect

/** The matrix in its order. */
export function listRules(db: Queryable): Promise<RuleRow[]> {
  return db
    .select()
    .from(responsibilityRules)
    .orderBy(asc(responsibilityRules.position), asc(responsibilityRules.id))
}

export const referenceNames = (db: Queryable) =>
  cached('responsibility-reference', 60_000, async () => {
    // One after another: inside a transaction on the embedded database there is one session.
    const s = await db.select({ code: sectors.code, name: sectors.name }).from(sectors)
    const t = await db
      .select({ code: topics.code, name: topics.name, sectorCode: topics.sectorCode })
      .from(topics)
    const d = await db.select({ code: districts.code, name: districts.name }).from(districts)
    return {
      sectors: new Map(s.map((r) => [r.code, r.name])),
      topics: new Map(t.map((r) => [r.code, { sectorCode: r.sectorCode, name: r.name }])),
      districts: new Map(d.map((r) => [r.code, r.name])),
      objectTypes: new Map(loadResponsibilityFile().objectTypes.map((o) => [o.code, o.name])),
    }
  })

/**
 * Names and facts for matching and validation. Units and users are read fresh (a unit deleted a second
 * ago must not be routed to); only the classifiers are cached. Queries run one after another: inside a
 * transaction on the embedded database there is one session.
 */
export async function loadMatrixContext(db: Queryable, extraUserIds: string[] = []): Promise<MatrixContext> {
  const ref = await referenceNames(db)
  const unitRows = await db
    .select({ id: units.id, shortName: units.shortName, sectors: units.sectors, deletedAt: units.deletedAt })
    .from(units)
  const userRows = await db
    .select({ id: users.id, fullName: users.fullName, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(
      extraUserIds.length
        ? sql`${users.role} = 'deputy' or ${inArray(users.id, extraUserIds)}`
        : eq(users.role, 'deputy'),
    )
  return {
    ...ref,
    units: new Map(
      unitRows.map((u) => [
        u.id,
        { shortName: u.shortName, sectors: u.sectors, deleted: u.deletedAt !== null },
      ]),
    ),
    users: new Map(
      userRows.map((u) => [u.id, { fullName: u.fullName, role: u.role, disabled: u.disabledAt !== null }]),
    ),
  }
}

export const toMatrixRule = (r: RuleRow): MatrixRule => ({
  id: r.id,
  sectorCode: r.sectorCode,
  topicCode: r.topicCode,
  districtCode: r.districtCode,
  objectType: r.objectType,
  unitId: r.unitId,
  coExecutorIds: r.coExecutorIds,
  deputyUserId: r.deputyUserId,
})

export interface ResolvedUnit {
  id: number
  code: string
  shortName: string
  sectors: string[]
}

export interface Responsibility {
  unit: ResolvedUnit
  /** Co-executors that still exist (a deleted one is skipped, never routed to). */
  coExecutors: ResolvedUnit[]
  deputy: { id: string; fullName: string } | null
  rule: RuleRow & { number: number }
  /** A Russian sentence: which rule and why. */
  why: string
  trace: MatchTraceItem[]
}

export interface ResponsibilityQuery {
  sectorCode?: string | null
  topicCode?: string | null
  districtCode?: string | null
  objectType?: string | null
}

/**
 * The one place that decides who is responsible for an appeal: the first rule of the matrix that matches
 * sector × topic × district × object type. Null only when the matrix is empty or its unit is gone.
 */
export async function resolveResponsibility(
  db: Queryable,
  q: ResponsibilityQuery,
): Promise<Responsibility | null> {
  // Two queries (rules, units) and a third only when the rule names a deputy: this runs for every appeal
  // the understanding sweep routes.
  const rows = await listRules(db)
  if (rows.length === 0) return null
  const ref = await referenceNames(db)
  const unitRows = await db
    .select({
      id: units.id,
      code: units.code,
      shortName: units.shortName,
      sectors: units.sectors,
      deletedAt: units.deletedAt,
    })
    .from(units)
  const byId = new Map(unitRows.map((u) => [u.id, u]))
  const ctx: MatrixContext = {
    ...ref,
    units: new Map(
      unitRows.map((u) => [
        u.id,
        { shortName: u.shortName, sectors: u.sectors, deleted: u.deletedAt !== null },
      ]),
    ),
    users: new Map(),
  }
  const query: MatrixQuery = {
    sectorCode: q.sectorCode ?? null,
    topicCode: q.topicCode ?? null,
    districtCode: q.districtCode ?? null,
    objectType: q.objectType ?? null,
  }
  const match = matchRule(rows.map(toMatrixRule), query, ctx)
  if (!match) return null
  const rule = rows[match.index]
  const live = (id: number): ResolvedUnit | undefined => {
    const u = byId.get(id)
    return u && u.deletedAt === null
      ? { id: u.id, code: u.code, shortName: u.shortName, sectors: u.sectors }
      : undefined
  }
  const unit = live(rule.unitId)
  if (!unit) return null
  let deputy: Responsibility['deputy'] = null
  if (rule.deputyUserId) {
    const [d] = await db
      .select({ id: users.id, fullName: users.fullName })
      .from(users)
      .where(and(eq(users.id, rule.deputyUserId), isNull(users.disabledAt)))
    deputy = d ?? null
  }
  return {
    unit,
    coExecutors: rule.coExecutorIds.map(live).filter((u): u is ResolvedUnit => u !== undefined),
    deputy,
    rule: { ...rule, number: match.index + 1 },
    why: match.why,
    trace: match.trace,
  }
}

/**
 * The curating deputy of an appeal: the one the matrix rule named when it was assigned (appeal.curator_id, while
 * that user is an active deputy); for an appeal not assigned yet, the deputy of the rule that matches its sector,
 * topic and district today; when the rule names none, an active deputy whose sectors include the appeal's sector
 * (the earliest created). Null when there is none. Escalation addresses the same people (escalation/recipients.ts).
 */
export async function curatingDeputy(
  db: Queryable,
  appeal: {
    sectorCode: string | null
    topicCode: string | null
    districtCode: string | null
    curatorId?: string | null
    meta?: Record<string, unknown> | null
  },
): Promise<{ id: string; fullName: string; login: string } | null> {
  if (appeal.curatorId) {
    const [named] = await db
      .select({ id: users.id, fullName: users.fullName, login: users.login })
      .from(users)
      .where(and(eq(users.id, appeal.curatorId), eq(users.role, 'deputy'), isNull(users.disabledAt)))
    if (named) return named
  }
  const objectType = typeof appeal.meta?.objectType === 'string' ? appeal.meta.objectType : null
  const resolved = await resolveResponsibility(db, { ...appeal, objectType })
  if (resolved?.deputy) {
    const [u] = await db
      .select({ id: users.id, fullName: users.fullName, login: users.login })
      .from(users)
      .where(eq(users.id, resolved.deputy.id))
    if (u) return u
  }
  if (!appeal.sectorCode) return null
  const [bySector] = await db
    .select({ id: users.id, fullName: users.fullName, login: users.login })
    .from(users)
    .where(
      and(
        eq(users.role, 'deputy'),
        isNull(users.disabledAt),
        sql`${appeal.sectorCode} = any(${users.sectors})`,
      ),
    )
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1)
  return bySector ?? null
}

/** Rules that point to a unit (as executor or co-executor): deleting the unit is refused while any exist. */
export async function rulesUsingUnit(
  db: Queryable,
  unitId: number,
): Promise<{ number: number; text: string; executor: boolean; sectorCode: string | null }[]> {
  const rows = await listRules(db)
  const ctx = await loadMatrixContext(db)
  return rows
    .map((r, i) => ({ r, number: i + 1 }))
    .filter(({ r }) => r.unitId === unitId || r.coExecutorIds.includes(unitId))
    .map(({ r, number }) => ({
      number,
      text: describeConditions(r, ctx),
      executor: r.unitId === unitId,
      sectorCode: r.sectorCode ?? (r.topicCode ? (ctx.topics.get(r.topicCode)?.sectorCode ?? null) : null),
    }))
}

export interface RuleInput {
  sectorCode: string | null
  topicCode: string | null
  districtCode: string | null
  objectType: string | null
  unitId: number
  coExecutorIds: number[]
  deputyUserId: string | null
  note: string | null
}

/**
 * Writes a new order of rules after validating it as a whole; nothing is written when any rule is wrong.
 * `next` lists existing rules by id (kept) and new ones without id, in their new order.
 */
async function saveMatrix(
  tx: Tx,
  actorId: string,
  next: (RuleInput & { id?: number })[],
): Promise<RuleRow[]> {
  const ctx = await loadMatrixContext(
    tx,
    next.map((r) => r.deputyUserId).filter((x): x is string => x !== null),
  )
  const problems = validateMatrix(
    next.map((r) => ({ ...r })),
    ctx,
  )
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `Матрица не сохранена: ${problems[0].message}${problems.length > 1 ? ` (и ещё ${problems.length - 1})` : ''}`,
      problems.map((p) => ({ path: p.path, message: p.message })),
    )
  const keep = next.filter((r) => r.id !== undefined).map((r) => r.id as number)
  const existing = await listRules(tx)
  const drop = existing.filter((r) => !keep.includes(r.id)).map((r) => r.id)
  if (drop.length) await tx.delete(responsibilityRules).where(inArray(responsibilityRules.id, drop))
  const now = new Date()
  for (let i = 0; i < next.length; i++) {
    const { id, ...values } = next[i]
    const row = { ...values, position: i + 1, updatedAt: now, updatedBy: actorId }
    if (id === undefined) await tx.insert(responsibilityRules).values(row)
    else await tx.update(responsibilityRules).set(row).where(eq(responsibilityRules.id, id))
  }
  return listRules(tx)
}

const inputOf = (r: RuleRow): RuleInput & { id: number } => ({
  id: r.id,
  sectorCode: r.sectorCode,
  topicCode: r.topicCode,
  districtCode: r.districtCode,
  objectType: r.objectType,
  unitId: r.unitId,
  coExecutorIds: r.coExecutorIds,
  deputyUserId: r.deputyUserId,
  note: r.note,
})

/** One editor of the matrix at a time: the rules are read and rewritten as a whole. */
const lockMatrix = (tx: Tx) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext('veche.responsibility_matrix'))`)

async function currentOrThrow(tx: Tx, id: number) {
  await lockMatrix(tx)
  const rows = await listRules(tx)
  const index = rows.findIndex((r) => r.id === id)
  if (index < 0) throw new AppError('NOT_FOUND', 'Правило не найдено')
  return { rows: rows.map(inputOf), index }
}

/** Adds a rule at a position (1-based; default: just above the default rule at the end). */
export async function createRule(tx: Tx, actorId: string, input: RuleInput, position?: number | null) {
  await lockMatrix(tx)
  const rows: (RuleInput & { id?: number })[] = (await listRules(tx)).map(inputOf)
  const at = position ? Math.min(Math.max(position - 1, 0), rows.length) : Math.max(rows.length - 1, 0)
  rows.splice(at, 0, input)
  return saveMatrix(tx, actorId, rows)
}

export async function updateRule(tx: Tx, actorId: string, id: number, input: RuleInput) {
  const { rows, index } = await currentOrThrow(tx, id)
  rows[index] = { ...input, id }
  return saveMatrix(tx, actorId, rows)
}

/** Moves a rule to a new 1-based position. */
export async function moveRule(tx: Tx, actorId: string, id: number, position: number) {
  const { rows, index } = await currentOrThrow(tx, id)
  const [rule] = rows.splice(index, 1)
  rows.splice(Math.min(Math.max(position - 1, 0), rows.length), 0, rule)
  return saveMatrix(tx, actorId, rows)
}

export async function deleteRule(tx: Tx, actorId: string, id: number) {
  const { rows, index } = await currentOrThrow(tx, id)
  rows.splice(index, 1)
  return saveMatrix(tx, actorId, rows)
}

/**
 * Fills an empty matrix from reference/responsibility.json (a new database). Rules naming a unit the
 * directory does not have are skipped; a deputy login that does not exist leaves the rule without one.
 */
export async function seedResponsibilityMatrix(tx: Tx): Promise<number> {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(responsibilityRules)
  if (n > 0) return 0
  const unitRows = await tx
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(isNull(units.deletedAt))
  if (unitRows.length === 0) return 0
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]))
  const deputies = await tx
    .select({ id: users.id, login: users.login })
    .from(users)
    .where(eq(users.role, 'deputy'))
  const deputyId = new Map(deputies.map((u) => [u.login, u.id]))
  const rules = loadResponsibilityFile()
    .rules.filter((r) => unitId.has(r.unit))
    .map((r, i) => ({
      position: i + 1,
      sectorCode: r.sector ?? null,
      topicCode: r.topic ?? null,
      districtCode: r.district ?? null,
      objectType: r.objectType ?? null,
      unitId: unitId.get(r.unit) as number,
      coExecutorIds: (r.coExecutors ?? [])
        .map((c) => unitId.get(c))
        .filter((x): x is number => x !== undefined),
      deputyUserId: (r.deputy && deputyId.get(r.deputy)) || null,
      note: r.note ?? null,
    }))
  const problems = validateMatrix(rules, await loadMatrixContext(tx))
  if (problems.length > 0)
    throw new Error(`reference/responsibility.json: ${problems.map((p) => p.message).join('; ')}`)
  await tx.insert(responsibilityRules).values(rules)
  return rules.length
}

/** The matrix as the page shows it: rules with names, the object types and the deputies to choose from. */
export async function getMatrix(db: Queryable) {
  const rows = await listRules(db)
  const ctx = await loadMatrixContext(db)
  const deputies = await db
    .select({ id: users.id, fullName: users.fullName, sectors: users.sectors })
    .from(users)
    .where(and(eq(users.role, 'deputy'), isNull(users.disabledAt)))
    .orderBy(asc(users.fullName))
  const unitRef = (id: number) => ({ id, shortName: ctx.units.get(id)?.shortName ?? `№${id}` })
  return {
    rules: rows.map((r, i) => ({
      id: r.id,
      number: i + 1,
      sectorCode: r.sectorCode,
      topicCode: r.topicCode,
      districtCode: r.districtCode,
      objectType: r.objectType,
      unit: { ...unitRef(r.unitId), deleted: ctx.units.get(r.unitId)?.deleted ?? true },
      coExecutors: r.coExecutorIds.map(unitRef),
      deputy:
        r.deputyUserId && ctx.users.has(r.deputyUserId)
          ? { id: r.deputyUserId, fullName: ctx.users.get(r.deputyUserId)?.fullName ?? '' }
          : null,
      note: r.note,
      conditions: describeConditions(r, ctx),
      updatedAt: r.updatedAt.toISOString(),
    })),
    objectTypes: loadResponsibilityFile().objectTypes,
    deputies,
  }
}

/** The «проверить» box: which rule matches and why, with the reason every rule above it did not. */
export async function checkResponsibility(db: Queryable, q: ResponsibilityQuery) {
  const resolved = await resolveResponsibility(db, q)
  const objectTypes = loadResponsibilityFile().objectTypes
  if (resolved)
    return {
      objectTypes,
      match: {
        ruleId: resolved.rule.id,
        number: resolved.rule.number,
        unit: { id: resolved.unit.id, shortName: resolved.unit.shortName },
        coExecutors: resolved.coExecutors.map((u) => ({ id: u.id, shortName: u.shortName })),
        deputy: resolved.deputy,
        why: resolved.why,
      },
      trace: resolved.trace,
    }
  const rows = await listRules(db)
  const ctx = await loadMatrixContext(db)
  const none = matchRule(
    rows.map(toMatrixRule),
    { sectorCode: null, topicCode: null, districtCode: null, objectType: null, ...q },
    ctx,
  )
  return { objectTypes, match: null, trace: none?.trace ?? [] }
}
