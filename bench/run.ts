/**
 * `npm run bench`: registering appeals through the HTTP API (appeals/s, p50/p99 latency) and the
 * dashboard and queue queries at 100 000 appeals, in both database modes, printed as a table.
 *
 * Embedded mode always runs; server mode runs against DATABASE_URL (or postgres://postgres@127.0.0.1:5432/test
 * when reachable), in a fresh database that is dropped afterwards. The load client runs in this same
 * process on loopback, so on a 2-core machine it competes with the server for CPU: figures are a floor.
 * Options: BENCH_REQUESTS (2000), BENCH_CONCURRENCY (16), BENCH_APPEALS (100000), BENCH_MODES (embedded,server).
 */
import fs from 'node:fs'
import os from 'node:os'
import pg from 'pg'
import { createHttpApp } from '../server/app'
import { generateDemoAppeals } from '../server/modules/demo/generate-appeals'
import { DEMO_PASSWORD, insertDemoAppeals, seedDatabase } from '../server/modules/demo/seed'
import { units } from '../server/modules/org/org.tables'
import { migrateDatabase, openDatabase } from '../server/platform/db'
import { loadEnv } from '../server/platform/env'
import { freshStore, markdownTable, ms, pct, type Row, SERVER_URL } from './lib'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const TARGET = Number(process.env.BENCH_APPEALS ?? 100_000)
const MODES = (process.env.BENCH_MODES ?? 'embedded,server').split(',')

async function openStore(mode: string) {
  const store = await freshStore(mode)
  const database = await openDatabase({ databaseUrl: store.url, dataDir: store.dir ?? '', poolSize: 10 })
  return { database, url: store.url, drop: store.drop }
}

async function serverReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    await c.end()
    return true
  } catch {
    return false
  }
}

async function login(base: string, loginName: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: loginName, password: DEMO_PASSWORD }),
  })
  const cookie = res.headers.get('set-cookie')
  if (!res.ok || !cookie) throw new Error(`login ${loginName} failed: ${res.status}`)
  return cookie.split(';')[0]
}

async function timeGets(url: string, cookie: string, n: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    const res = await fetch(url, { headers: { cookie } })
    await res.arrayBuffer()
    if (!res.ok) throw new Error(`${url}: ${res.status}`)
    out.push(performance.now() - t)
  }
  return out
}

async function benchMode(mode: string): Promise<Row[]> {
  const rows: Row[] = []
  const started = performance.now()
  const { database, url, drop } = await openStore(mode)
  try {
    await migrateDatabase(database)
    await seedDatabase(database.db, { demo: true, appeals: 0 })
    const env = loadEnv({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'silent' })
    const app = await createHttpApp(database, env, false)
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const operator = await login(address, 'operator')
    const head = await login(address, 'head')
    console.error(
      `[${mode}] ready in ${((performance.now() - started) / 1000).toFixed(1)} s; registering ${REQUESTS} appeals…`,
    )

    // 1. Registration through the API, CONCURRENCY requests in flight.
    const latencies: number[] = []
    let next = 0
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const i = next++
          const t = performance.now()
          const res = await fetch(`${address}/api/appeals`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: operator },
            body: JSON.stringify({
              regime: i % 2 ? 'fz59' : 'message',
              channel: 'phone',
              text: `Обращение нагрузочного теста № ${i}: во дворе дома не горит фонарь, просим починить`,
              applicants: [{ fullName: 'Тестов Тест Тестович', phone: `+7910${String(i).padStart(7, '0')}` }],
              addressText: 'ул. Николаева, д. 12',
              lat: 54.7818,
              lon: 32.0401,
            }),
          })
          await res.arrayBuffer()
          if (res.status !== 201) throw new Error(`register: ${res.status}`)
          latencies.push(performance.now() - t)
        }
      }),
    )
    const seconds = (performance.now() - t0) / 1000
    rows.push({
      mode,
      measure: `register via POST /api/appeals (${REQUESTS} req, ${CONCURRENCY} in flight)`,
      value: `${(REQUESTS / seconds).toFixed(0)} appeals/s`,
      p50: ms(pct(latencies, 50)),
      p99: ms(pct(latencies, 99)),
    })

    // 2. Fill the registry to TARGET appeals (with applicants, answers and history), then analyze.
    const fill = Math.max(0, TARGET - REQUESTS)
    console.error(`[${mode}] generating and loading ${fill} appeals…`)
    const unitRows = await database.db.select({ id: units.id, code: units.code }).from(units)
    const items = generateDemoAppeals({ seed: 99, count: fill, now: new Date() }).sort(
      (a, b) => a.registeredAt.getTime() - b.registeredAt.getTime(),
    )
    const t1 = performance.now()
    await insertDemoAppeals(database.db, items, new Map(unitRows.map((u) => [u.code, u.id])))
    const loadSeconds = (performance.now() - t1) / 1000
    rows.push({
      mode,
      measure: `bulk load ${fill} appeals (+history)`,
      value: `${(fill / loadSeconds).toFixed(0)} appeals/s`,
      p50: '',
      p99: '',
    })
    await database.pool.query('analyze')

    // 3. Dashboard and queue at TARGET appeals.
    const { rows: countRows } = await database.pool.query('select count(*)::int as n from appeal')
    await timeGets(`${address}/api/dashboard`, head, 2) // warm-up
    const latencyRow = async (measure: string, path: string, cookie: string, runs: number) => {
      const times = await timeGets(`${address}${path}`, cookie, runs)
      rows.push({ mode, measure, value: '', p50: ms(pct(times, 50)), p99: ms(pct(times, 99)) })
    }
    await latencyRow(`GET /api/dashboard at ${countRows[0].n} appeals (20 runs)`, '/api/dashboard', head, 20)
    await latencyRow(
      'GET /api/appeals (queue page, in work)',
      '/api/appeals?limit=50&status=in_work',
      operator,
      20,
    )
    // The operator's morning: appeals waiting for an executor, each with what Вече proposes (sector, topic,
    // the matrix's unit), as the understanding step leaves them below the auto-routing bar.
    await database.pool.query(`
      insert into appeal_understanding (appeal_id, model_version, result)
      select a.id, 'bench', jsonb_build_object('sector', (array['roads','housing','waste','improvement','transport',
        'education','social','other'])[1 + a.id % 8], 'sector_confidence', 0.7, 'details', '{}'::jsonb)
      from appeal a where a.unit_id is null and a.status in ('registered', 'routing')
      on conflict do nothing`)
    await latencyRow(
      'GET /api/appeals?status=registered (50 waiting rows with Вече’s proposals)',
      '/api/appeals?limit=50&status=registered',
      operator,
      20,
    )
    await latencyRow(
      'GET /api/appeals?q=… (text search)',
      `/api/appeals?limit=50&q=${encodeURIComponent('фонарь')}`,
      operator,
      10,
    )
    await app.close()
  } finally {
    await database.close()
    await drop()
  }
  return rows
}

const all: Row[] = []
for (const mode of MODES) {
  if (mode === 'server' && !(await serverReachable())) {
    console.error(`[server] PostgreSQL at ${SERVER_URL} is not reachable: skipped`)
    continue
  }
  all.push(...(await benchMode(mode)))
}
const table = markdownTable(all)
console.log(
  `\nВече bench — ${new Date().toISOString()} — ${os.cpus().length} cores, Node ${process.version}\n\n${table}\n`,
)
fs.mkdirSync('bench/results', { recursive: true })
fs.writeFileSync(
  `bench/results/bench-${new Date().toISOString().slice(0, 19).replaceAll(':', '-')}.md`,
  `${table}\n`,
)
