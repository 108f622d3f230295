import { and, asc, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { districts } from '../geo/geo.tables'
import { sectors } from '../reference/reference.tables'
import { rulesUsingUnit } from '../routing/responsibility.service'
import { users } from '../users/users.tables'
import { parseUnitsCsv, type RowError } from './org.csv'
import { type UnitContact, units } from './org.tables'

export type UnitRow = typeof units.$inferSelect

/**
 * The head of a unit for escalation and notices: the active user with the role «руководитель
 * подразделения» in that unit (the earliest created), with the directory's head name and position.
 * `userId` is null when no such user exists (the directory still names the head). Null for an unknown unit.
 */
export async function unitHead(
  db: Queryable,
  unitId: number,
): Promise<{
  unitId: number
  unitName: string
  userId: string | null
  login: string | null
  fullName: string | null
  position: string | null
  email: string | null
  phone: string | null
} | null> {
  const [unit] = await db.select().from(units).where(eq(units.id, unitId))
  if (!unit) return null
  const [user] = await db
    .select({ id: users.id, login: users.login, fullName: users.fullName })
    .from(users)
    .where(and(eq(users.unitId, unitId), eq(users.role, 'unit_head'), isNull(users.disabledAt)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1)
  return {
    unitId: unit.id,
    unitName: unit.shortName,
    userId: user?.id ?? null,
    login: user?.login ?? null,
    fullName: user?.fullName ?? unit.headName,
    position: unit.headPosition,
    email: unit.email,
    phone: unit.phone,
  }
}

export interface UnitInput {
  code: string
  name: string
  shortName: string
  kind: string
  level: string
  sectors: string[]
  districtCode: string | null
  headName: string | null
  headPosition: string | null
  phone: string | null
  email: string | null
  address: string | null
  workingHours: string | null
  parentId: number | null
  contacts: UnitContact[]
}

export interface UnitFilter {
  q?: string | null
  kind?: string | null
  level?: string | null
  sector?: string | null
  district?: string | null
  includeDeleted?: boolean
}

/** The directory with search (name, short name, code, head, e-mail) and filters, by kind then name. */
export async function listUnits(db: Queryable, f: UnitFilter = {}): Promise<UnitRow[]> {
  const conds: (SQL | undefined)[] = []
  if (!f.includeDeleted) conds.push(isNull(units.deletedAt))
  if (f.kind) conds.push(eq(units.kind, f.kind))
  if (f.level) conds.push(eq(units.level, f.level))
  if (f.sector) conds.push(sql`${f.sector} = any(${units.sectors})`)
  if (f.district) conds.push(eq(units.districtCode, f.district))
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conds.push(
      or(
        ilike(units.name, like),
        ilike(units.shortName, like),
        ilike(units.code, like),
        ilike(units.headName, like),
        ilike(units.email, like),
      ),
    )
  }
  return db
    .select()
    .from(units)
    .where(and(...conds))
    .orderBy(asc(units.kind), asc(units.shortName))
}

export async function getUnit(db: Queryable, id: number): Promise<UnitRow> {
  const [row] = await db.select().from(units).where(eq(units.id, id))
  if (!row) throw new AppError('NOT_FOUND', 'Организация не найдена')
  return row
}

async function checkUnit(tx: Tx, input: UnitInput, selfId: number | null) {
  if (input.kind === 'territorial' && !input.districtCode)
    throw new AppError('VALIDATION_FAILED', 'Для территориального управления укажите район', [
      { path: 'districtCode', message: 'нужен район' },
    ])
  const [dup] = await tx.select({ id: units.id }).from(units).where(eq(units.code, input.code))
  if (dup && dup.id !== selfId)
    throw new AppError('CONFLICT', `Код «${input.code}» уже занят другой организацией`, [
      { path: 'code', message: 'код занят' },
    ])
  if (input.parentId !== null) {
    if (input.parentId === selfId)
      throw new AppError('VALIDATION_FAILED', 'Организация не может входить сама в себя', [
        { path: 'parentId', message: 'выберите другую' },
      ])
    const [parent] = await tx
      .select({ id: units.id, parentId: units.parentId })
      .from(units)
      .where(and(eq(units.id, input.parentId), isNull(units.deletedAt)))
    if (!parent)
      throw new AppError('VALIDATION_FAILED', 'Вышестоящая организация не найдена или удалена', [
        { path: 'parentId', message: 'нет такой организации' },
      ])
    // No cycles: walk up from the parent.
    let cursor: number | null = parent.parentId
    for (let i = 0; cursor !== null && i < 50; i++) {
      if (cursor === selfId)
        throw new AppError(
          'VALIDATION_FAILED',
          'Получается круг: выбранная вышестоящая организация сама входит в эту',
          [{ path: 'parentId', message: 'круговая подчинённость' }],
        )
      const [up]: { parentId: number | null }[] = await tx
        .select({ parentId: units.parentId })
        .from(units)
        .where(eq(units.id, cursor))
      cursor = up?.parentId ?? null
    }
  }
}

export async function createUnit(tx: Tx, input: UnitInput): Promise<UnitRow> {
  await checkUnit(tx, input, null)
  const [row] = await tx.insert(units).values(input).returning()
  return row
}

/**
 * Changes a unit. Taking a sector away that the responsibility matrix routes to this unit is refused
 * (the rules would point to a unit that does not serve their sector).
 */
export async function updateUnit(tx: Tx, id: number, input: UnitInput): Promise<UnitRow> {
  const before = await getUnit(tx, id)
  if (before.deletedAt) throw new AppError('CONFLICT', 'Организация удалена: сначала восстановите её')
  await checkUnit(tx, input, id)
  const removed = before.sectors.filter((s) => !input.sectors.includes(s))
  if (removed.length) {
    const rules = (await rulesUsingUnit(tx, id)).filter(
      (r) => r.executor && r.sectorCode && removed.includes(r.sectorCode),
    )
    if (rules.length)
      throw new AppError(
        'CONFLICT',
        `Сектор нельзя убрать: на «${before.shortName}» по нему направляют правила матрицы ответственности: ${rules.map((r) => `№${r.number} (${r.text})`).join('; ')}`,
        rules.map((r) => ({ path: 'sectors', message: `правило №${r.number}: ${r.text}` })),
      )
  }
  const [row] = await tx
    .update(units)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(units.id, id))
    .returning()
  return row
}

