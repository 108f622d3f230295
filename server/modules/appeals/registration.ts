import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import { cached } from '../../platform/cache'
import type { Db, Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { normalizePhone } from '../../platform/pd'
import { moscowYear } from '../../platform/time'
import { categoriesOf, deadlineFor, regimeInfo } from '../deadlines/deadlines.service'
import { locateDistrict } from '../geo/geo.service'
import { topics } from '../reference/reference.tables'
import type { RegisterAppealInput } from './appeals.schemas'

/** Who acts: a signed-in user, the citizen (tracking page), or the system (jobs, channels). */
export type ActorRef =
  | { kind: 'user'; user: { id: string; role: string } }
  | { kind: 'citizen' }
  | { kind: 'system' }

export const userIdOf = (a: ActorRef) => (a.kind === 'user' ? a.user.id : null)

/** One item to register: the validated input plus what intake (not the sender) decides. */
export type RegistrationInput = RegisterAppealInput & {
  registeredAt?: Date
  /** The first status; imports of history pass 'closed' and the like. Default 'registered'. */
  status?: string
  /** Channel-specific data kept with the appeal (ПОС id, Telegram chat, e-mail Message-ID…). */
  meta?: Record<string, unknown>
}

export interface RegisterResult {
  id: number
  regNumber: string
  /** Shown once to the applicant; null when the item already existed (a replay of the same external id). */
  trackingCode: string | null
  created: boolean
}

/** Raised when a concurrent delivery registered some of the same items first; the caller's transaction
 * must roll back and the batch be retried (the retry then sees them as replays). */
export class RegistrationRaceError extends Error {
  constructor() {
    super('concurrent registration of the same items; retry the batch')
  }
}

/** Checks the topic against the sector; returns the code to store (a retired code becomes its successor). */
async function assertTopicInSector(
  db: Queryable,
  topicCode: string | null,
  sectorCode: string | null,
): Promise<string | null> {
  if (!topicCode) return null
  const all = await cached('topics', 60_000, () => db.select().from(topics))
  const named = all.find((t) => t.code === topicCode)
  // A retired topic code (an old ПОС mapping, an old import) stands for its successor.
  const topic = named?.replacedBy ? all.find((t) => t.code === named.replacedBy) : named
  if (!topic)
    throw new AppError('VALIDATION_FAILED', 'Неизвестная тема', [
      { path: 'topicCode', message: 'нет такой темы' },
    ])
  if (sectorCode && topic.sectorCode !== sectorCode) {
    throw new AppError('VALIDATION_FAILED', 'Тема не относится к выбранному сектору', [
      { path: 'topicCode', message: 'тема из другого сектора' },
    ])
  }
  return topic.code
}

/** Everything about one row that is decided in code before the statement: dates, deadline, district, code. */
async function prepare(db: Queryable, input: RegistrationInput, actor: ActorRef, idx: number) {
  const registeredAt = input.registeredAt ?? new Date()
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : registeredAt
  if (receivedAt.getTime() > registeredAt.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', 'Дата поступления не может быть позже даты регистрации', [
      { path: 'receivedAt', message: 'дата в будущем' },
    ])
  }
  const { prefix } = await regimeInfo(db, input.regime)
  const topicCode = await assertTopicInSector(db, input.topicCode ?? null, input.sectorCode ?? null)
  // The first matching rule of reference/deadlines.json (regime, channel, sector / topic / ПОС category).
  const deadline = await deadlineFor(
    db,
    {
      regime: input.regime,
      channel: input.channel,
      categories: categoriesOf({ ...input, topicCode, meta: input.meta }),
    },
    registeredAt,
  )
  let districtCode: string | null = input.districtCode ?? null
  if (!districtCode && input.lat != null && input.lon != null) {
    districtCode = (await locateDistrict(db, input.lat, input.lon))?.code ?? null
  }
  const status = input.status ?? 'registered'
  return {
    idx,
    regime: input.regime,
    year: moscowYear(registeredAt),
    prefix,
    channel: input.channel,
    external_id: input.externalId ?? crypto.randomUUID(),
    received_at: receivedAt.toISOString(),
    registered_at: registeredAt.toISOString(),
    text: input.text,
    address_text: input.addressText ?? null,
    lat: input.lat ?? null,
    lon: input.lon ?? null,
    district_code: districtCode,
    sector_code: input.sectorCode ?? null,
    topic_code: topicCode,
    status,
    due_at: deadline.dueAt.toISOString(),
    urgent: input.urgent ?? false,
    meta: input.meta ?? {},
    is_collective: input.applicants.length > 1,
    tracking_code: String(crypto.randomInt(0, 1_000_000)).padStart(6, '0'),
    created_by: userIdOf(actor),
    actor_kind: actor.kind,
    applicants: input.applicants.map((a, position) => ({
      position,
      full_name: a.fullName ?? null,
      phone: normalizePhone(a.phone) ?? a.phone ?? null,
      email: a.email ?? null,
      postal_address: a.postalAddress ?? null,
      handle: a.handle ?? null,
    })),
    event_data: { channel: input.channel, regime: input.regime, receivedAt: receivedAt.toISOString() },
  }
}

