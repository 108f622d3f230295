/**
 * The understanding step inside the server. A scheduled sweep takes new appeals that nobody has
 * understood yet (status «registered» or «moderation», no row in appeal_understanding), runs them through
 * the one `understandBatch`, and in one transaction per appeal stores the suggestions and applies what is
 * safe to apply without a person: address, point and district when missing, the urgent flag, the sector and
 * topic (and the default executor) above the confidence threshold, and noise to the «Проверка» list. An
 * appeal whose applicant was already answered about the same problem is marked as a repeat (meta.repeatOf).
 * Because the work is found by a query, nothing is lost: a crash only delays it to the next sweep.
 */
import { and, eq, gte, inArray, lte, ne, or, type SQL, sql } from 'drizzle-orm'
import type { Db, Queryable, Tx } from '../../platform/db'
import type { Env } from '../../platform/env'
import { type AppealRow, transitionAppeal } from '../appeals/appeals.service'
import { appealEvents, appeals, applicants } from '../appeals/appeals.tables'
import { URGENT_BY_MODEL } from '../appeals/urgency.service'
import { loadReferenceFiles } from '../reference/reference.service'
import { setCoExecutors } from '../routing/co-executors'
import { resolveResponsibility } from '../routing/responsibility.service'
import { type DupItem, duplicateCandidates, metersBetween, normalizeStreet } from './duplicates'
import { analyse } from './text'
import { type UnderstandInput, type Understanding, understandBatch } from './understand'
import { databaseUnderstander } from './understander'
import { appealUnderstanding, understandingCorrections } from './understanding.tables'

const sectorName = (code: string) => loadReferenceFiles().sectors.find((s) => s.code === code)?.name ?? code
const percent = (p: number) => `${(Math.round(p * 1000) / 10).toLocaleString('ru-RU')} %`

/** Statuses in which an appeal still waits for understanding. */
const PENDING_STATUSES = ['registered', 'moderation']
/** Channels whose items may be noise (social networks). */
const SOCIAL_CHANNELS = new Set(['vk', 'ok'])
const BATCH = 200
/** Appeals stored at once by one sweep. */
const CONCURRENCY = 4

export interface StoredUnderstanding extends Understanding {
  duplicates: { id: number; regNumber: string; score: number; reasons: string[] }[]
  applied: string[]
  /** The same applicant's earlier answered appeal about the same problem («повторное»). */
  repeatOf?: RepeatOf | null
}

export type RepeatOf = { id: number; regNumber: string }

/** What the duplicate and repeat finders read of an earlier appeal. */
const CANDIDATE_COLUMNS = {
  id: appeals.id,
  regNumber: appeals.regNumber,
  text: appeals.text,
  registeredAt: appeals.registeredAt,
  sectorCode: appeals.sectorCode,
  topicCode: appeals.topicCode,
  lat: appeals.lat,
  lon: appeals.lon,
  result: appealUnderstanding.result,
}
type CandidateRow = {
  id: number
  regNumber: string
  text: string
  registeredAt: Date
  sectorCode: string | null
  topicCode: string | null
  lat: number | null
  lon: number | null
  result: Record<string, unknown> | null
}

/** An earlier appeal as the duplicate finder sees it: its own fields (sector and topic only as set on it), else what the sweep understood. */
function candidateItem(n: CandidateRow, applicantKey: string | null = null): DupItem {
  const res = n.result as Partial<Understanding> | null
  return {
    id: String(n.id),
    createdAt: n.registeredAt,
    stems: analyse(n.text).stems,
    sector: n.sectorCode,
    topic: n.topicCode,
    street: res?.street ?? null,
    house: res?.house ?? null,
    lat: n.lat,
    lon: n.lon,
    applicantKey,
  }
}

/** How far back a repeat is looked for: a problem answered within a year and reported again. */
const REPEAT_WINDOW_DAYS = 365
/** Statuses of an earlier appeal that count as «already answered». */
const ANSWERED_STATUSES = ['answered', 'rated', 'closed']
/** Points closer than this are one place for «same topic + same place». */
const REPEAT_RADIUS_METERS = 250

/**
 * The applicant's earlier answered appeal about the same problem, or null: matched by the same phone,
 * e-mail or social handle, then by the duplicate finder with a year's window (same place and text), or by
 * the same topic at the same place (street and house, or points within 250 m).
 */
