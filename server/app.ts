import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { jobHandlers } from './jobs'
import { OPEN311_PREFIX, open311Routes } from './modules/open311/open311.routes'
import { type Database, migrateDatabase, openDatabase } from './platform/db'
import type { Env } from './platform/env'
import { buildHttpApp } from './platform/http'
import { startWorker } from './platform/jobs'
import { registerRoutes } from './routes'
import { startSchedules } from './schedules'

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
export async function createHttpApp(database: Database, env: Env, logger: FastifyBaseLogger | false) {
  const ctx = { database, env }
  const app = await buildHttpApp(ctx, { logger, routes: (app) => registerRoutes(app, ctx) })
  // Open311 GeoReport v2 lives outside /api: its own URLs (.xml/.json), form posts and error shape.
  await app.register(async (o) => open311Routes(o as unknown as FastifyInstance, ctx), {
    prefix: OPEN311_PREFIX,
  })
  return app
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
    const worker = startWorker(database.db, jobHandlers(env), { log })
    stops.push(() => worker.stop())
  }
  if (env.VECHE_ROLES.includes('scheduler')) {
    const schedules = startSchedules({ db: database.db, env, log })
    stops.push(() => schedules.stop())
  }
  return {
    url,
    async stop() {
      for (const stop of stops.reverse()) await stop()
    },
  }
}
