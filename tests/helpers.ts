import crypto from 'node:crypto'
import { asc, eq, inArray } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, inject } from 'vitest'
import type { RoleCode } from '../common/domain'
import { createHttpApp } from '../server/app'
import { CHANNEL_ADAPTERS } from '../server/channels'
import { jobHandlers } from '../server/jobs'
import type { RegisterAppealInput } from '../server/modules/appeals/appeals.schemas'
import { registerAppeal } from '../server/modules/appeals/appeals.service'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import type { ChannelAdapter } from '../server/modules/channels/channel'
import { units } from '../server/modules/org/org.tables'
import { understandingCorrections } from '../server/modules/understanding/understanding.tables'
import { createUser } from '../server/modules/users/users.service'
import { type Database, openDatabase } from '../server/platform/db'
import { type Env, loadEnv } from '../server/platform/env'
import { runDueJobs } from '../server/platform/jobs'

export const PASSWORD = 'test-password-1'

/** Opens the run's test database (see tests/global-setup.ts). */
export function openTestDatabase(): Promise<Database> {
  return openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: '', poolSize: 4 })
}

/** The settings tests run with; `extra` adds channel settings (peer URLs on loopback, tokens). */
export function testEnv(extra: Record<string, string> = {}): Env {
  return loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    VECHE_BODY_LIMIT: '1048576',
    VECHE_PUBLIC_URL: 'http://veche.test',
    ...extra,
  })
}

/** Runs queued jobs until none is due (answer delivery, channel pushes), with the given channel adapters. */
export async function drainJobs(
  database: Database,
  opts: { env?: Env; adapters?: Partial<Record<string, ChannelAdapter>> } = {},
): Promise<void> {
  const handlers = jobHandlers(opts.env ?? testEnv(), opts.adapters ?? CHANNEL_ADAPTERS)
  while ((await runDueJobs(database.db, handlers)) > 0) {}
}

/** The real HTTP app in process, on the test database. */
export async function openTestApp(): Promise<{
  app: FastifyInstance
  database: Database
  env: Env
  close(): Promise<void>
}> {
  const database = await openTestDatabase()
  const env = testEnv()
  const app = (await createHttpApp(database, env, false)) as unknown as FastifyInstance
  await app.ready()
  return {
    app,
    database,
    env,
    async close() {
      await app.close()
      await database.close()
    },
  }
}

export type TestApp = Awaited<ReturnType<typeof openTestApp>>

/** Opens the app before the file's tests and closes it after; the returned object is filled in beforeAll. */
export function setupTestApp(): TestApp {
  const ctx = {} as TestApp
  beforeAll(async () => {
    Object.assign(ctx, await openTestApp())
  })
  afterAll(() => ctx.close())
  return ctx
}

export const uniq = (prefix = 't') => `${prefix}_${crypto.randomBytes(5).toString('hex')}`

export async function unitId(database: Database, code: string): Promise<number> {
  const [u] = await database.db.select({ id: units.id }).from(units).where(eq(units.code, code))
  if (!u) throw new Error(`unit ${code} not seeded`)
  return u.id
}

/** A fresh user with a random login; returns the login. */
export async function makeUser(
  database: Database,
  role: RoleCode,
  opts: { unit?: string; sectors?: string[] } = {},
) {
  const login = uniq(role)
  await createUser(database.db, {
    login,
    fullName: `Тестов ${role}`,
    password: PASSWORD,
    role,
    unitId: opts.unit ? await unitId(database, opts.unit) : null,
    sectors: opts.sectors,
  })
  return login
}

/** Signs in through the API and returns the cookie header for later requests. */
export async function signIn(app: FastifyInstance, login: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'veche_session')
  return `veche_session=${cookie?.value}`
}

/** A fresh appeal registered directly through the service, with unique text. */
export async function makeAppeal(database: Database, overrides: Partial<RegisterAppealInput> = {}) {
  const input: RegisterAppealInput = {
    regime: 'fz59',
    channel: 'phone',
    text: `Тестовое обращение ${uniq()}: во дворе дома не работает освещение`,
    applicants: [
      {
        fullName: 'Иванов Иван Иванович',
        phone: '+7 910 123-45-67',
        email: null,
        postalAddress: 'ул. Ленина, д. 5, кв. 17',
        handle: null,
      },
    ],
    ...overrides,
  }
  const result = await database.db.transaction((tx) => registerAppeal(tx, input, { kind: 'system' }))
  return { ...result, text: input.text }
}

/**
 * What a refused request must not change: the appeals' whole rows (ordered by id), how many history events and
 * understanding corrections they have. Compare a snapshot before and after with toEqual.
 */
export async function appealsSnapshot(database: Database, ids: number[]) {
  const db = database.db
  const rows = await db.select().from(appeals).where(inArray(appeals.id, ids)).orderBy(asc(appeals.id))
  const events = await db
    .select({ id: appealEvents.id })
    .from(appealEvents)
    .where(inArray(appealEvents.appealId, ids))
  const fixes = await db
    .select({ id: understandingCorrections.id })
    .from(understandingCorrections)
    .where(inArray(understandingCorrections.appealId, ids))
  return { rows, events: events.length, fixes: fixes.length }
}
