import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobs } from '../server/db/jobs.tables'
import { registerAppeal } from '../server/modules/appeals/appeals.service'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { isRefusal, registerMany } from '../server/modules/appeals/registration'
import type { Database } from '../server/platform/db'
import { enqueueJob, runDueJobs } from '../server/platform/jobs'
import { openTestDatabase, uniq } from './helpers'

let database: Database
beforeAll(async () => {
  database = await openTestDatabase()
})
afterAll(() => database.close())

describe('intake is exactly once per channel + external id', () => {
  it('a burst of concurrent deliveries of one item registers it once', async () => {
    const externalId = uniq('pos')
    const input = {
      regime: 'pos' as const,
      channel: 'pos' as const,
      externalId,
      text: 'Яма на дороге у остановки, колёса бьются',
      applicants: [{ fullName: 'Смирнов П. П.' }],
    }
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        database.db.transaction((tx) => registerAppeal(tx, input, { kind: 'system' })),
      ),
    )
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
    const [{ n }] = await database.db
      .select({ n: count() })
      .from(appeals)
      .where(eq(appeals.externalId, externalId))
    expect(n).toBe(1)
  })

  it('a lost race gives its number back: numbers stay gapless after bursts of duplicates', async () => {
    const item = (externalId: string) => ({
      regime: 'pos' as const,
      channel: 'pos' as const,
      externalId,
      text: 'Не убран снег во дворе, просим расчистить проезд',
      applicants: [{ fullName: 'Смирнова А. А.' }],
    })
    const register = (externalId: string) =>
      database.db.transaction((tx) => registerAppeal(tx, item(externalId), { kind: 'system' }))
    const first = await register(uniq('pos'))
    const ids = Array.from({ length: 5 }, () => uniq('pos'))
    await Promise.all(ids.flatMap((id) => Array.from({ length: 6 }, () => register(id))))
    const last = await register(uniq('pos'))
    const seq = (n: string) => Number(n.slice(-6))
    expect(seq(last.regNumber) - seq(first.regNumber)).toBe(6)
  })

  it('in autocommit batches too (registerMany): a lost race rolls back and replays, numbers stay gapless', async () => {
    const item = (externalId: string) => ({
      regime: 'pos' as const,
      channel: 'pos' as const,
      externalId,
      text: 'Не работает светофор на перекрёстке',
      applicants: [{ fullName: 'Орлов О. О.' }],
    })
    const first = await registerMany(database.db, [item(uniq('pos'))], { kind: 'system' })
    const ids = Array.from({ length: 20 }, () => uniq('pos'))
    // Overlapping batches of the same items, sent at once.
    const batches = await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        registerMany(
          database.db,
          ids.slice(k, k + 15).map((id) => item(id)),
          { kind: 'system' },
        ),
      ),
    )
    const results = batches.flat().filter((r) => !isRefusal(r)) as { id: number; created: boolean }[]
    expect(results).toHaveLength(6 * 15 - (0 + 0))
    const created = results.filter((r) => r.created)
    expect(new Set(created.map((r) => r.id)).size).toBe(created.length)
    expect(created).toHaveLength(20)
    const last = await registerMany(database.db, [item(uniq('pos'))], { kind: 'system' })
    const seq = (r: (typeof last)[number]) => Number((r as { regNumber: string }).regNumber.slice(-6))
    expect(seq(last[0]) - seq(first[0])).toBe(21)
  })

  it('concurrent batches that mix regimes in different orders do not deadlock on the counters', async () => {
    const regimes = ['pos', 'fz59', 'message', 'incident'] as const
    const batch = (k: number) =>
      Array.from({ length: 40 }, (_, i) => ({
        regime: regimes[(i + k) % 4],
        channel: 'import' as const,
        externalId: uniq(`mix${k}`),
        text: `Смешанная пачка ${k}, обращение ${i}: не горит фонарь`,
        applicants: [{ fullName: 'Зайцев З. З.' }],
      }))
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, k) => registerMany(database.db, batch(k), { kind: 'system' })),
    )
    const flat = results.flat()
    expect(flat.filter(isRefusal)).toEqual([])
    expect(flat.filter((r) => !isRefusal(r) && r.created)).toHaveLength(8 * 40)
  })

  it('numbers are unique and sequential per regime and year under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.db.transaction((tx) =>
          registerAppeal(
            tx,
            {
              regime: 'incident',
              channel: 'vk',
              externalId: uniq(`vk${i}`),
              text: 'Не горит фонарь во дворе',
              applicants: [{ handle: '@smol' }],
            },
            { kind: 'system' },
          ),
        ),
      ),
    )
    const numbers = results.map((r) => r.regNumber)
    expect(new Set(numbers).size).toBe(10)
    for (const n of numbers) expect(n).toMatch(/^И-\d{4}-\d{6}$/)
  })
})

describe('the job queue', () => {
  it('retries a failing job with backoff, then succeeds; a singleton key enqueues once', async () => {
    const name = uniq('job')
    await enqueueJob(database.db, name, { x: 1 }, { singletonKey: name })
    await enqueueJob(database.db, name, { x: 2 }, { singletonKey: name })
    let calls = 0
    const handlers = {
      [name]: async (payload: Record<string, unknown>) => {
        calls += 1
        expect(payload).toEqual({ x: 1 })
        if (calls === 1) throw new Error('временная ошибка')
      },
    }
    expect(await runDueJobs(database.db, handlers)).toBe(1)
    const [failed] = await database.db.select().from(jobs).where(eq(jobs.name, name))
    expect(failed.state).toBe('queued')
    expect(failed.lastError).toBe('временная ошибка')
    expect(failed.runAt.getTime()).toBeGreaterThan(Date.now())
    await database.db.update(jobs).set({ runAt: new Date() }).where(eq(jobs.id, failed.id))
    expect(await runDueJobs(database.db, handlers)).toBe(1)
    const [done] = await database.db.select().from(jobs).where(eq(jobs.name, name))
    expect(done.state).toBe('done')
    expect(calls).toBe(2)
  })

  it('moves a job to dead after its last attempt', async () => {
    const name = uniq('dead')
    await enqueueJob(database.db, name, {}, { maxAttempts: 1 })
    await runDueJobs(database.db, { [name]: async () => Promise.reject(new Error('нет связи')) })
    const [row] = await database.db.select().from(jobs).where(eq(jobs.name, name))
    expect(row.state).toBe('dead')
  })
})
