/**
 * `npm run bench:deadlines` (also part of `npm run bench`): the deadline sweep over 1 000 000 open appeals on
 * PostgreSQL must finish in < 5 s (issue 5). In a fresh database (dropped afterwards) it loads BENCH_OPEN open
 * appeals with one set-based `insert … select generate_series` (the insert trigger arms the sweep's queue: the final
 * due and three stage ends each), pauses BENCH_PAUSED of them past their limit, then times:
 *   1. stage ends: the sweep when every stage end has passed but no final due yet;
 *   2. midnight: one day's final dues pass together (day terms end at 23:59:59 MSK; 1/30 of the appeals);
 *   3. cold: the sweep right after all other final dues have passed (~970 000 overdue flags + the pause limits);
 *   4. steady state: the next sweep, when nothing changed.
 * Server mode by default (DATABASE_URL or postgres://postgres@127.0.0.1:5432/test); BENCH_MODES=embedded,server for both.
 */
import fs from 'node:fs'
import os from 'node:os'
import { sweepDeadlines } from '../server/modules/deadlines/deadlines.sweep'
import { seedDatabase } from '../server/modules/demo/seed'
import { migrateDatabase, openDatabase } from '../server/platform/db'
import { freshStore, markdownTable, ms, type Row } from './lib'

const N = Number(process.env.BENCH_OPEN ?? 1_000_000)
const PAUSED = Number(process.env.BENCH_PAUSED ?? 100)
const MODES = (process.env.BENCH_MODES ?? 'server').split(',')
const HOUR = 3_600_000

async function benchMode(mode: string): Promise<Row[]> {
  const store = await freshStore(mode)
  const database = await openDatabase({ databaseUrl: store.url, dataDir: store.dir ?? '' })
  const rows: Row[] = []
  try {
    await migrateDatabase(database)
    await seedDatabase(database.db, { demo: true, appeals: 0 })
    const t0 = Date.now()
    // Registered 29 days ago, due within the next hour: every stage end (10 %, 20 %, 80 % of the term) has passed.
    const registered = new Date(t0 - 29 * 24 * HOUR)
    console.error(`[${mode}] loading ${N} open appeals…`)
    let t = performance.now()
    await database.pool.query(
      `insert into appeal (reg_number, regime, channel, external_id, received_at, registered_at, text, status,
         unit_id, sector_code, due_at, tracking_code_hash)
       select 'Б-' || g, 'fz59', 'phone', 'bench-d-' || g, $1, $1, 'Обращение ' || g,
         (array['registered','routing','in_work','returned','answer_prepared'])[1 + g % 5],
         (select min(id) from unit), 'roads', $2::timestamptz + (g % 3600) * interval '1 second', md5(g::text)
       from generate_series(1, $3::int) g`,
      [registered, new Date(t0 + 60_000), N],
    )
    const loadSeconds = (performance.now() - t) / 1000
    // Some appeals wait for the applicant past their pause limit: the sweep resumes them.
    await database.pool.query(
      `insert into appeal_clock (appeal_id, base_due_at, paused_at, pause_limit_at, pause_question)
       select id, due_at, $1, $2, 'уточните адрес' from appeal where external_id like 'bench-d-%' order by id limit $3`,
      [new Date(t0 - 11 * 24 * HOUR), new Date(t0 - HOUR), PAUSED],
    )
    await database.pool.query(
      `delete from deadline_watch where appeal_id in (select appeal_id from appeal_clock where paused_at is not null)`,
    )
    await database.pool.query('analyze')
    const { rows: q } = await database.pool.query('select count(*)::int as n from deadline_watch')
    rows.push({
      mode,
      measure: `load ${N} open appeals (insert … select generate_series; trigger arms ${q[0].n} queue rows)`,
      value: `${(N / loadSeconds).toFixed(0)} appeals/s`,
      p50: '',
      p99: '',
    })

    const sweep = async (measure: string, at: Date) => {
      t = performance.now()
      const r = await sweepDeadlines(database.db, at)
      const took = performance.now() - t
      console.error(`[${mode}] ${measure}: ${ms(took)} ${JSON.stringify(r)}`)
      rows.push({
        mode,
        measure: `${measure}: ${r.overdue} overdue, ${r.stages} stage flags, ${r.resumed} pauses resumed (of it, vacuum of the queue ${(r.vacuumMs / 1000).toFixed(2)} s)`,
        value: `${(took / 1000).toFixed(2)} s`,
        p50: '',
        p99: '',
      })
      return r
    }
    const stages = await sweep('sweep 1 — stage ends and pause limits passed', new Date(t0))
    // Day terms end at 23:59:59 MSK, so one day's dues pass together: with 30-day terms about 1/30 of the open
    // appeals. The dues are spread over an hour, so the first 120 s of it are that day.
    const day = await sweep(
      'sweep 2 — one day of final dues passed (1/30, the midnight case)',
      new Date(t0 + 180_000),
    )
    const cold = await sweep('sweep 3 (cold) — all other final dues passed', new Date(t0 + 2 * HOUR))
    await sweep('sweep 4 (steady) — nothing changed', new Date(t0 + 2 * HOUR + 60_000))
    if (day.overdue + cold.overdue !== N - PAUSED)
      throw new Error(`expected ${N - PAUSED} overdue, got ${day.overdue + cold.overdue}`)
    if (stages.overdue !== 0) throw new Error('no final due should pass in sweep 1')
  } finally {
    await database.close()
    await store.drop()
  }
  return rows
}

const all: Row[] = []
for (const mode of MODES) all.push(...(await benchMode(mode)))
const table = markdownTable(all)
console.log(
  `\nВече deadline sweep bench — ${new Date().toISOString()} — ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, Node ${process.version}\n\n${table}\n`,
)
fs.mkdirSync('bench/results', { recursive: true })
fs.writeFileSync(
  `bench/results/deadlines-${new Date().toISOString().slice(0, 19).replaceAll(':', '-')}.md`,
  `${table}\n`,
)
