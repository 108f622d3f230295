import crypto from 'node:crypto'
import { and, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm'
import type { Db, Queryable } from '../../platform/db'
import type { Env } from '../../platform/env'
import { maskPostalAddress } from '../../platform/pd'
import { moscowDate } from '../../platform/time'
import { ZRegisterAppeal } from '../appeals/appeals.schemas'
import { type AppealView, registerAppeal, selectAppealViews } from '../appeals/appeals.service'
import { appeals } from '../appeals/appeals.tables'
import { claimChannelKey, readChannelState } from '../channels/channel-state'
import { reverseGeocode } from '../geo/geo.service'
import { statuses } from '../reference/reference.tables'
import { maskPersonalData } from '../understanding/personal-data'
import { findOpen311Service, listOpen311Services, type Open311Attribute } from './open311.catalog'
import { Open311Error } from './open311.errors'

export const CHANNEL = 'open311'
/** Open311 intake is a message outside 59-ФЗ (reference/channels.json: open311 → message). */
const REGIME = 'message'
const DAY_MS = 86_400_000
/** GeoReport v2: a query spans at most 90 days and returns at most 1000 requests. */
export const MAX_SPAN_DAYS = 90
export const MAX_RESULTS = 1000
const DESCRIPTION_MAX = 4000

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

/** W3C datetime in the city's time (Moscow, UTC+3 all year): 2026-11-27T23:36:33+03:00. */
export function w3(d: Date): string
export function w3(d: Date | null | undefined): string | null
export function w3(d: Date | null | undefined): string | null {
  if (!d) return null
  return `${new Date(d.getTime() + 3 * 3_600_000).toISOString().slice(0, 19)}+03:00`
}

export function jurisdictionOf(env: Env): string {
  return env.VECHE_OPEN311_JURISDICTION ?? new URL(env.VECHE_PUBLIC_URL).hostname
}

/** Single-jurisdiction endpoint: the parameter is optional, but a foreign one is "not found" (404). */
export function checkJurisdiction(env: Env, given: string | undefined) {
  if (given && given !== jurisdictionOf(env)) {
    throw new Open311Error(
      404,
      `jurisdiction_id «${given}» не найден: этот сервер обслуживает «${jurisdictionOf(env)}»`,
    )
  }
}

/** The client app named by its key (VECHE_OPEN311_API_KEYS), compared in constant time; else 403. */
export function authenticateClient(env: Env, apiKey: string | undefined): { name: string } {
  if (!apiKey) throw new Open311Error(403, 'Не передан api_key: для подачи заявок нужен ключ, его выдаёт МЦУ')
  const given = crypto.createHash('sha256').update(apiKey).digest()
  let found: string | null = null
  for (const k of env.VECHE_OPEN311_API_KEYS) {
    const known = crypto.createHash('sha256').update(k.key).digest()
    if (crypto.timingSafeEqual(given, known)) found = k.name
  }
  if (!found) throw new Open311Error(403, 'Неверный api_key')
  return { name: found }
}

// --- POST requests ---

/** Parameters of a POST as (name, value) pairs: form fields first, then the query string. */
export type Pairs = [string, string][]

interface Open311Meta {
  client: string
  serviceCode: string
  deviceId: string | null
  accountId: string | null
  addressId: string | null
  mediaUrl: string | null
  attributes: Record<string, string | string[]>
  idempotency: 'header' | 'content'
}

const LIMITS: Record<string, number> = {
  description: DESCRIPTION_MAX,
  first_name: 100,
  last_name: 100,
  email: 200,
  phone: 40,
  device_id: 200,
  account_id: 200,
  address_string: 500,
  address_id: 200,
  media_url: 2000,
  service_code: 100,
  jurisdiction_id: 200,
}

function readParams(pairs: Pairs) {
  const single = new Map<string, string>()
  const attributes = new Map<string, string[]>()
  for (const [name, raw] of pairs) {
    const value = raw.trim()
    const attr = /^attribute\[([^\]]+)\](\[\])?$/.exec(name)
    if (attr) {
      if (value !== '') attributes.set(attr[1], [...(attributes.get(attr[1]) ?? []), value])
    } else if (value !== '' && !single.has(name)) {
      // "Optional" in GeoReport v2: an empty parameter is the same as an absent one.
      single.set(name, value)
    }
  }
  return { get: (n: string) => single.get(n), attributes }
}

function parseNumber(s: string | undefined, name: string, min: number, max: number, errors: string[]) {
  if (s === undefined) return undefined
  const n = Number(s.replace(',', '.'))
  if (!Number.isFinite(n) || n < min || n > max) {
    errors.push(`${name}: ожидается число от ${min} до ${max}`)
    return undefined
  }
  return n
}

