/**
 * `npm run bench:understanding` (also part of `npm run bench`): how fast the server's understanding sweep
 * works through newly registered appeals, with every database write it makes (suggestions, address, district,
 * urgent flag, automatic routing with its history events, the search for the same problem nearby), in both
 * database modes. The texts are the project's own corpus messages. The sweep must keep up with intake.
 * Options: BENCH_UNDERSTAND (3000 appeals), BENCH_MODES (embedded,server).
 */

import { registerMany } from '../server/modules/appeals/registration'
import { seedDatabase } from '../server/modules/demo/seed'
import { loadCorpus } from '../server/modules/understanding/corpus'
import { shippedModel } from '../server/modules/understanding/shipped-model'
import { understandPending } from '../server/modules/understanding/understanding.service'
import { migrateDatabase, openDatabase } from '../server/platform/db'
import { loadEnv } from '../server/platform/env'
import { freshStore, markdownTable, ms, pct, type Row } from './lib'

const N = Number(process.env.BENCH_UNDERSTAND ?? 3000)
const MODES = (process.env.BENCH_MODES ?? 'embedded,server').split(',')

async function benchMode(mode: string): Promise<Row[]> {
  const store = await freshStore(mode)
  const database = await openDatabase({ databaseUrl: store.url, dataDir: store.dir ?? '' })
  try {
    await migrateDatabase(database)
    await seedDatabase(database.db, { demo: true, appeals: 0 })
    const docs = loadCorpus().docs.filter((d) => d.request)
    const inputs = Array.from({ length: N }, (_, i) => ({
      regime: 'fz59' as const,
      channel: 'phone' as const,
      text: docs[(i * 7919) % docs.length].text,
      externalId: `bench-u-${i}`,
      applicants: [{ fullName: `Житель ${i}`, phone: `+7910${String(i).padStart(7, '0')}` }],
    }))
    for (let i = 0; i < inputs.length; i += 500)
      await registerMany(database.db, inputs.slice(i, i + 500), { kind: 'system' })
    const env = loadEnv({ ...process.env, DATABASE_URL: store.url, VECHE_DATA_DIR: store.dir ?? './data' })
    const sweeps: number[] = []
    const started = performance.now()
    let done = 0
    for (;;) {
      const t = performance.now()
      const n = await understandPending(database.db, env)
      if (n === 0) break
      sweeps.push(performance.now() - t)
      done += n
    }
    const seconds = (performance.now() - started) / 1000
    if (done !== N) throw new Error(`understood ${done} of ${N}`)
    const routed = await database.pool.query(
      `select count(*) filter (where status = 'in_work')::int as routed, count(*) filter (where urgent)::int as urgent from appeal where external_id like 'bench-u-%'`,
    )
    const { routed: r, urgent: u } = routed.rows[0]
    return [
      {
        mode,
        measure: `understanding sweep over ${N} new appeals (batches of 200; ${r} routed automatically, ${u} urgent)`,
        value: `${(N / seconds).toFixed(0)} appeals/s`,
        p50: ms(pct(sweeps, 50)),
        p99: ms(pct(sweeps, 99)),
      },
    ]
  } finally {
    await database.close()
    await store.drop()
  }
}

shippedModel()
const rows: Row[] = []
for (const mode of MODES) {
  console.error(`[${mode}] understanding ${N} appeals…`)
  rows.push(...(await benchMode(mode)))
}
console.log(markdownTable(rows))
console.log('\np50/p99: time of one sweep (up to 200 appeals).')
