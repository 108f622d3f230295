import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../server/platform/db'

// The embedded mode's two promises (shared/docs/stack.md §1): a long query does not freeze this
// process, and a second process cannot open the same data directory.
let dir: string
let database: Database

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-embedded-'))
  database = await openDatabase({ dataDir: dir })
})
afterAll(async () => {
  await database.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('the embedded PostgreSQL', () => {
  it('keeps the event loop free during a long query', async () => {
    let ticks = 0
    const timer = setInterval(() => {
      ticks += 1
    }, 10)
    const started = Date.now()
    await database.pool.query('select count(*) from generate_series(1, 2000000)')
    const elapsed = Date.now() - started
    clearInterval(timer)
    expect(elapsed).toBeGreaterThan(100)
    // In-process PGlite would give 0 ticks; here timers keep firing while the query runs.
    expect(ticks).toBeGreaterThan(elapsed / 10 / 4)
  })

  it('refuses a second opener of the same data directory with a clear Russian message', async () => {
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/уже открыт другим процессом Вече/)
    // …and the first one still works.
    const { rows } = await database.pool.query('select 1 as one')
    expect(rows[0].one).toBe(1)
  })

  it('keeps concurrent clients apart: statements and transactions never interleave', async () => {
    // Different parameter counts make any interleaving of Parse/Bind between clients fail loudly.
    const queries = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? database.pool.query('select $1::int as n', [i])
        : i % 3 === 1
          ? database.pool.query('select $1::int + $2::int - $2::int as n', [i, 7])
          : database.pool.query('select $1::int + $2::int + $3::int - $2::int - $3::int as n', [i, 1, 2]),
    )
    const results = await Promise.all(queries)
    expect(results.map((r) => r.rows[0].n)).toEqual(Array.from({ length: 60 }, (_, i) => i))

    await database.pool.query('create table if not exists wire_t (k int, v int)')
    await Promise.all(
      Array.from({ length: 8 }, async (_, k) => {
        const client = await database.pool.connect()
        try {
          await client.query('begin')
          for (let v = 0; v < 5; v++) await client.query('insert into wire_t values ($1, $2)', [k, v])
          if (k % 2) await client.query('rollback')
          else await client.query('commit')
        } finally {
          client.release()
        }
      }),
    )
    const { rows } = await database.pool.query(
      'select k, count(*)::int as n from wire_t group by k order by k',
    )
    expect(rows).toEqual([0, 2, 4, 6].map((k) => ({ k, n: 5 })))
  })
})
