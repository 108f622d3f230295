import { type ChildProcess, fork } from 'node:child_process'
import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import * as schema from '../db/schema'

// bigint ids and count(*) come back as JS numbers on both backends (safe below 2^53).
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v))

export type Db = NodePgDatabase<typeof schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx

export interface Database {
  db: Db
  pool: pg.Pool
  mode: 'embedded' | 'server'
  /** Where the data lives, for messages: a data directory or a server URL without password. */
  location: string
  close(): Promise<void>
}

export interface OpenDatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolSize?: number
}

const MIGRATIONS = fileURLToPath(new URL('../db/migrations', import.meta.url))
const CHILD = fileURLToPath(new URL('./embedded-postgres.mjs', import.meta.url))
const MIGRATION_LOCK = 72_83_2026
// A request that cannot get a connection fails after this instead of hanging. Inside a transaction use
// only its `tx`: in embedded mode the transaction owns PGlite's one session, so a query on another
// connection would wait for it forever.
const CONNECT_TIMEOUT = 30_000

/** Opens PostgreSQL: a server when `databaseUrl` is given, else the embedded PGlite in `dataDir`. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT,
    })
    pool.on('error', () => {}) // idle-client errors surface on the next query instead of crashing
    await checkConnection(pool, opts.databaseUrl)
    const url = new URL(opts.databaseUrl)
    url.password = ''
    return {
      db: drizzle(pool, { schema }),
      pool,
      mode: 'server',
      location: url.toString(),
      close: () => pool.end(),
    }
  }
  const { child, socketDir } = await startEmbedded(opts.dataDir)
  const pool = new pg.Pool({
    host: socketDir,
    port: 5432,
    user: 'postgres',
    database: 'postgres',
    max: opts.poolSize ?? 8,
    connectionTimeoutMillis: CONNECT_TIMEOUT,
  })
  pool.on('error', () => {})
  return {
    db: drizzle(pool, { schema }),
    pool,
    mode: 'embedded',
    location: opts.dataDir,
    async close() {
      await pool.end()
      await stopChild(child)
    },
  }
}

async function checkConnection(pool: pg.Pool, url: string): Promise<void> {
  try {
    const client = await pool.connect()
    client.release()
  } catch (err) {
    await pool.end()
    const safe = new URL(url)
    safe.password = ''
    throw new Error(`Не удалось подключиться к PostgreSQL (${safe}): ${(err as Error).message}`)
  }
}

async function startEmbedded(dataDir: string): Promise<{ child: ChildProcess; socketDir: string }> {
  // A short socket path in the temp dir: unix socket paths are limited to ~107 bytes.
  const hash = crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)
  const socketDir = path.join(os.tmpdir(), `veche-pg-${hash}`)
  const child = fork(CHILD, [path.resolve(dataDir), path.join(socketDir, '.s.PGSQL.5432')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  })
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`Встроенная база данных завершилась при запуске (код ${code})`))
    child.once('exit', onExit)
    child.once('message', (msg: { ready?: boolean; error?: string }) => {
      child.off('exit', onExit)
      if (msg.ready) resolve()
      else reject(new Error(msg.error ?? 'Встроенная база данных не запустилась'))
    })
  })
  return { child, socketDir }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.disconnect()
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** Applies pending migrations; an advisory lock keeps concurrent starts (api + worker) from racing. */
export async function migrateDatabase(database: Database): Promise<void> {
  const client = await database.pool.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS })
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    client.release()
  }
}
