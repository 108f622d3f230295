import crypto from 'node:crypto'
import { count, eq, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { RoleCode, StatusCode } from '../../../common/domain'
import type { Db, Tx } from '../../platform/db'
import { moscowYear } from '../../platform/time'
import { answers } from '../answers/answers.tables'
import { trackingHash } from '../appeals/appeals.service'
import { appealEvents, appeals, applicants, regCounters } from '../appeals/appeals.tables'
import { matchRule } from '../deadlines/deadlines.rules'
import { activeRuleSet, calendarFor, computeDueAt } from '../deadlines/deadlines.service'
import { districts, streets } from '../geo/geo.tables'
import { units } from '../org/org.tables'
import { syncReferenceData } from '../reference/reference.service'
import { regimes } from '../reference/reference.tables'
import { seedResponsibilityMatrix } from '../routing/responsibility.service'
import { hashPassword } from '../users/users.service'
import { users } from '../users/users.tables'
import { loadDemoCity } from './demo-city'
import { type DemoAppeal, generateDemoAppeals } from './generate-appeals'

export const DEMO_PASSWORD = 'veche-demo'

export interface SeedOptions {
  /** Demo users and appeals (a demo city); without it only reference data, gazetteer and units. */
  demo: boolean
  appeals: number
  seed?: number
  now?: Date
  onProgress?: (done: number, total: number) => void
}

export interface SeedReport {
  reference: true
  gazetteer: number
  units: number
  users: number
  appeals: number
}

const isEmpty = async (db: Db | Tx, table: PgTable) =>
  (await db.select({ n: count() }).from(table))[0].n === 0

/**
 * Brings a database to a working state: reference data always (the files are the source of truth),
 * then — only into empty tables — the demo gazetteer, the organisations, demo users and a year of
 * demo appeals. Running it again changes nothing that is already there.
 */
export async function seedDatabase(db: Db, opts: SeedOptions): Promise<SeedReport> {
  const city = loadDemoCity()
  const report: SeedReport = { reference: true, gazetteer: 0, units: 0, users: 0, appeals: 0 }
  await db.transaction(async (tx) => {
    await syncReferenceData(tx)
    if (await isEmpty(tx, districts)) {
      await tx.insert(districts).values(
        city.districts.map((d) => ({
          code: d.code,
          name: d.name,
          centerLat: d.center[0],
          centerLon: d.center[1],
          polygon: d.polygon,
        })),
      )
      await tx.insert(streets).values(
        city.streets.map((s) => ({
          name: s.name,
          shortName: s.short,
          districtCode: s.district,
          points: s.points,
        })),
      )
      report.gazetteer = city.streets.length
    }
    if (await isEmpty(tx, units)) {
      await tx.insert(units).values(
        city.units.map((u) => ({
          code: u.code,
          name: u.name,
          shortName: u.shortName,
          kind: u.kind,
          level: u.level,
          sectors: u.sectors,
          districtCode: u.district ?? null,
          email: u.email,
          phone: u.phone,
          headName: u.headName,
          headPosition: u.headPosition ?? null,
          address: u.address ?? null,
          contacts: u.contacts ?? [],
          workingHours: u.workingHours,
        })),
      )
      const ids = new Map(
        (await tx.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]),
      )
      for (const u of city.units) {
        const parentId = u.parent ? ids.get(u.parent) : undefined
        if (parentId) await tx.update(units).set({ parentId }).where(eq(units.code, u.code))
      }
      report.units = city.units.length
    }
  })
  // The responsibility matrix starts from reference/responsibility.json once units (and demo deputies) exist.
  const seedMatrix = () => db.transaction((tx) => seedResponsibilityMatrix(tx))
  if (!opts.demo) {
    await seedMatrix()
    return report
  }

  const unitRows = await db.select({ id: units.id, code: units.code }).from(units)
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]))
  if (await isEmpty(db, users)) {
    const passwordHash = await hashPassword(DEMO_PASSWORD)
    await db.insert(users).values(
      city.users.map((u) => ({
        login: u.login,
        fullName: u.fullName,
        role: u.role as RoleCode,
        passwordHash,
        unitId: u.unit ? (unitId.get(u.unit) ?? null) : null,
        sectors: u.sectors ?? [],
      })),
    )
    report.users = city.users.length
  }
  await seedMatrix()
  if (opts.appeals > 0 && (await isEmpty(db, appeals))) {
    const now = opts.now ?? new Date()
    const items = generateDemoAppeals({ seed: opts.seed ?? 2026, count: opts.appeals, now }).sort(
      (a, b) => a.registeredAt.getTime() - b.registeredAt.getTime(),
    )
    report.appeals = await insertDemoAppeals(db, items, unitId, opts.onProgress)
  }
  return report
}