async function findRepeatOf(db: Queryable, appeal: AppealRow, r: Understanding): Promise<RepeatOf | null> {
  const people = await db
    .select({ phone: applicants.phone, email: applicants.email, handle: applicants.handle })
    .from(applicants)
    .where(eq(applicants.appealId, appeal.id))
  // Phones are stored normalised at registration (platform/pd.ts), e-mails compared without case.
  const phones = [...new Set(people.map((p) => p.phone).filter((v): v is string => Boolean(v)))]
  const emails = [
    ...new Set(people.map((p) => p.email?.trim().toLowerCase()).filter((v): v is string => Boolean(v))),
  ]
  const handles = [...new Set(people.map((p) => p.handle?.trim()).filter((v): v is string => Boolean(v)))]
  const same: SQL[] = []
  if (phones.length) same.push(inArray(applicants.phone, phones))
  if (emails.length) same.push(inArray(sql`lower(${applicants.email})`, emails))
  if (handles.length) same.push(inArray(applicants.handle, handles))
  if (same.length === 0) return null
  const since = new Date(appeal.registeredAt.getTime() - REPEAT_WINDOW_DAYS * 86_400_000)
  const earlier = await db
    .selectDistinct(CANDIDATE_COLUMNS)
    .from(applicants)
    .innerJoin(appeals, eq(appeals.id, applicants.appealId))
    .leftJoin(appealUnderstanding, eq(appealUnderstanding.appealId, appeals.id))
    .where(
      and(
        or(...same),
        ne(appeals.id, appeal.id),
        gte(appeals.registeredAt, since),
        lte(appeals.registeredAt, appeal.registeredAt),
        inArray(appeals.status, ANSWERED_STATUSES),
      ),
    )
    .orderBy(sql`${appeals.registeredAt} desc`)
    .limit(50)
  if (earlier.length === 0) return null
  // Every candidate shares the applicant, so they all carry the same key.
  const items = earlier.map((n) => candidateItem(n, 'applicant'))
  const [best] = duplicateCandidates(
    {
      id: String(appeal.id),
      createdAt: appeal.registeredAt,
      stems: analyse(appeal.text).stems,
      sector: appeal.sectorCode ?? r.sector,
      topic: appeal.topicCode ?? r.details.topic,
      street: r.street,
      house: r.house,
      lat: appeal.lat ?? r.lat,
      lon: appeal.lon ?? r.lon,
      applicantKey: 'applicant',
    },
    items,
    { windowDays: REPEAT_WINDOW_DAYS },
  )
  if (best) {
    const hit = earlier.find((n) => String(n.id) === best.id)
    if (hit) return { id: hit.id, regNumber: hit.regNumber }
  }
  const topic = appeal.topicCode ?? r.details.topic
  const street = normalizeStreet(r.street)
  const lat = appeal.lat ?? r.lat
  const lon = appeal.lon ?? r.lon
  if (!topic) return null
  const samePlace = (v: DupItem) =>
    (street !== null && r.house !== null && normalizeStreet(v.street) === street && v.house === r.house) ||
    (lat != null &&
      lon != null &&
      v.lat != null &&
      v.lon != null &&
      metersBetween(lat, lon, v.lat, v.lon) <= REPEAT_RADIUS_METERS)
  const at = items.findIndex((v) => v.topic === topic && samePlace(v))
  return at >= 0 ? { id: earlier[at].id, regNumber: earlier[at].regNumber } : null
}

/** Open appeals of the last 14 days near the point: candidates for «the same problem». */
async function nearbyOpen(db: Queryable, r: Understanding, appealId: number, at: Date) {
  if (r.lat == null || r.lon == null) return []
  const dLat = 0.003
  const dLon = 0.005
  const since = new Date(at.getTime() - 14 * 86_400_000)
  return db
    .select(CANDIDATE_COLUMNS)
    .from(appeals)
    .leftJoin(appealUnderstanding, eq(appealUnderstanding.appealId, appeals.id))
    .where(
      and(
        ne(appeals.id, appealId),
        gte(appeals.registeredAt, since),
        lte(appeals.registeredAt, at),
        gte(appeals.lat, r.lat - dLat),
        lte(appeals.lat, r.lat + dLat),
        gte(appeals.lon, r.lon - dLon),
        lte(appeals.lon, r.lon + dLon),
        sql`${appeals.status} not in ('rejected','redirected')`,
      ),
    )
    .limit(200)
}