function checkAttributes(defs: Open311Attribute[], given: Map<string, string[]>, errors: string[]) {
  const answers: Record<string, string | string[]> = {}
  const lines: string[] = []
  for (const a of defs) {
    if (!a.variable) continue
    const values = given.get(a.code) ?? []
    if (values.length === 0) {
      if (a.required) errors.push(`не указан обязательный атрибут attribute[${a.code}] («${a.description}»)`)
      continue
    }
    const label = (key: string) => a.values?.find((v) => v.key === key)?.name
    if (a.datatype === 'multivaluelist') {
      const bad = values.filter((v) => !label(v))
      if (bad.length) {
        errors.push(
          `attribute[${a.code}]: неизвестные значения ${bad.join(', ')}; допустимы ${a.values?.map((v) => v.key).join(', ')}`,
        )
        continue
      }
      answers[a.code] = values
      lines.push(`${a.description}: ${values.map((v) => label(v)).join(', ')}`)
      continue
    }
    if (values.length > 1) {
      errors.push(`attribute[${a.code}]: ожидается одно значение`)
      continue
    }
    const v = values[0]
    if (a.datatype === 'singlevaluelist' && !label(v)) {
      errors.push(
        `attribute[${a.code}]: неизвестное значение «${v}»; допустимы ${a.values?.map((x) => x.key).join(', ')}`,
      )
      continue
    }
    if (a.datatype === 'number' && !Number.isFinite(Number(v.replace(',', '.')))) {
      errors.push(`attribute[${a.code}]: ожидается число`)
      continue
    }
    if (a.datatype === 'datetime' && Number.isNaN(Date.parse(v))) {
      errors.push(`attribute[${a.code}]: ожидается дата и время в формате ISO 8601`)
      continue
    }
    if (v.length > 1000) {
      errors.push(`attribute[${a.code}]: не длиннее 1000 символов`)
      continue
    }
    answers[a.code] = v
    lines.push(`${a.description}: ${label(v) ?? v}`)
  }
  return { answers, lines }
}

export interface PostResult {
  service_request_id: string
  service_notice: string
  account_id: string | null
}

/**
 * POST requests: checks the parameters as GeoReport v2 says, registers the appeal exactly once
 * (channel open311, regime message) and returns the Open311 answer. Exactly once: the external id is
 * the client's Idempotency-Key header, or else a hash of the request's content and its Moscow date.
 */
