/**
 * Starts the server for the end-to-end tests on a throw-away database and stops it cleanly.
 *
 * - With DATABASE_URL: creates `veche_e2e_<timestamp>` on that PostgreSQL and points the server at it.
 * - Without: uses a fresh temp dir as VECHE_DATA_DIR (embedded PGlite).
 *
 * Before serving it seeds the demo city (a small one, for speed) and adds one fixture user that the
 * spec needs: `executor_roads`, an executor of another unit (roads), who must not see a housing appeal.
 * Then it writes two dead jobs for the «Недоставленное» spec (seedDeadLetters below).
 * The steps run one after another because PGlite must never be opened by two processes at once.
 * It builds nothing: `npm test` builds the web UI before Playwright starts.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { CHANNEL_ADAPTERS } from '../server/channels'
import { registerAppeal } from '../server/modules/appeals/appeals.service'
import { openDatabase } from '../server/platform/db'
import { loadEnv } from '../server/platform/env'

const PORT = process.env.E2E_PORT ?? '3210'
const DEMO_APPEALS = process.env.VECHE_DEMO_APPEALS ?? '300'
const ROOT = path.resolve(import.meta.dirname, '..')

type Database = { env: Record<string, string>; describe: string; drop: () => Promise<void> }

/** Runs `work` on the server's `postgres` maintenance DB (CREATE/DROP DATABASE cannot run inside the
 * target, and the database in DATABASE_URL may not exist yet: CI passes …/test). */
async function withMaintenanceDb<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const maintenance = new URL(url)
  maintenance.pathname = '/postgres'
  const client = new pg.Client({ connectionString: maintenance.toString() })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Drops e2e databases left by runs that were killed before they could clean up (older than an hour). */
async function dropStaleDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    "select datname from pg_database where datname ~ '^veche_e2e_[0-9]+$'",
  )
  const cutoff = Date.now() - 60 * 60 * 1000
  for (const { datname } of rows) {
    if (Number(datname.slice('veche_e2e_'.length)) < cutoff) {
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    }
  }
}

async function createDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL
  if (url) {
    const name = `veche_e2e_${Date.now()}`
    await withMaintenanceDb(url, async (client) => {
      await dropStaleDatabases(client)
      await client.query(`CREATE DATABASE ${name}`)
    })
    const target = new URL(url)
    target.pathname = `/${name}`
    return {
      env: { DATABASE_URL: target.toString() },
      describe: `PostgreSQL, база ${name}`,
      drop: () =>
        withMaintenanceDb(url, async (client) => {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        }),
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-e2e-'))
  return {
    env: { VECHE_DATA_DIR: dir, DATABASE_URL: '' },
    describe: `PGlite в ${dir}`,
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

/**
 * E2E-only fixture for e2e/dead-letters.spec.ts: two status notices that «failed every retry». A real
 * dead job takes 8 failed attempts over hours of backoff, so the rows are written directly, in the
 * shape the worker leaves them (state 'dead', attempts = max_attempts, last_error, finished_at). They
 * concern appeals of channels without an outbound adapter, so a replay completes as a no-op; the
 * newest (listed first) is an open appeal, on whose card the spec then writes an interim answer.
 * Runs between the CLI steps, never beside another process on the database (PGlite is single-process).
 */
async function seedDeadLetters(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadEnv(env)
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir })
  try {
    const { rows } = await database.pool.query<{ appeal_id: string; event_id: string; is_open: boolean }>(
      `select a.id as appeal_id, s.is_open,
         (select max(e.id) from appeal_event e where e.appeal_id = a.id) as event_id
       from appeal a join status s on s.code = a.status
       where a.channel <> all($1::text[])
       order by s.is_open desc, a.id
       limit 2`,
      [Object.keys(CHANNEL_ADAPTERS)],
    )
    if (rows.length < 2 || !rows[0].is_open)
      throw new Error('в демо-данных нет открытого обращения без канала ответа')
    for (const [i, row] of rows.entries()) {
      await database.pool.query(
        `insert into job (name, payload, state, attempts, max_attempts, last_error, run_at, finished_at)
         values ('channels.notify', $1, 'dead', 8, 8, 'Канал не ответил: HTTP 503 (тестовый сбой e2e)', now(),
           now() - make_interval(mins => $2))`,
        [{ appealId: Number(row.appeal_id), eventId: Number(row.event_id) }, i + 1],
      )
    }
  } finally {
    await database.close()
  }
}

/**
 * For e2e/control-board.spec.ts: one open appeal of «Управление ЖКХ» (the demo executor's unit) that is three
 * days overdue, registered long ago so it stays out of the top of the queue. The demo city's own overdue
 * items depend on today's date, this one does not.
 */
async function seedOverdueAppeal(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadEnv(env)
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir })
  try {
    const { id } = await database.db.transaction((tx) =>
      registerAppeal(
        tx,
        {
          regime: 'fz59',
          channel: 'phone',
          text: 'Во дворе дома 12 по улице Нахимова третью неделю течёт крыша над подъездом (e2e: контроль сроков).',
          applicants: [
            {
              fullName: 'Сроков Семён Семёнович',
              phone: '+7 910 000-00-12',
              email: null,
              postalAddress: null,
              handle: null,
            },
          ],
        },
        { kind: 'system' },
      ),
    )
    await database.pool.query(
      `update appeal set unit_id = (select id from unit where code = 'ugkh'), sector_code = 'housing',
         status = 'in_work', registered_at = now() - interval '33 days', due_at = now() - interval '3 days'
       where id = $1`,
      [id],
    )
  } finally {
    await database.close()
  }
}

