import type { z } from 'zod'
import type { Db, Tx } from '../../../platform/db'
import { AppError, type ErrorDetail } from '../../../platform/errors'
import { registerAppeal } from '../../appeals/appeals.service'
import { isRefusal, registerMany } from '../../appeals/registration'
import { posReference } from './pos.reference'
import { type PosItemResult, type PosMessage, ZPosBatch, ZPosMessage } from './pos.schemas'

export const POS_CHANNEL = 'pos'

/** Zod issues as our error details: `items.3.posId — …`. */
export function issueDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }))
}

const describeDetails = (details: ErrorDetail[]) =>
  details
    .slice(0, 10)
    .map((d) => `${d.path ? `${d.path} — ` : ''}${d.message}`)
    .join('; ') + (details.length > 10 ? `; … и ещё ${details.length - 10}` : '')

/**
 * The body of the inbound endpoint: one message or `{items: […]}`. Any shape error anywhere refuses the
 * whole request (nothing is registered), with every problem named in Russian.
 */
export function parsePosPayload(body: unknown): { items: PosMessage[]; single: boolean } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Ошибка в данных ПОС: ожидается объект сообщения или пакет вида {"items": […]}',
      [{ path: '', message: 'ожидается объект' }],
    )
  }
  const single = !('items' in body)
  const parsed = single ? ZPosMessage.safeParse(body) : ZPosBatch.safeParse(body)
  if (!parsed.success) {
    const details = issueDetails(parsed.error)
    throw new AppError('VALIDATION_FAILED', `Ошибка в данных ПОС: ${describeDetails(details)}`, details)
  }
  return single
    ? { items: [parsed.data as PosMessage], single }
    : { items: (parsed.data as z.output<typeof ZPosBatch>).items, single }
}

/** What registration gets from a ПОС message: regime by the fz59 flag, sector and topic by the rubricator. */
export function posToRegisterInput(msg: PosMessage, now = new Date()) {
  if (msg.createdAt && Date.parse(msg.createdAt) > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', 'Дата подачи сообщения (createdAt) в будущем', [
      { path: 'createdAt', message: 'дата в будущем' },
    ])
  }
  const { sectorCode, topicCode } = posReference().classify(msg.category, msg.subcategory)
  const { applicant, ...rest } = msg
  return {
    regime: msg.fz59 ? ('fz59' as const) : ('pos' as const),
    channel: POS_CHANNEL,
    externalId: msg.posId,
    receivedAt: msg.createdAt,
    registeredAt: now,
    text: msg.text,
    applicants: [
      {
        fullName: applicant?.fullName ?? null,
        phone: applicant?.phone ?? null,
        email: applicant?.email ?? null,
      },
    ],
    addressText: msg.address?.text ?? null,
    lat: msg.address?.lat ?? null,
    lon: msg.address?.lon ?? null,
    sectorCode,
    topicCode,
    // Everything ПОС sent except the applicant's contacts: those live in the applicants table, the one
    // place personal data is kept, masked in lists and logged on view (152-ФЗ: no second copy in jsonb).
    meta: { pos: { ...rest, fz59: msg.fz59 ?? false } },
  } satisfies Parameters<typeof registerAppeal>[1]
}

/** Registers one ПОС message exactly once (channel «pos», external id = posId). */
export async function registerPosMessage(tx: Tx, msg: PosMessage, now = new Date()) {
  return registerAppeal(tx, posToRegisterInput(msg, now), { kind: 'system' })
}

/**
 * Registers a batch of ПОС messages in one statement when all are acceptable, otherwise message by
 * message, so a message refused on its merits (e.g. a date in the future) does not block the others
 * (registerMany). Results come back in the order of the input, after commit, so ПОС is acknowledged only
 * for what is stored. Errors other than a refusal (the database went away) propagate: ПОС resends and
 * replays change nothing.
 */
export async function receivePosMessages(db: Db, items: PosMessage[]): Promise<PosItemResult[]> {
  const now = new Date()
  const refused = (posId: string, err: { code: string; message: string }): PosItemResult => ({
    posId,
    regNumber: null,
    created: false,
    error: { code: err.code, message: err.message },
  })
  const mapped = items.map((msg) => {
    try {
      return { msg, input: posToRegisterInput(msg, now) }
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return { msg, error: refused(msg.posId, err) }
    }
  })
  const accepted = mapped.filter((m) => m.input)
  const results = await registerMany(
    db,
    accepted.map((m) => m.input as NonNullable<typeof m.input>),
    { kind: 'system' },
  )
  const byMessage = new Map(
    accepted.map((m, i) => {
      const r = results[i]
      const out: PosItemResult = isRefusal(r)
        ? refused(m.msg.posId, r)
        : { posId: m.msg.posId, regNumber: r.regNumber, created: r.created, error: null }
      return [m.msg, out]
    }),
  )
  return mapped.map((m) => m.error ?? (byMessage.get(m.msg) as PosItemResult))
}

export function summarize(items: PosItemResult[]) {
  return {
    items,
    registered: items.filter((i) => i.created).length,
    duplicates: items.filter((i) => !i.created && !i.error).length,
    rejected: items.filter((i) => i.error).length,
  }
}