export async function createServiceRequest(
  db: Db,
  env: Env,
  input: { pairs: Pairs; idempotencyKey?: string },
): Promise<PostResult> {
  const p = readParams(input.pairs)
  checkJurisdiction(env, p.get('jurisdiction_id'))
  const client = authenticateClient(env, p.get('api_key'))

  const errors: string[] = []
  for (const [name, max] of Object.entries(LIMITS)) {
    if ((p.get(name)?.length ?? 0) > max) errors.push(`${name}: не длиннее ${max} символов`)
  }
  const serviceCode = p.get('service_code')
  if (!serviceCode) throw new Open311Error(400, 'Не указан service_code (список услуг — services.json)')
  const service = await findOpen311Service(db, serviceCode)
  if (!service) throw new Open311Error(404, `Услуга service_code «${serviceCode}» не найдена`)

  const lat = parseNumber(p.get('lat'), 'lat', -90, 90, errors)
  const lon = parseNumber(p.get('long'), 'long', -180, 180, errors)
  if ((p.get('lat') === undefined) !== (p.get('long') === undefined)) {
    errors.push('lat и long передают вместе')
  }
  const addressString = p.get('address_string')
  const addressId = p.get('address_id')
  if (p.get('lat') === undefined && p.get('long') === undefined && !addressString && !addressId) {
    errors.push('Не указано место: нужны lat и long, address_string или address_id')
  }
  const mediaUrl = p.get('media_url')
  if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl)) errors.push('media_url: нужен адрес http(s)')
  const description = p.get('description')
  if (description && /<\/?[a-z][^>]*>/i.test(description)) {
    errors.push('description: текст без HTML-разметки')
  }
  const { answers, lines } = checkAttributes(service.attributes, p.attributes, errors)
  if (errors.length) throw new Open311Error(400, errors)

  let text = description ?? service.service_name
  if (text.length < 5) text = `${service.service_name}: ${text}`
  if (lines.length) text = `${text}\n\n${lines.join('\n')}`

  let addressText = addressString ?? null
  if (!addressText && lat !== undefined && lon !== undefined) {
    addressText = (await reverseGeocode(db, lat, lon)).addressText
  }
  const fullName = [p.get('last_name'), p.get('first_name')].filter(Boolean).join(' ') || null
  const parsed = ZRegisterAppeal.safeParse({
    regime: REGIME,
    channel: CHANNEL,
    text,
    applicants: [{ fullName, phone: p.get('phone') ?? null, email: p.get('email') ?? null }],
    addressText,
    lat: lat ?? null,
    lon: lon ?? null,
    sectorCode: service.sectorCode,
    topicCode: service.service_code,
  })
  if (!parsed.success) {
    throw new Open311Error(
      400,
      parsed.error.issues.map((i) => {
        const field = i.path.includes('email')
          ? 'email'
          : i.path.includes('text')
            ? 'description'
            : i.path.join('.')
        return `${field}: ${i.message}`
      }),
    )
  }

  const idempotencyKey = input.idempotencyKey?.trim() || undefined
  if (idempotencyKey && idempotencyKey.length > 200) {
    throw new Open311Error(400, 'Idempotency-Key: не длиннее 200 символов')
  }
  const identity = idempotencyKey
    ? `k:${sha256(idempotencyKey)}`
    : `c:${sha256(
        JSON.stringify([
          moscowDate(new Date()),
          serviceCode,
          description ?? '',
          lat ?? null,
          lon ?? null,
          addressString ?? '',
          addressId ?? '',
          p.get('email') ?? '',
          p.get('phone') ?? '',
          p.get('device_id') ?? '',
          p.get('account_id') ?? '',
          fullName ?? '',
          mediaUrl ?? '',
          Object.entries(answers).sort(([a], [b]) => a.localeCompare(b)),
        ]),
      )}`
  const meta: Open311Meta = {
    client: client.name,
    serviceCode,
    deviceId: p.get('device_id') ?? null,
    accountId: p.get('account_id') ?? null,
    addressId: addressId ?? null,
    mediaUrl: mediaUrl ?? null,
    attributes: answers,
    idempotency: idempotencyKey ? 'header' : 'content',
  }
  const result = await db.transaction(async (tx) => {
    const reg = await registerAppeal(
      tx,
      { ...parsed.data, externalId: `${client.name}:${identity}`, meta: { open311: meta } },
      { kind: 'system' },
    )
    // GET tokens/{Idempotency-Key} finds the request again for a client that lost this response.
    if (reg.created && idempotencyKey) {
      await claimChannelKey(tx, CHANNEL, tokenKey(idempotencyKey), { appealId: reg.id })
    }
    return reg
  })
  const track = `${env.VECHE_PUBLIC_URL.replace(/\/$/, '')}/track`
  return {
    service_request_id: String(result.id),
    service_notice: result.created
      ? `Сообщение зарегистрировано в МЦУ под номером ${result.regNumber}. Ход рассмотрения — на странице ${track} (номер и код ${result.trackingCode}).`
      : `Это сообщение уже зарегистрировано под номером ${result.regNumber}; повторная отправка не создаёт новую заявку.`,
    account_id: meta.accountId,
  }
}

const tokenKey = (token: string) => `token:${sha256(token)}`

/** GET tokens/{token}: the request registered with this Idempotency-Key, or 404. */
export async function resolveToken(db: Queryable, token: string) {
  const state = await readChannelState<{ appealId: number }>(db, CHANNEL, tokenKey(token))
  if (!state) throw new Open311Error(404, `Токен «${token}» не найден`)
  return { service_request_id: String(state.appealId), token }
}

// --- GET requests ---

export interface Open311Request {
  service_request_id: string
  status: 'open' | 'closed'
  status_notes: string | null
  service_name: string | null
  service_code: string
  description: string | null
  agency_responsible: string | null
  service_notice: string | null
  requested_datetime: string
  updated_datetime: string | null
  expected_datetime: string | null
  address: string | null
  address_id: string | null
  zipcode: string | null
  lat: number | null
  long: number | null
  media_url: string | null
}

/**
 * A request as the public sees it (152-ФЗ): no applicant names, phones or e-mails; personal data typed
 * into the description or the address (phones, e-mails, names, flat numbers…) is masked.
 */