let current: ChildProcess | null = null
let stopping = false

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    // `node --import tsx` rather than `npx tsx`: the child is then the server itself, so waiting for its
    // exit really waits for its shutdown (npx exits at once on SIGTERM, before the server has stopped).
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    })
    current = child
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      current = null
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}

async function main() {
  const database = await createDatabase()
  let cleaned = false
  const cleanup = async () => {
    if (cleaned) return
    cleaned = true
    await database.drop().then(
      () => console.log('[e2e] временная база удалена'),
      (error: unknown) => console.error('[e2e] не удалось удалить базу:', error),
    )
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true
      if (current) current.kill(signal)
      else void cleanup().then(() => process.exit(0))
    })
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.env,
    PORT,
    HOST: '127.0.0.1',
    VECHE_DEMO_APPEALS: DEMO_APPEALS,
    VECHE_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // Every spec signs in from 127.0.0.1; a fast run does more than the default 20 a minute.
    VECHE_LOGIN_PER_MINUTE: '1000',
  }
  console.log(`[e2e] ${database.describe}`)

  const steps: string[][] = [
    ['seed', '--demo', '--appeals', DEMO_APPEALS],
    [
      'user',
      'add',
      '--login',
      'executor_roads',
      '--name',
      'Дорожкин Пётр Ильич',
      '--role',
      'executor',
      '--unit',
      'utdh',
      '--password',
      'veche-demo',
    ],
  ]
  for (const step of steps) {
    const code = await run(step, env)
    if (stopping) break
    if (code !== 0) {
      console.error(`[e2e] шаг «${step.slice(0, 2).join(' ')}» завершился с кодом ${code}`)
      await cleanup()
      process.exit(code)
    }
  }
  if (!stopping) {
    try {
      await seedDeadLetters(env)
      await seedOverdueAppeal(env)
    } catch (error) {
      console.error('[e2e] не удалось записать недоставленные задания:', error)
      await cleanup()
      process.exit(1)
    }
  }
  const code = stopping ? 0 : await run(['serve'], env)
  await cleanup()
  process.exit(code)
}

main().catch((error: unknown) => {
  console.error('[e2e] запуск сервера не удался:', error)
  process.exit(1)
})
