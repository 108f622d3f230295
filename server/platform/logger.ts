import type { FastifyBaseLogger } from 'fastify'
import pino from 'pino'

/** One logger for every role; JSON lines on stdout. */
export function createLogger(level: string): FastifyBaseLogger {
  return pino({ level, base: { app: 'veche' }, timestamp: pino.stdTimeFunctions.isoTime })
}