/** Stores one appeal's understanding and applies the safe decisions; returns what was applied. */
async function apply(
  tx: Tx,
  env: Env,
  appeal: AppealRow,
  r: Understanding,
  duplicates: StoredUnderstanding['duplicates'],
  repeatOf: RepeatOf | null,
) {
  const applied: string[] = []
  const set: Partial<typeof appeals.$inferInsert> = {}
  const repeatNote = repeatOf
    ? `Повторное: заявителю уже отвечали по той же проблеме (обращение №${repeatOf.regNumber})`
    : null
  const withRepeat = (note: string) => (repeatNote ? `${note}. ${repeatNote}` : note)
  if (repeatOf) set.meta = { ...appeal.meta, repeatOf }
  if (!appeal.addressText && r.street) {
    set.addressText = r.house ? `${r.street}, ${r.house}` : r.street
    applied.push('адрес')
  }
  if (appeal.lat == null && r.lat != null && r.lon != null) {
    set.lat = r.lat
    set.lon = r.lon
    applied.push('точка на карте')
  }
  if (!appeal.districtCode && r.district) {
    set.districtCode = r.district
    applied.push('район')
  }
  if (r.urgent && !appeal.urgent) {
    set.urgent = true
    if (r.details.urgency.by === 'model') {
      // The model's flag waits for a person: the lists show «срочно?» until someone confirms or clears it.
      set.meta = { ...(set.meta ?? appeal.meta), [URGENT_BY_MODEL]: true }
      applied.push('срочное (по модели — проверьте)')
    } else applied.push('срочное')
  }
  // A threshold of 1 means «never automatically» (a rounded confidence can reach 1.0).
  const threshold = env.VECHE_AUTOROUTE_CONFIDENCE
  const confident = r.sector !== null && threshold < 1 && r.sector_confidence >= threshold
  const noise = SOCIAL_CHANNELS.has(appeal.channel) && r.details.request_confidence < env.VECHE_NOISE_BELOW
  let current = appeal
  if (Object.keys(set).length > 0) {
    ;[current] = await tx.update(appeals).set(set).where(eq(appeals.id, appeal.id)).returning()
  }
  const summary = {
    model: r.details.model,
    sector: r.sector,
    sectorConfidence: r.sector_confidence,
    topic: r.details.topic,
    urgent: r.urgent,
    urgencyReasons: r.details.urgency.reasons,
    isRequest: r.is_request,
    duplicates: duplicates.map((d) => d.regNumber),
    repeatOf,
  }
  if (noise && current.status === 'registered') {
    await transitionAppeal(tx, {
      appeal: current,
      action: 'moderate',
      actor: { kind: 'system' },
      eventType: 'understood',
      note: withRepeat(
        `Похоже на шум, а не на обращение (вероятность запроса ${percent(r.details.request_confidence)}): на проверку`,
      ),
      data: { ...summary, applied },
      publicEvent: false,
    })
    applied.push('на проверку как шум')
    return applied
  }
  if (confident && !current.sectorCode && !current.unitId && current.status === 'registered') {
    // The responsibility matrix decides the executor; a default rule whose unit does not serve the sector
    // (МЦУ) leaves the appeal to the operator.
    const resolved = await resolveResponsibility(tx, {
      sectorCode: r.sector,
      topicCode: r.details.topic,
      districtCode: current.districtCode,
    })
    const unit = resolved?.unit
    if (resolved && unit?.sectors.includes(r.sector as string)) {
      await setCoExecutors(
        tx,
        appeal.id,
        resolved.coExecutors.map((u) => u.id),
      )
      await transitionAppeal(tx, {
        appeal: current,
        action: 'assign',
        actor: { kind: 'system' },
        eventType: 'assigned',
        note: withRepeat(
          `Направлено автоматически по содержанию: сектор «${sectorName(r.sector as string)}», уверенность ${percent(r.sector_confidence)}`,
        ),
        data: {
          ...summary,
          applied,
          unitId: unit.id,
          unitName: unit.shortName,
          sectorCode: r.sector,
          topicCode: r.details.topic,
          reason: 'автоматическая маршрутизация по содержанию',
          ruleId: resolved.rule.id,
          ruleNumber: resolved.rule.number,
          why: resolved.why,
          coExecutors: resolved.coExecutors.map((u) => ({ id: u.id, shortName: u.shortName })),
        },
        set: {
          sectorCode: r.sector,
          topicCode: r.details.topic,
          unitId: unit.id,
          curatorId: resolved.deputy?.id ?? null,
        },
      })
      applied.push('сектор, тема и исполнитель')
      return applied
    }
    await tx
      .update(appeals)
      .set({ sectorCode: r.sector, topicCode: r.details.topic })
      .where(eq(appeals.id, appeal.id))
    applied.push('сектор и тема')
  }
  await tx.insert(appealEvents).values({
    appealId: appeal.id,
    type: 'understood',
    actorKind: 'system',
    fromStatus: current.status,
    toStatus: current.status,
    note: withRepeat(
      applied.length ? `Заполнено автоматически: ${applied.join(', ')}` : 'Подсказки для оператора готовы',
    ),
    data: { ...summary, applied },
    public: false,
  })
  return applied
}

