import type { FastifyBaseLogger } from 'fastify'
import { JOB_HANDLERS } from './jobs'
import { sweepOverdue } from './modules/deadlines/deadlines.sweep'
import { type Database, migrateDatabase, openDatabase } from './platform/db'
import type { Env } from './platform/env'
import { buildHttpApp } from './platform/http'
import { startWorker } from './platform/jobs'
import { registerRoutes } from './routes'

/** Opens the database for this environment and brings its schema up to date. */
export async function openMigratedDatabase(env: Env): Promise<Database> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir })
  try {
    await migrateDatabase(database)
  } catch (err) {
    await database.close()
    throw err
  }
  return database
}

/** Builds the HTTP app on an open database (tests use this in process). */
export function createHttpApp(database: Database, env: Env, logger: FastifyBaseLogger | false) {
  const ctx = { database, env }
  return buildHttpApp(ctx, { logger, routes: (app) => registerRoutes(app, ctx) })
}

export interface RunningRoles {
  stop(): Promise<void>
  url?: string
}

/** Starts the selected roles in this process: api (HTTP + web UI), worker (jobs), scheduler (sweeps). */
export async function startRoles(
  database: Database,
  env: Env,
  log: FastifyBaseLogger,
): Promise<RunningRoles> {
  const stops: (() => Promise<void>)[] = []
  let url: string | undefined
  if (env.VECHE_ROLES.includes('api')) {
    const app = await createHttpApp(database, env, log)
    url = await app.listen({ port: env.PORT, host: env.HOST })
    stops.push(() => app.close())
  }
  if (env.VECHE_ROLES.includes('worker')) {
    const worker = startWorker(database.db, JOB_HANDLERS, { log })
    stops.push(() => worker.stop())
  }
  if (env.VECHE_ROLES.includes('scheduler')) {
    // Sweeps are idempotent, so several schedulers (or a restart mid-sweep) do no harm.
    const tick = async () => {
      try {
        const n = await sweepOverdue(database.db)
        if (n > 0) log.info({ overdue: n }, 'deadline sweep flagged overdue appeals')
      } catch (err) {
        log.error({ err }, 'deadline sweep failed')
      }
    }
    const timer = setInterval(tick, 60_000)
    void tick()
    stops.push(async () => clearInterval(timer))
  }
  return {
    url,
    async stop() {
      for (const stop of stops.reverse()) await stop()
    },
  }
}
