/**
 * `npm run bench:intake` (also part of `npm run bench`): sustained intake through the channel endpoints
 * of a real `veche serve` process (api role only), and bulk import of history, in both database modes.
 *
 * - ПОС, one message per request, BENCH_CONCURRENCY (16) in flight: items/s, p50/p99 per request.
 * - ПОС, batches of 100 messages, 4 in flight: items/s, p50/p99 per request.
 * - `importAppeals` (what `veche import` runs) with BENCH_IMPORT rows (50 000): rows/s.
 *
 * The server is its own process; the load client is this one, on the same 2 cores, so figures are a floor.
 * Understanding runs after intake, in the scheduler's sweep (api role only here): bench/understanding.ts measures it.
 * Options: BENCH_REQUESTS (3000), BENCH_CONCURRENCY (16), BENCH_IMPORT (50000), BENCH_MODES (embedded,server).
 */
import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import { importAppeals } from '../server/modules/intake/import.service'
import { openDatabase } from '../server/platform/db'
import { freePort, startVecheProcess } from '../tests/peers/veche-process'
import { freshStore, markdownTable, ms, pct, type Row } from './lib'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT ?? 50_000)
const MODES = (process.env.BENCH_MODES ?? 'embedded,server').split(',')
const TOKEN = 'bench-inbound-token-0123456789abcdef'

function startServer(port: number, store: { url?: string; dir?: string }) {
  // BENCH_PROFILE=dir writes a V8 CPU profile of the server process there (read it with Chrome DevTools).
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : []
  return startVecheProcess({
    port,
    databaseUrl: store.url,
    dataDir: store.dir,
    env: { VECHE_POS_INBOUND_TOKEN: TOKEN, NODE_ENV: 'production' },
    nodeArgs: profile,
    stdio: 'inherit',
  })
}

let seq = 0
const message = (tag: string) => {
  seq += 1
  return {
    posId: `${tag}-${seq}`,
    fz59: seq % 3 === 0,
    category: 'Дороги',
    text: `Нагрузочный тест ${tag}: яма на проезжей части у дома ${seq % 200}, колёса бьются`,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    address: { text: 'ул. Николаева, д. 12', lat: 54.7818, lon: 32.0401 },
    applicant: { fullName: 'Тестов Тест Тестович', phone: `+7910${String(seq).padStart(7, '0')}` },
  }
}

async function post(port: number, body: unknown): Promise<number> {
  const t = performance.now()
  const res = await fetch(`http://127.0.0.1:${port}/api/channels/pos/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  })
  await res.arrayBuffer()
  if (res.status >= 300) throw new Error(`ПОС endpoint answered ${res.status}`)
  return performance.now() - t
}

/** `requests` POSTs with `inFlight` at a time; returns per-request latencies and the wall time. */
async function load(requests: number, inFlight: number, body: () => unknown, port: number) {
  const latencies: number[] = []
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < requests) {
        next++
        latencies.push(await post(port, body()))
      }
    }),
  )
  return { latencies, seconds: (performance.now() - t0) / 1000 }
}

/**
 * The same single-message intake with the load from wrk (a C client in its own process, if installed:
 * `apt-get install wrk`), so the client takes less of the 2 cores than Node's fetch does. Every request
 * is a new message; afterwards the registry must hold as many as wrk got 2xx for (plus those in flight).
 */
async function wrkSingle(
  port: number,
  mode: string,
  store: { url?: string; dir?: string },
): Promise<Row | null> {
  const found = spawnSync('wrk', ['--version'])
  if (found.error) {
    console.error(`[${mode}] wrk is not installed: the wrk measurement is skipped`)
    return null
  }
  const seconds = Number(process.env.BENCH_WRK_SECONDS ?? 20)
  const tag = `w${Date.now()}`
  console.error(`[${mode}] ПОС single messages from wrk: ${seconds} s, 16 connections…`)
  const run = spawnSync(
    'wrk',
    ['-t2', '-c16', `-d${seconds}s`, '--latency', '-s', 'bench/wrk-pos.lua', `http://127.0.0.1:${port}`],
    { env: { ...process.env, WRK_TAG: tag, WRK_TOKEN: TOKEN }, encoding: 'utf8' },
  )
  const out = run.stdout
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0)
  const failed = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)
  const latency = (p: string) =>
    /(\d+(?:\.\d+)?)(us|ms|s)/.exec(new RegExp(`\\s${p}%\\s+(\\S+)`).exec(out)?.[1] ?? '')
  const asMs = (m: RegExpExecArray | null) =>
    m ? ms(Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1)) : '?'
  const database = await openDatabase({
    databaseUrl: store.url,
    dataDir: store.dir ?? '',
    poolSize: 1,
  }).catch(() => null)
  let stored = -1
  if (database) {
    const r = await database.pool.query(`select count(*)::int as n from appeal where external_id like $1`, [
      `${tag}-%`,
    ])
    stored = r.rows[0].n
    await database.close()
  }
  // Requests still in flight when wrk stops are registered but not counted by wrk: up to one per connection.
  if (failed > 0 || (stored >= 0 && (stored < total || stored > total + 16))) {
    throw new Error(`wrk: ${total} requests, ${failed} failed, ${stored} registered:\n${out}`)
  }
  return {
    mode,
    measure: `ПОС, 1 message per request, load from wrk (${total} req in ${seconds} s, 16 connections)`,
    value: `${rate.toFixed(0)} items/s`,
    p50: asMs(latency('50')),
    p99: asMs(latency('99')),
  }
}