const CHUNK = 400

/** Inserts generated demo appeals with applicants, answers and history, in chunks (also used by the bench). */
export async function insertDemoAppeals(
  db: Db,
  items: DemoAppeal[],
  unitId: Map<string, number>,
  onProgress?: (d: number, t: number) => void,
) {
  const regimeRows = await db.select().from(regimes)
  const regime = new Map(regimeRows.map((r) => [r.code, r]))
  const [ruleSet, calendar] = [await activeRuleSet(db), await calendarFor(db)]
  const executors = await db.select({ id: users.id, role: users.role, unitId: users.unitId }).from(users)
  const coordinator = executors.find((u) => u.role === 'coordinator')?.id ?? null
  // Continue numbering after whatever is already registered (the bench registers through the API first).
  const existing = await db.select().from(regCounters)
  const counters = new Map<string, number>(existing.map((c) => [`${c.regime}:${c.year}`, c.lastValue]))
  for (let start = 0; start < items.length; start += CHUNK) {
    const chunk = items.slice(start, start + CHUNK)
    await db.transaction(async (tx) => {
      const rows = chunk.map((item) => {
        const r = regime.get(item.regime)!
        const key = `${item.regime}:${moscowYear(item.registeredAt)}`
        const n = (counters.get(key) ?? 0) + 1
        counters.set(key, n)
        const regNumber = `${r.prefix}-${moscowYear(item.registeredAt)}-${String(n).padStart(6, '0')}`
        return {
          regNumber,
          regime: item.regime,
          channel: item.channel,
          externalId: item.externalId,
          receivedAt: item.receivedAt,
          registeredAt: item.registeredAt,
          text: item.text,
          addressText: item.addressText,
          lat: item.lat,
          lon: item.lon,
          districtCode: item.districtCode,
          sectorCode: isRouted(item.status) ? item.sectorCode : null,
          topicCode: isRouted(item.status) ? item.topicCode : null,
          unitId: isRouted(item.status) ? (unitId.get(item.unitCode) ?? null) : null,
          status: item.status,
          dueAt: computeDueAt(
            matchRule(ruleSet, {
              regime: item.regime,
              channel: item.channel,
              categories: [item.sectorCode, item.topicCode],
            }),
            item.registeredAt,
            calendar,
          ),
          urgent: item.urgent,
          isCollective: false,
          trackingCodeHash: trackingHash(regNumber, crypto.randomBytes(8).toString('hex')),
          answeredAt: item.answeredAt,
          rating: item.rating,
          ratedAt: item.ratedAt,
          closedAt: item.closedAt,
          updatedAt: item.closedAt ?? item.ratedAt ?? item.answeredAt ?? item.registeredAt,
          meta: { demo: true },
        }
      })
      const inserted = await tx.insert(appeals).values(rows).returning({ id: appeals.id })
      await tx.insert(applicants).values(
        chunk.map((item, i) => {
          const handle = item.applicant.fullName?.startsWith('@') ? item.applicant.fullName : null
          return {
            appealId: inserted[i].id,
            position: 0,
            fullName: handle ? null : item.applicant.fullName,
            handle,
            phone: item.applicant.phone,
            email: item.applicant.email,
          }
        }),
      )
      const answerRows = chunk.flatMap((item, i) => {
        if (!item.answerText) return []
        // An answer still on approval has no delivery; a delivered one was approved ten minutes before.
        const at = item.answeredAt ?? item.registeredAt
        const approved = item.status !== 'answer_prepared'
        return [
          {
            appealId: inserted[i].id,
            text: item.answerText,
            status: approved ? 'approved' : 'prepared',
            authorId: executors.find((u) => u.unitId === unitId.get(item.unitCode))?.id ?? null,
            createdAt: new Date(at.getTime() + (item.answeredAt ? -3_600_000 : 3_600_000)),
            decidedBy: approved ? coordinator : null,
            decidedAt: approved ? new Date(at.getTime() + (item.answeredAt ? -600_000 : 7_200_000)) : null,
            deliveredAt: item.answeredAt,
            deliveredVia: item.answeredAt ? 'tracking_page' : null,
          },
        ]
      })
      if (answerRows.length) await tx.insert(answers).values(answerRows)
      const eventRows = chunk.flatMap((item, i) =>
        historyOf(item, inserted[i].id, unitId.get(item.unitCode) ?? null),
      )
      for (let e = 0; e < eventRows.length; e += 1000)
        await tx.insert(appealEvents).values(eventRows.slice(e, e + 1000))
    })
    onProgress?.(Math.min(start + CHUNK, items.length), items.length)
  }
  for (const [key, value] of counters) {
    const [regimeCode, year] = key.split(':')
    await db
      .insert(regCounters)
      .values({ regime: regimeCode, year: Number(year), lastValue: value })
      .onConflictDoUpdate({
        target: [regCounters.regime, regCounters.year],
        set: { lastValue: sql`greatest(${regCounters.lastValue}, ${value})` },
      })
  }
  return items.length
}

