import { and, eq, sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import { jobs } from '../db/jobs.tables'
import type { Db, Queryable } from './db'

export type JobHandler = (payload: Record<string, unknown>, ctx: { db: Db; jobId: number }) => Promise<void>

/** Queues a job inside the caller's transaction; with a singletonKey a second enqueue is a no-op. */
export async function enqueueJob(
  db: Queryable,
  name: string,
  payload: Record<string, unknown>,
  opts: { singletonKey?: string; runAt?: Date; maxAttempts?: number } = {},
): Promise<void> {
  await db
    .insert(jobs)
    .values({
      name,
      payload,
      singletonKey: opts.singletonKey ?? null,
      runAt: opts.runAt ?? new Date(),
      maxAttempts: opts.maxAttempts ?? 8,
    })
    .onConflictDoNothing()
}

// Exponential backoff: 5 s, 10 s, 20 s … capped at one hour.
const backoffMs = (attempt: number) => Math.min(3_600_000, 5_000 * 2 ** (attempt - 1))
const LEASE_MS = 5 * 60_000

/** Claims up to `limit` due jobs; a lease lets another worker retake a job whose worker died. */
async function claimJobs(db: Db, names: string[], limit: number) {
  const result = await db.execute<{
    id: number
    name: string
    payload: Record<string, unknown>
    attempts: number
    max_attempts: number
  }>(sql`
    update job set state = 'running', attempts = attempts + 1,
      locked_until = now() + ${`${LEASE_MS} milliseconds`}::interval
    where id in (
      select id from job
      where name in ${names} and run_at <= now()
        and (state = 'queued' or (state = 'running' and locked_until < now()))
      order by run_at limit ${limit}
      for update skip locked)
    returning id, name, payload, attempts, max_attempts`)
  // UPDATE … RETURNING gives rows in no particular order: run them in the order they were queued, so a
  // channel hears an appeal's events in the order they happened (status, then answer).
  return result.rows.sort((a, b) => Number(a.id) - Number(b.id))
}

/** Runs one batch of due jobs; returns how many ran. Exported so tests can drive the queue directly. */
export async function runDueJobs(
  db: Db,
  handlers: Record<string, JobHandler>,
  log?: FastifyBaseLogger,
): Promise<number> {
  const names = Object.keys(handlers)
  if (names.length === 0) return 0
  const batch = await claimJobs(db, names, 20)
  for (const job of batch) {
    try {
      await handlers[job.name](job.payload, { db, jobId: job.id })
      await db
        .update(jobs)
        .set({
          state: 'done',
          finishedAt: new Date(),
          lockedUntil: null,
          lastError: null,
          singletonKey: null,
        })
        .where(eq(jobs.id, job.id))
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const dead = job.attempts >= job.max_attempts
      log?.warn({ job: job.name, id: job.id, attempt: job.attempts, err: message }, 'job failed')
      await db
        .update(jobs)
        .set({
          state: dead ? 'dead' : 'queued',
          lastError: message.slice(0, 2000),
          lockedUntil: null,
          runAt: new Date(Date.now() + backoffMs(job.attempts)),
          finishedAt: dead ? new Date() : null,
        })
        .where(and(eq(jobs.id, job.id), eq(jobs.state, 'running')))
    }
  }
  return batch.length
}

/** Polls the queue until stopped; `stop()` resolves after the current batch finishes. */
export function startWorker(
  db: Db,
  handlers: Record<string, JobHandler>,
  opts: { pollMs?: number; log?: FastifyBaseLogger } = {},
): { stop(): Promise<void> } {
  let running = true
  let wake: (() => void) | undefined
  const loop = (async () => {
    while (running) {
      let ran = 0
      try {
        ran = await runDueJobs(db, handlers, opts.log)
      } catch (err) {
        opts.log?.error({ err }, 'job queue poll failed')
      }
      if (ran === 0 && running) {
        await new Promise<void>((resolve) => {
          wake = resolve
          setTimeout(resolve, opts.pollMs ?? 500)
        })
      }
    }
  })()
  return {
    async stop() {
      running = false
      wake?.()
      await loop
    },
  }
}