/** Soft delete; refused while matrix rules, open appeals' assignments or child units point to it. */
export async function deleteUnit(tx: Tx, id: number): Promise<UnitRow> {
  const unit = await getUnit(tx, id)
  if (unit.deletedAt) return unit
  const rules = await rulesUsingUnit(tx, id)
  if (rules.length)
    throw new AppError(
      'CONFLICT',
      `«${unit.shortName}» нельзя удалить: на неё указывают правила матрицы ответственности: ${rules.map((r) => `№${r.number} (${r.text})`).join('; ')}. Сначала измените эти правила.`,
      rules.map((r) => ({ path: 'rules', message: `правило №${r.number}: ${r.text}` })),
    )
  const children = await tx
    .select({ shortName: units.shortName })
    .from(units)
    .where(and(eq(units.parentId, id), isNull(units.deletedAt)))
  if (children.length)
    throw new AppError(
      'CONFLICT',
      `«${unit.shortName}» нельзя удалить: в неё входят ${children.map((c) => `«${c.shortName}»`).join(', ')}`,
    )
  const [row] = await tx
    .update(units)
    .set({ deletedAt: new Date(), updatedAt: new Date() })
    .where(eq(units.id, id))
    .returning()
  return row
}

export async function restoreUnit(tx: Tx, id: number): Promise<UnitRow> {
  await getUnit(tx, id)
  const [row] = await tx
    .update(units)
    .set({ deletedAt: null, updatedAt: new Date() })
    .where(eq(units.id, id))
    .returning()
  return row
}

export interface ImportReport {
  total: number
  created: number
  updated: number
  encoding: string
  delimiter: string
  errors: RowError[]
}

/**
 * Imports the directory from CSV bytes: upsert by code (a deleted unit with that code is restored), parents
 * by code (in the file or already in the directory). Any bad row → nothing is written; the report lists
 * every bad row by line with a Russian reason.
 */
export async function importUnits(
  tx: Tx,
  bytes: Uint8Array,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportReport> {
  const sectorRows = await tx.select({ code: sectors.code, name: sectors.name }).from(sectors)
  const districtRows = await tx.select({ code: districts.code, name: districts.name }).from(districts)
  const parsed = parseUnitsCsv(bytes, { sectors: sectorRows, districts: districtRows })
  const existing = await tx.select({ id: units.id, code: units.code }).from(units)
  const idByCode = new Map(existing.map((u) => [u.code, u.id]))
  const inFile = new Set(parsed.rows.map((r) => r.code))
  const errors = [...parsed.errors]
  for (const r of parsed.rows)
    if (r.parentCode && !inFile.has(r.parentCode) && !idByCode.has(r.parentCode))
      errors.push({
        line: r.line,
        message: `вышестоящая организация «${r.parentCode}» не найдена ни в файле, ни в справочнике`,
      })
  errors.sort((a, b) => a.line - b.line)
  const report: ImportReport = {
    total: parsed.rows.length + parsed.errors.filter((e) => e.line > 1).length,
    created: 0,
    updated: 0,
    encoding: parsed.encoding,
    delimiter: parsed.delimiter,
    errors,
  }
  if (errors.length > 0) return report
  const now = new Date()
  let done = 0
  for (const r of parsed.rows) {
    const values = {
      code: r.code,
      name: r.name,
      shortName: r.shortName,
      kind: r.kind,
      level: r.level,
      sectors: r.sectors,
      districtCode: r.districtCode,
      headName: r.headName,
      headPosition: r.headPosition,
      phone: r.phone,
      email: r.email,
      address: r.address,
      workingHours: r.workingHours,
      contacts: r.contacts,
      deletedAt: null,
      updatedAt: now,
    }
    const [row] = await tx
      .insert(units)
      .values(values)
      .onConflictDoUpdate({ target: units.code, set: values })
      .returning({ id: units.id })
    if (idByCode.has(r.code)) report.updated++
    else report.created++
    idByCode.set(r.code, row.id)
    opts.onProgress?.(++done, parsed.rows.length * 2)
  }
  for (const r of parsed.rows) {
    const parentId = r.parentCode ? (idByCode.get(r.parentCode) ?? null) : null
    await tx.update(units).set({ parentId }).where(eq(units.code, r.code))
    opts.onProgress?.(++done, parsed.rows.length * 2)
  }
  return report
}