export function presentRequest(v: AppealView): Open311Request {
  const a = v.appeal
  const meta = (a.meta?.open311 ?? {}) as Partial<Open311Meta>
  let description = maskPersonalData(a.text)
  if (description.length > DESCRIPTION_MAX) description = `${description.slice(0, DESCRIPTION_MAX - 1)}…`
  const closedAt = a.closedAt ?? a.answeredAt ?? a.updatedAt
  const address = a.addressText ? maskPersonalData(maskPostalAddress(a.addressText) ?? '') : null
  return {
    service_request_id: String(a.id),
    status: v.statusIsOpen ? 'open' : 'closed',
    status_notes: v.statusPublicName,
    service_name: v.topicName ?? null,
    service_code: a.topicCode ?? meta.serviceCode ?? '',
    description,
    agency_responsible: v.unitName ?? null,
    service_notice: null,
    requested_datetime: w3(a.receivedAt),
    updated_datetime: w3(v.statusIsOpen ? a.updatedAt : closedAt),
    expected_datetime: w3(a.dueAt),
    address: address || null,
    address_id: meta.addressId ?? null,
    zipcode: null,
    lat: a.lat,
    long: a.lon,
    media_url: meta.mediaUrl ?? null,
  }
}

function parseDate(s: string | undefined, name: string): Date | undefined {
  if (s === undefined) return undefined
  // W3C datetime; a date alone is accepted as midnight UTC.
  if (
    !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) ||
    Number.isNaN(Date.parse(s))
  ) {
    throw new Open311Error(400, `${name}: дата в формате W3C, например 2026-01-01T00:00:00Z`)
  }
  return new Date(s)
}

const commaList = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

/**
 * GET requests: service_request_id (comma list) overrides every other filter; otherwise service_code
 * and status (comma lists) within start_date…end_date, at most 90 days (default: the last 90 days),
 * newest first, at most 1000. Only requests received over Open311 are published: appeals from other
 * channels are correspondence with the administration (59-ФЗ ст. 6) and stay private.
 */
export async function listServiceRequests(
  db: Queryable,
  env: Env,
  query: Record<string, string | undefined>,
  now = new Date(),
): Promise<Open311Request[]> {
  const q = (n: string) => (query[n]?.trim() ? query[n]?.trim() : undefined)
  checkJurisdiction(env, q('jurisdiction_id'))
  const conditions: SQL[] = [eq(appeals.channel, CHANNEL)]
  const ids = commaList(q('service_request_id'))
  if (ids.length) {
    if (ids.length > MAX_RESULTS)
      throw new Open311Error(400, `service_request_id: не больше ${MAX_RESULTS} номеров`)
    const numeric = ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number)
    if (numeric.length === 0) return []
    conditions.push(inArray(appeals.id, numeric))
  } else {
    const codes = commaList(q('service_code'))
    if (codes.length) conditions.push(inArray(appeals.topicCode, codes))
    const wanted = commaList(q('status'))
    const bad = wanted.filter((s) => s !== 'open' && s !== 'closed')
    if (bad.length) throw new Open311Error(400, `status: допустимы open и closed, получено ${bad.join(', ')}`)
    if (wanted.length === 1) conditions.push(eq(statuses.isOpen, wanted[0] === 'open'))
    let start = parseDate(q('start_date'), 'start_date')
    let end = parseDate(q('end_date'), 'end_date')
    if (start && end && end < start) throw new Open311Error(400, 'end_date раньше start_date')
    if (start && end && end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS) {
      throw new Open311Error(400, `Период start_date…end_date не может быть длиннее ${MAX_SPAN_DAYS} дней`)
    }
    if (!start && !end) end = now
    if (!start) start = new Date((end as Date).getTime() - MAX_SPAN_DAYS * DAY_MS)
    if (!end) end = new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS)
    conditions.push(gte(appeals.registeredAt, start), lte(appeals.registeredAt, end))
  }
  const rows = await selectAppealViews(db)
    .where(and(...conditions))
    .orderBy(desc(appeals.registeredAt), desc(appeals.id))
    .limit(MAX_RESULTS)
  return rows.map(presentRequest)
}

/** GET requests/{id}: one request (in an array, as the spec says), or 404. */
export async function getServiceRequest(db: Queryable, env: Env, id: string, jurisdictionId?: string) {
  checkJurisdiction(env, jurisdictionId?.trim() || undefined)
  if (!/^\d{1,15}$/.test(id)) throw new Open311Error(404, `Заявка «${id}» не найдена`)
  const [row] = await selectAppealViews(db).where(
    and(eq(appeals.channel, CHANNEL), eq(appeals.id, Number(id))),
  )
  if (!row) throw new Open311Error(404, `Заявка «${id}» не найдена`)
  return [presentRequest(row)]
}

export { listOpen311Services }