/**
 * Registers items exactly once per (channel, external id): a replay returns the existing appeal and
 * changes nothing. One SQL statement does it all — the replay check, gapless numbers from the
 * regime-year counters, the appeals, their applicants and their first history events — so a single
 * item costs one round trip and a batch of a thousand costs one too. The counter rows stay locked until
 * the caller's transaction commits: numbers are gapless and in order.
 */
export async function registerAppeals(
  tx: Queryable,
  inputs: RegistrationInput[],
  actor: ActorRef,
  opts: { autocommit?: boolean } = {},
): Promise<RegisterResult[]> {
  return insertPrepared(tx, await prepareAll(tx, inputs, actor), opts)
}

type PreparedRow = Awaited<ReturnType<typeof prepare>>

/** Everything decided in code, for each item (refusals such as an unknown topic are thrown here). */
async function prepareAll(
  db: Queryable,
  inputs: RegistrationInput[],
  actor: ActorRef,
): Promise<PreparedRow[]> {
  const rows: PreparedRow[] = []
  for (const [i, input] of inputs.entries()) rows.push(await prepare(db, input, actor, i))
  return rows
}

/** The registration statement for prepared rows (their `idx` must be their position). */
async function insertPrepared(
  tx: Queryable,
  rows: PreparedRow[],
  opts: {
    /** The statement is its own transaction (db, not tx): a lost race raises and rolls it all back. */
    autocommit?: boolean
  } = {},
): Promise<RegisterResult[]> {
  // The same item twice in one batch is registered once; the later copy reads as its replay.
  const firstOf = new Map<string, number>()
  const unique = rows.filter((r) => {
    const key = `${r.channel}\u0000${r.external_id}`
    if (firstOf.has(key)) return false
    firstOf.set(key, r.idx)
    return true
  })
  const raiseOnRace = opts.autocommit ?? false
  const result = await tx
    .execute<{
      idx: number
      id: number | null
      reg_number: string | null
      created: boolean
    }>(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) as r(idx int, regime text,
        year smallint, prefix text, channel text, external_id text, received_at timestamptz,
        registered_at timestamptz, text text, address_text text, lat double precision, lon double precision,
        district_code text, sector_code text, topic_code text, status text, due_at timestamptz,
        urgent boolean, meta jsonb, is_collective boolean, tracking_code text, created_by uuid,
        actor_kind text, applicants jsonb, event_data jsonb)
    ),
    existing as (
      select i.idx, a.id, a.reg_number from input i
      join appeal a on a.channel = i.channel and a.external_id = i.external_id
    ),
    fresh as (
      select * from input i where not exists (select 1 from existing e where e.idx = i.idx)
    ),
    counter as (
      insert into reg_counter (regime, year, last_value)
      -- Counter rows are locked in one fixed order, so concurrent batches never deadlock on them.
      select regime, year, count(*) from fresh group by regime, year order by regime, year
      on conflict (regime, year) do update set last_value = reg_counter.last_value + excluded.last_value
      returning regime, year, last_value
    ),
    numbered as (
      -- The appeal id is taken here, so what follows can find each row without joining on text.
      select f.*, nextval('appeal_id_seq') as id,
        f.prefix || '-' || f.year::text || '-' || lpad((c.last_value
        - count(*) over (partition by f.regime, f.year)
        + row_number() over (partition by f.regime, f.year order by f.idx))::text, 6, '0') as reg_number
      from fresh f join counter c on c.regime = f.regime and c.year = f.year
    ),
    inserted as (
      insert into appeal (id, reg_number, regime, channel, external_id, received_at, registered_at, text,
        address_text, lat, lon, district_code, sector_code, topic_code, status, due_at, urgent, meta,
        is_collective, tracking_code_hash, created_by)
      overriding system value
      select id, reg_number, regime, channel, external_id, received_at, registered_at, text, address_text,
        lat, lon, district_code, sector_code, topic_code, status, due_at, urgent, meta, is_collective,
        encode(sha256(convert_to(reg_number || ':' || tracking_code, 'UTF8')), 'hex'), created_by
      from numbered order by idx
      on conflict (channel, external_id) do nothing
      returning id
    ),
    done as (select coalesce(array_agg(id), '{}') as ids from inserted),
    people as (
      insert into applicant (appeal_id, position, full_name, phone, email, postal_address, handle)
      select n.id, p.position, p.full_name, p.phone, p.email, p.postal_address, p.handle
      from numbered n cross join done d, jsonb_to_recordset(n.applicants) as p(position smallint,
        full_name text, phone text, email text, postal_address text, handle text)
      where n.id = any(d.ids)
    ),
    history as (
      insert into appeal_event (appeal_id, at, type, actor_kind, actor_user_id, to_status, data, public)
      select n.id, n.registered_at, 'registered', n.actor_kind, n.created_by, n.status, n.event_data, true
      from numbered n cross join done d where n.id = any(d.ids)
    ),
    outcome as (
      select i.idx, n.id = any(d.ids) as created, n.id as new_id, n.reg_number as new_number,
        e.id as old_id, e.reg_number as old_number
      from input i cross join done d
        left join numbered n on n.idx = i.idx left join existing e on e.idx = i.idx
    )
    select idx, case when created then new_id else old_id end as id,
      case when created then new_number else old_number end as reg_number,
      coalesce(created, false) as created,
      case when ${raiseOnRace}::boolean and not coalesce(created, false) and old_id is null
        then veche_registration_race() end
    from outcome`)
    .catch((err) => {
      throw RETRY_SQLSTATES.has(sqlState(err) ?? '') ? new RegistrationRaceError() : err
    })
  const byIdx = new Map(result.rows.map((r) => [r.idx, r]))
  const lost = result.rows.filter((r) => r.id === null)
  if (lost.length > 0) {
    if (unique.length > 1 || raiseOnRace) throw new RegistrationRaceError()
    // One item lost a race with a concurrent delivery of itself: this transaction still holds the
    // counter row it incremented, so giving the number back keeps the sequence gapless.
    const r = unique[0]
    await tx.execute(sql`
      update reg_counter set last_value = last_value - 1 where regime = ${r.regime} and year = ${r.year}`)
    const winner = await tx.execute<{ id: number; reg_number: string }>(sql`
      select id, reg_number from appeal where channel = ${r.channel} and external_id = ${r.external_id}`)
    byIdx.set(r.idx, { idx: r.idx, ...winner.rows[0], created: false })
  }
  return rows.map((r) => {
    const own = firstOf.get(`${r.channel}\u0000${r.external_id}`) === r.idx
    const hit = byIdx.get(firstOf.get(`${r.channel}\u0000${r.external_id}`) as number)
    if (!hit?.id || !hit.reg_number) throw new Error('registration returned no row')
    const created = own && hit.created
    return { id: hit.id, regNumber: hit.reg_number, trackingCode: created ? r.tracking_code : null, created }
  })
}

/** Registers one item exactly once per (channel, external id); see registerAppeals. */
export async function registerAppeal(
  tx: Tx,
  input: RegistrationInput,
  actor: ActorRef,
): Promise<RegisterResult> {
  const [result] = await registerAppeals(tx, [input], actor)
  return result
}

/** The SQLSTATE of a database error (drizzle wraps the driver's error as its cause). */
const sqlState = (err: unknown): string | undefined =>
  (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code

/**
 * Worth one more try: veche_registration_race() (migration 0005: an autocommit registration lost a
 * race), a deadlock or a serialization failure (another transaction held what this one needed).
 */
const RETRY_SQLSTATES = new Set(['40V01', '40P01', '40001'])

/** PostgreSQL refused the data itself (class 22: data exception, 23: integrity constraint). */
export function isDataError(err: unknown): boolean {
  const code = sqlState(err)
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))
}

/** A per-item refusal from registerMany: the Russian reason, in the shape of AppError. */
export interface RegistrationRefusal {
  code: string
  message: string
}

/**
 * Registers a batch the fast way — one statement, which is its own transaction — and, when some item is refused
 * (a date in the future, an unknown topic, a value the database rejects), again item by item so each
 * refusal is reported for its own item and the rest still register. Results keep the input's order and
 * are returned only after commit, so a channel acknowledges only what is stored. Other errors (the
 * database went away) propagate: the sender resends and replays change nothing.
 */
export async function registerMany(
  db: Db,
  inputs: RegistrationInput[],
  actor: ActorRef,
): Promise<(RegisterResult | RegistrationRefusal)[]> {
  if (inputs.length === 0) return []
  const batcher = batcherFor(db)
  try {
    return await batcher.submit(inputs, actor)
  } catch (err) {
    if (!refusalOf(err)) throw err
  }
  const results: (RegisterResult | RegistrationRefusal)[] = []
  for (const input of inputs) {
    try {
      results.push(...(await batcher.submit([input], actor)))
    } catch (err) {
      const r = refusalOf(err)
      if (!r) throw err
      results.push(r)
    }
  }
  return results
}

function refusalOf(err: unknown): RegistrationRefusal | null {
  if (err instanceof AppError) return { code: err.code, message: err.message }
  if (isDataError(err)) {
    const e = err as { message?: string; cause?: { message?: string } }
    return {
      code: 'VALIDATION_FAILED',
      message: `база данных отклонила данные: ${e.cause?.message ?? e.message}`,
    }
  }
  return null
}

/**
 * One statement is one transaction: no BEGIN/COMMIT round trips. A lost race (or a deadlock) rolls the
 * statement back and it is replayed: the items the other delivery committed then read as replays.
 */
async function registerAutocommit(db: Db, rows: PreparedRow[]) {
  for (let tries = 1; ; tries++) {
    try {
      return await insertPrepared(db, rows, { autocommit: true })
    } catch (err) {
      if (!(err instanceof RegistrationRaceError) || tries >= 8) throw err
      // Overlapping batches: let the one holding the counters commit, then replay.
      await new Promise((r) => setTimeout(r, 5 * tries + Math.random() * 10))
    }
  }
}

interface Submission {
  rows: PreparedRow[]
  resolve: (r: RegisterResult[]) => void
  reject: (err: unknown) => void
}

/**
 * Group registration. Gapless numbers mean every registration of a regime and year holds its counter
 * row until commit, so one at a time: throughput is capped by commit latency, not by the machine. While
 * a statement runs, the registrations that arrive meanwhile are prepared and queue up, then go as one
 * statement — the same statement, the same guarantees, one commit for many. At low load nothing waits.
 * (The actor is stored per row, so different actors share a statement.)
 */
class RegistrationBatcher {
  private queue: Submission[] = []
  private running = false

  constructor(
    private readonly db: Db,
    private readonly maxItems = 2000,
  ) {}

  /** Prepares the items here (in parallel with the statement running now), then queues them. */
  async submit(inputs: RegistrationInput[], actor: ActorRef): Promise<RegisterResult[]> {
    const rows = await prepareAll(this.db, inputs, actor)
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject })
      if (!this.running) void this.drain()
    })
  }

  private async drain() {
    this.running = true
    try {
      while (this.queue.length > 0) {
        const group: Submission[] = []
        let size = 0
        while (
          this.queue.length > 0 &&
          (group.length === 0 || size + this.queue[0].rows.length <= this.maxItems)
        ) {
          const next = this.queue.shift() as Submission
          group.push(next)
          size += next.rows.length
        }
        await this.run(group)
      }
    } finally {
      this.running = false
    }
  }

  private async run(group: Submission[]) {
    if (group.length === 1) {
      const [only] = group
      await registerAutocommit(this.db, only.rows).then(only.resolve, only.reject)
      return
    }
    try {
      // One statement for the group: each row's idx becomes its position in the combined batch.
      const combined = group.flatMap((s) => s.rows).map((r, idx) => ({ ...r, idx }))
      const results = await registerAutocommit(this.db, combined)
      let at = 0
      for (const s of group) {
        s.resolve(results.slice(at, at + s.rows.length))
        at += s.rows.length
      }
    } catch (err) {
      if (!refusalOf(err)) {
        for (const s of group) s.reject(err)
        return
      }
      // The database refused somebody's row: nobody else pays for it — each submission goes on its own.
      for (const s of group) await registerAutocommit(this.db, s.rows).then(s.resolve, s.reject)
    }
  }
}

const batchers = new WeakMap<Db, RegistrationBatcher>()
function batcherFor(db: Db): RegistrationBatcher {
  let b = batchers.get(db)
  if (!b) {
    b = new RegistrationBatcher(db)
    batchers.set(db, b)
  }
  return b
}

export const isRefusal = (r: RegisterResult | RegistrationRefusal): r is RegistrationRefusal => 'message' in r