/** Looks for the same problem nearby and a repeat, then stores and applies one appeal's understanding. */
async function storeOne(db: Db, env: Env, appeal: AppealRow, r: Understanding) {
  const near = await nearbyOpen(db, r, appeal.id, appeal.registeredAt)
  const candidates = duplicateCandidates(
    {
      id: String(appeal.id),
      createdAt: appeal.registeredAt,
      stems: analyse(appeal.text).stems,
      // Only what a person set on the appeal, never the model's guess (see understandBatch in understand.ts).
      sector: appeal.sectorCode,
      topic: appeal.topicCode,
      street: r.street,
      house: r.house,
      lat: r.lat,
      lon: r.lon,
    },
    near.map((n) => candidateItem(n)),
  )
  const reg = new Map(near.map((n) => [String(n.id), n.regNumber]))
  const duplicates = candidates.slice(0, 5).map((c) => ({
    id: Number(c.id),
    regNumber: reg.get(c.id) ?? '',
    score: Math.round(c.score * 1000) / 1000,
    reasons: c.reasons,
  }))
  const repeatOf = await findRepeatOf(db, appeal, r)
  await db.transaction(async (tx) => {
    // The row lock serialises concurrent sweeps on one appeal; the second finds it understood.
    const [locked] = await tx.select().from(appeals).where(eq(appeals.id, appeal.id)).for('update')
    const [done] = await tx
      .select({ id: appealUnderstanding.appealId })
      .from(appealUnderstanding)
      .where(eq(appealUnderstanding.appealId, appeal.id))
    if (done) return
    const applied = await apply(tx, env, locked, r, duplicates, repeatOf)
    await tx.insert(appealUnderstanding).values({
      appealId: appeal.id,
      modelVersion: r.details.model,
      result: { ...r, duplicates, applied, repeatOf },
    })
  })
}

/** Understands up to `limit` pending appeals (optionally only the given ids); returns how many. */
export async function understandPending(
  db: Db,
  env: Env,
  opts: { limit?: number; ids?: number[] } = {},
): Promise<number> {
  const pending = await db
    .select()
    .from(appeals)
    .where(
      and(
        inArray(appeals.status, PENDING_STATUSES),
        opts.ids ? inArray(appeals.id, opts.ids) : undefined,
        sql`not exists (select 1 from ${appealUnderstanding} u where u.appeal_id = ${appeals.id})`,
      ),
    )
    .orderBy(appeals.id)
    .limit(opts.limit ?? BATCH)
  if (pending.length === 0) return 0
  const u = await databaseUnderstander(db, { urgentModelThreshold: env.VECHE_URGENT_MODEL_CONFIDENCE })
  const inputs: UnderstandInput[] = pending.map((a) => ({
    id: String(a.id),
    channel: a.channel,
    text: a.text,
    created_at: a.registeredAt.toISOString(),
    address: a.addressText,
    lat: a.lat,
    lon: a.lon,
  }))
  const results = understandBatch(u, inputs)
  // Each appeal is its own transaction; a few run at once (a PostgreSQL server serves them in parallel,
  // the embedded database one after another).
  let next = 0
  const worker = async () => {
    while (next < pending.length) {
      const i = next++
      try {
        await storeOne(db, env, pending[i], results[i])
      } catch (err) {
        // Store the suggestions without applying anything, so one odd appeal does not come back every sweep.
        const r = results[i]
        const note = `не применено автоматически: ${(err as Error).message}`
        await db
          .insert(appealUnderstanding)
          .values({
            appealId: pending[i].id,
            modelVersion: r.details.model,
            result: {
              ...r,
              duplicates: [],
              applied: [],
              details: { ...r.details, notes: [...r.details.notes, note] },
            },
          })
          .onConflictDoNothing()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pending.length) }, worker))
  return pending.length
}

/** What the understanding step suggested for an appeal (null before the sweep reached it). */
export async function getUnderstanding(db: Queryable, appealId: number): Promise<StoredUnderstanding | null> {
  const [row] = await db.select().from(appealUnderstanding).where(eq(appealUnderstanding.appealId, appealId))
  return row ? (row.result as unknown as StoredUnderstanding) : null
}

/**
 * Records where an operator's decision differs from the suggestion (the city's confirmed history that
 * `veche train` learns from). Called inside the assigning transaction.
 */
export async function recordCorrections(
  tx: Tx,
  appealId: number,
  userId: string | null,
  decided: { sectorCode: string; topicCode: string | null },
): Promise<number> {
  const [row] = await tx.select().from(appealUnderstanding).where(eq(appealUnderstanding.appealId, appealId))
  if (!row) return 0
  const r = row.result as unknown as Understanding
  const diffs: { field: string; predicted: string | null; corrected: string | null }[] = []
  if (r.sector !== decided.sectorCode)
    diffs.push({ field: 'sector', predicted: r.sector, corrected: decided.sectorCode })
  if (decided.topicCode && r.details?.topic !== decided.topicCode)
    diffs.push({ field: 'topic', predicted: r.details?.topic ?? null, corrected: decided.topicCode })
  if (diffs.length === 0) return 0
  await tx
    .insert(understandingCorrections)
    .values(diffs.map((d) => ({ appealId, ...d, modelVersion: row.modelVersion, userId })))
  return diffs.length
}