const ROUTED: StatusCode[] = [
  'in_work',
  'answer_prepared',
  'answer_approved',
  'answered',
  'rated',
  'returned',
  'closed',
]
const isRouted = (s: StatusCode) => ROUTED.includes(s)

/** A plausible history for a demo appeal: the same event types the live workflow writes. */
function historyOf(item: DemoAppeal, appealId: number, unit: number | null) {
  const ev = (
    type: string,
    at: Date,
    fromStatus: string | null,
    toStatus: string,
    data: Record<string, unknown> = {},
    pub = true,
  ) => ({
    appealId,
    at,
    type,
    actorKind: type === 'rated' ? 'citizen' : 'system',
    fromStatus,
    toStatus,
    data: { ...data, demo: true },
    public: pub,
  })
  const reg = item.registeredAt
  const out = [ev('registered', reg, null, 'registered', { channel: item.channel, regime: item.regime })]
  const s = item.status
  if (s === 'rejected' || s === 'redirected') {
    out.push(ev(s, new Date(reg.getTime() + 3_600_000), 'registered', s))
    return out
  }
  if (!isRouted(s)) return out
  const assignedAt = new Date(reg.getTime() + 2 * 3_600_000)
  out.push(ev('assigned', assignedAt, 'registered', 'in_work', { unitId: unit, sectorCode: item.sectorCode }))
  if (s === 'in_work') return out
  const answered = item.answeredAt ?? new Date(assignedAt.getTime() + 86_400_000)
  out.push(ev('answer_prepared', new Date(answered.getTime() - 3_600_000), 'in_work', 'answer_prepared'))
  if (s === 'answer_prepared') return out
  out.push(
    ev('answer_approved', new Date(answered.getTime() - 600_000), 'answer_prepared', 'answer_approved'),
  )
  if (s === 'answer_approved') return out
  out.push(ev('delivered', answered, 'answer_approved', 'answered', { via: 'tracking_page' }))
  if (s === 'answered') return out
  if (item.rating && item.ratedAt)
    out.push(ev('rated', item.ratedAt, 'answered', 'rated', { score: item.rating }))
  if (s === 'returned') out.push(ev('reopened', item.ratedAt ?? answered, 'rated', 'returned'))
  if (s === 'closed')
    out.push(ev('closed', item.closedAt ?? answered, item.rating ? 'rated' : 'answered', 'closed'))
  return out
}