async function benchMode(mode: string): Promise<Row[]> {
  const rows: Row[] = []
  const store = await freshStore(mode)
  try {
    const port = await freePort()
    const server = await startServer(port, store)
    try {
      const tag = `b${Date.now()}`
      await load(200, CONCURRENCY, () => message(tag), port) // warm-up
      console.error(`[${mode}] ПОС single messages: ${REQUESTS} requests, ${CONCURRENCY} in flight…`)
      const single = await load(REQUESTS, CONCURRENCY, () => message(tag), port)
      rows.push({
        mode,
        measure: `ПОС, 1 message per request (${REQUESTS} req, ${CONCURRENCY} in flight)`,
        value: `${(REQUESTS / single.seconds).toFixed(0)} items/s`,
        p50: ms(pct(single.latencies, 50)),
        p99: ms(pct(single.latencies, 99)),
      })
      const batches = Math.max(20, Math.round(REQUESTS / 30))
      console.error(`[${mode}] ПОС batches: ${batches} × 100 messages, 4 in flight…`)
      const batch = await load(
        batches,
        4,
        () => ({ items: Array.from({ length: 100 }, () => message(tag)) }),
        port,
      )
      rows.push({
        mode,
        measure: `ПОС, 100 messages per request (${batches} req, 4 in flight)`,
        value: `${((batches * 100) / batch.seconds).toFixed(0)} items/s`,
        p50: ms(pct(batch.latencies, 50)),
        p99: ms(pct(batch.latencies, 99)),
      })
      const viaWrk = await wrkSingle(port, mode, store)
      if (viaWrk) rows.push(viaWrk)
    } finally {
      server.kill('SIGTERM')
      await once(server, 'exit')
    }

    console.error(`[${mode}] importing ${IMPORT_ROWS} history rows…`)
    const database = await openDatabase({ databaseUrl: store.url, dataDir: store.dir ?? '' })
    try {
      const history = Array.from({ length: IMPORT_ROWS }, (_, i) => ({
        line: i + 2,
        value: {
          legacyNumber: `АРХ-${i}`,
          receivedAt: new Date(Date.UTC(2024, 0, 1) + i * 600_000).toISOString(),
          channel: ['phone', 'paper', 'email', 'web'][i % 4],
          text: `Архивное обращение № ${i}: не убран снег во дворе дома ${i % 300}`,
          addressText: `ул. Ленина, д. ${i % 90}`,
          applicants: [{ fullName: `Житель ${i}`, phone: `+7910${String(i).padStart(7, '0')}` }],
        },
      }))
      const t = performance.now()
      const report = await importAppeals(database.db, history, { dryRun: false })
      const seconds = (performance.now() - t) / 1000
      if (report.registered !== IMPORT_ROWS) throw new Error(`import registered ${report.registered}`)
      rows.push({
        mode,
        measure: `history import, ${IMPORT_ROWS} rows (batches of 1000)`,
        value: `${(IMPORT_ROWS / seconds).toFixed(0)} rows/s`,
        p50: '',
        p99: '',
      })
    } finally {
      await database.close()
    }
  } finally {
    await store.drop()
  }
  return rows
}

const all: Row[] = []
for (const mode of MODES) all.push(...(await benchMode(mode)))
const table = markdownTable(all)
console.log(
  `\nВече intake bench — ${new Date().toISOString()} — ${os.cpus().length} cores, Node ${process.version}\n\n${table}\n`,
)
fs.mkdirSync('bench/results', { recursive: true })
fs.writeFileSync(
  `bench/results/intake-${new Date().toISOString().slice(0, 19).replaceAll(':', '-')}.md`,
  `${table}\n`,
)
