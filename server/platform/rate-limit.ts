import type { FastifyRequest } from 'fastify'
import { AppError } from './errors'

/**
 * A fixed-window limiter per client IP, in memory. Enough for one process guarding public
 * endpoints (tracking-code guessing, form floods); several API processes would each count alone.
 */
export function createRateLimit(opts: { max: number; windowMs: number }) {
  const hits = new Map<string, { count: number; resetAt: number }>()
  return async function rateLimit(req: FastifyRequest) {
    const now = Date.now()
    if (hits.size > 50_000) for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k)
    const entry = hits.get(req.ip)
    if (!entry || entry.resetAt <= now) {
      hits.set(req.ip, { count: 1, resetAt: now + opts.windowMs })
      return
    }
    entry.count += 1
    if (entry.count > opts.max) {
      throw new AppError('RATE_LIMITED', 'Слишком много запросов. Подождите минуту и попробуйте снова.')
    }
  }
}
