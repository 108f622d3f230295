import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { seedDatabase } from '../server/modules/demo/seed'
import { shippedModel } from '../server/modules/understanding/shipped-model'
import { type Database, migrateDatabase, openDatabase } from '../server/platform/db'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    databaseMode: 'embedded' | 'server'
  }
}

/**
 * One real database per test run. Embedded mode: PGlite in a temp dir, served over its socket so test
 * workers connect exactly as the app does. Server mode (DATABASE_URL set): a fresh database created
 * on that server and dropped afterwards, so runs never see each other's rows.
 */
export default async function setup(project: TestProject) {
  let database: Database
  let url: string
  let cleanup: () => Promise<void>
  const serverUrl = process.env.DATABASE_URL
  if (serverUrl) {
    const name = `veche_test_${Date.now()}_${process.pid}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const u = new URL(serverUrl)
    u.pathname = `/${name}`
    url = u.toString()
    database = await openDatabase({ databaseUrl: url, dataDir: '' })
    cleanup = async () => {
      await database.close()
      const c = new pg.Client({ connectionString: serverUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    }
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-test-'))
    database = await openDatabase({ dataDir: dir })
    const socketDir = (database.pool.options as { host: string }).host
    url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`
    cleanup = async () => {
      await database.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  // The shipped model is trained from the corpus once and cached (node_modules/.cache/veche), so no
  // test file pays for training.
  shippedModel({ onTrain: (m) => console.log(m) })
  await migrateDatabase(database)
  // Reference data, gazetteer, units and demo users (no demo appeals: factories make fresh data per test).
  await seedDatabase(database.db, { demo: true, appeals: 0 })
  project.provide('databaseUrl', url)
  project.provide('databaseMode', serverUrl ? 'server' : 'embedded')
  return cleanup
}
