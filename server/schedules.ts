import type { FastifyBaseLogger } from 'fastify'
import { sweepOverdue } from './modules/deadlines/deadlines.sweep'
import { sendDigests, sweepEscalation } from './modules/escalation/escalation.sweep'
import { followUpUrgent, notifyUrgent } from './modules/escalation/urgent.sweep'
import { pollMailbox } from './modules/intake/email/email.poller'
import { runTelegramSchedule } from './modules/intake/telegram/telegram.poller'
import { vkPollEnabled, vkPoller } from './modules/intake/vk/vk.poll'
import { understandPending } from './modules/understanding/understanding.service'
import type { Db } from './platform/db'
import type { Env } from './platform/env'

/**
 * A periodic task of the scheduler role: sweeps and channel pollers (VK comments, the IMAP mailbox).
 * Each must be idempotent — several schedulers, or a restart in the middle, do no harm.
 */
export interface Schedule {
  name: string
  everyMs: number
  /** Runs only when its channel is configured (e.g. a token is set). */
  enabled?(env: Env): boolean
  run(ctx: { db: Db; env: Env; log: FastifyBaseLogger }): Promise<number | undefined>
}

/** Every periodic task. A channel that polls its peer adds one line here. */
export const SCHEDULES: Schedule[] = [
  { name: 'deadlines.sweep', everyMs: 60_000, run: ({ db }) => sweepOverdue(db) },
  {
    name: 'escalation',
    everyMs: 60_000,
    run: async ({ db, env }) => (await sweepEscalation(db)).notifications + (await sendDigests(db, env)),
  },
  { name: 'understanding', everyMs: 2_000, run: ({ db, env }) => understandPending(db, env) },
  { name: 'urgent.notice', everyMs: 15_000, run: ({ db }) => notifyUrgent(db) },
  { name: 'urgent.follow_up', everyMs: 60_000, run: ({ db }) => followUpUrgent(db) },
  { name: 'email.imap', everyMs: 60_000, enabled: (env) => !!env.VECHE_IMAP_HOST, run: pollMailbox },
  { name: 'vk.comments', everyMs: 60_000, enabled: vkPollEnabled, run: (ctx) => vkPoller.run(ctx) },
  {
    name: 'telegram',
    everyMs: 1_000,
    enabled: (env) => Boolean(env.VECHE_TELEGRAM_TOKEN),
    run: runTelegramSchedule,
  },
]

/** Starts the enabled schedules; each runs at once, then every `everyMs`, never overlapping itself. */
export function startSchedules(
  ctx: { db: Db; env: Env; log: FastifyBaseLogger },
  schedules = SCHEDULES,
): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = []
  const running = new Set<Promise<unknown>>()
  for (const s of schedules.filter((x) => x.enabled?.(ctx.env) ?? true)) {
    let busy = false
    const tick = () => {
      if (busy) return
      busy = true
      const p = s
        .run(ctx)
        .then((n) => {
          if (n) ctx.log.info({ schedule: s.name, count: n }, 'schedule did work')
        })
        .catch((err) => ctx.log.error({ err, schedule: s.name }, 'schedule failed'))
        .finally(() => {
          busy = false
          running.delete(p)
        })
      running.add(p)
    }
    timers.push(setInterval(tick, s.everyMs))
    tick()
  }
  return {
    async stop() {
      for (const t of timers) clearInterval(t)
      await Promise.all(running)
    },
  }
}
