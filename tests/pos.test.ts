import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { and, count, eq, like, sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createHttpApp } from '../server/app'
import { jobs } from '../server/db/jobs.tables'
import { answers } from '../server/modules/answers/answers.tables'
import { appealEvents, appeals, applicants } from '../server/modules/appeals/appeals.tables'
import { importPosMessages, readPosFile } from '../server/modules/intake/pos/pos.import'
import type { Database } from '../server/platform/db'
import { drainJobs, makeUser, openTestDatabase, signIn, testEnv, uniq, unitId } from './helpers'
import { type FakePos, startFakePos } from './peers/fake-pos'

const INBOUND_TOKEN = 'pos-inbound-token-0123456789'
const PUSH_TOKEN = 'pos-push-token-abcdef'

let database: Database
let app: FastifyInstance
let unconfigured: FastifyInstance
let pos: FakePos
let tmp: string

beforeAll(async () => {
  database = await openTestDatabase()
  app = (await createHttpApp(
    database,
    testEnv({ VECHE_POS_INBOUND_TOKEN: INBOUND_TOKEN }),
    false,
  )) as unknown as FastifyInstance
  unconfigured = (await createHttpApp(database, testEnv(), false)) as unknown as FastifyInstance
  await Promise.all([app.ready(), unconfigured.ready()])
  pos = await startFakePos({ token: PUSH_TOKEN })
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-pos-'))
})
afterAll(async () => {
  await app?.close()
  await unconfigured?.close()
  await pos?.close()
  await database?.close()
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

/** The settings the worker runs with: pushes go to the fake ПОС on loopback. */
const pushEnv = () => testEnv({ VECHE_POS_PUSH_URL: pos.url, VECHE_POS_PUSH_TOKEN: PUSH_TOKEN })
const auth = { authorization: `Bearer ${INBOUND_TOKEN}` }

const post = (payload: unknown, headers: Record<string, string> = auth, target = app) =>
  target.inject({
    method: 'POST',
    url: '/api/channels/pos/messages',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  })

/** A ПОС message with a unique posId; the tag is also in the text so rows can be counted. */
function message(tag: string, n = 1, extra: Record<string, unknown> = {}) {
  return {
    posId: `${tag}-${n}`,
    opaId: '268828',
    fz59: false,
    category: 'ЖКХ',
    subcategory: 'Отопление',
    text: `ПОС ${tag}: в квартире холодные батареи третий день, управляющая компания не отвечает`,
    createdAt: '2026-01-12T09:15:00+03:00',
    address: { text: 'г. Смоленск, ул. Николаева, д. 12', lat: 54.7818, lon: 32.0401 },
    applicant: {
      fullName: 'Петрова Анна Сергеевна',
      phone: '8 (910) 555-12-34',
      email: 'petrova@example.ru',
    },
    utm: { source: 'vk', medium: '12', campaign: '1026700000000' },
    attachments: [{ name: 'батарея.jpg', url: 'https://pos.gosuslugi.ru/files/abc.jpg' }],
    ...extra,
  }
}

const appealsTagged = async (tag: string) =>
  (
    await database.db
      .select({ n: count() })
      .from(appeals)
      .where(and(eq(appeals.channel, 'pos'), like(appeals.externalId, `${tag}-%`)))
  )[0].n

const appealByPosId = async (posId: string) =>
  (
    await database.db
      .select()
      .from(appeals)
      .where(and(eq(appeals.channel, 'pos'), eq(appeals.externalId, posId)))
  )[0]

describe('ПОС inbound: POST /api/channels/pos/messages', () => {
  it('registers one message with everything ПОС sent, and a replay returns the same number', async () => {
    const tag = uniq('pos')
    const res = await post(message(tag))
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ registered: 1, duplicates: 0, rejected: 0 })
    expect(body.items[0]).toMatchObject({ posId: `${tag}-1`, created: true, error: null })
    expect(body.items[0].regNumber).toMatch(/^П-\d{4}-\d{6}$/)

    const row = await appealByPosId(`${tag}-1`)
    expect(row.regNumber).toBe(body.items[0].regNumber)
    expect(row.regime).toBe('pos')
    expect(row.receivedAt.toISOString()).toBe('2026-01-12T06:15:00.000Z')
    expect(row.sectorCode).toBe('housing')
    expect(row.topicCode).toBe('housing_heating')
    expect(row.addressText).toBe('г. Смоленск, ул. Николаева, д. 12')
    expect(row.lat).toBeCloseTo(54.7818)
    expect(row.districtCode).toBeTruthy()
    const meta = row.meta.pos as Record<string, unknown>
    expect(meta).toMatchObject({
      posId: `${tag}-1`,
      opaId: '268828',
      fz59: false,
      category: 'ЖКХ',
      subcategory: 'Отопление',
      utm: { source: 'vk', medium: '12', campaign: '1026700000000', content: null, term: null },
      attachments: [{ name: 'батарея.jpg', url: 'https://pos.gosuslugi.ru/files/abc.jpg' }],
    })
    // Contacts are kept once, in the applicants table (masked in lists), not copied into meta.
    expect(JSON.stringify(row.meta)).not.toContain('Петрова')
    const [person] = await database.db.select().from(applicants).where(eq(applicants.appealId, row.id))
    expect(person).toMatchObject({
      fullName: 'Петрова Анна Сергеевна',
      phone: '+79105551234',
      email: 'petrova@example.ru',
    })

    const again = await post(message(tag))
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().items[0]).toMatchObject({ regNumber: row.regNumber, created: false, error: null })
    expect(again.json()).toMatchObject({ registered: 0, duplicates: 1 })
    expect(await appealsTagged(tag)).toBe(1)
  })

  it('takes a batch with per-item results: a refused item does not block the others', async () => {
    const tag = uniq('posb')
    const res = await post({
      items: [
        message(tag, 1, { category: 'Дороги', subcategory: 'ямы,   выбоины' }),
        message(tag, 2, { createdAt: '2099-01-01T00:00:00Z' }),
        message(tag, 3, { posId: 987654321 + Math.floor(Math.random() * 1e6), category: 'Нечто новое' }),
        message(tag, 1),
      ],
    })
    expect(res.statusCode, res.body).toBe(200)
    const { items, registered, duplicates, rejected } = res.json()
    expect({ registered, duplicates, rejected }).toEqual({ registered: 2, duplicates: 1, rejected: 1 })
    expect(items[0]).toMatchObject({ posId: `${tag}-1`, created: true })
    expect(items[1]).toMatchObject({ posId: `${tag}-2`, regNumber: null, created: false })
    expect(items[1].error.message).toMatch(/в будущем/)
    expect(items[2].posId).toMatch(/^\d+$/)
    expect(items[3]).toMatchObject({ posId: `${tag}-1`, regNumber: items[0].regNumber, created: false })

    const first = await appealByPosId(`${tag}-1`)
    expect([first.sectorCode, first.topicCode]).toEqual(['roads', 'roads_pothole'])
    const unknownCategory = await appealByPosId(items[2].posId)
    expect([unknownCategory.sectorCode, unknownCategory.topicCode]).toEqual([null, null])
    expect(await appealByPosId(`${tag}-2`)).toBeUndefined()
  })

  it('fz59: true registers a 59-ФЗ appeal with its 30-day deadline; otherwise a ПОС message in working days', async () => {
    const tag = uniq('posfz')
    const res = await post({
      items: [
        message(tag, 1, { fz59: true, createdAt: undefined }),
        message(tag, 2, { fz59: undefined, createdAt: undefined }),
      ],
    })
    expect(res.statusCode, res.body).toBe(200)
    const fz = await appealByPosId(`${tag}-1`)
    expect(fz.regime).toBe('fz59')
    expect(fz.regNumber).toMatch(/^О-/)
    const days = (fz.dueAt!.getTime() - fz.registeredAt.getTime()) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThan(31.1)
    expect((fz.meta.pos as { fz59: boolean }).fz59).toBe(true)

    const msg = await appealByPosId(`${tag}-2`)
    expect(msg.regime).toBe('pos')
    const posDays = (msg.dueAt!.getTime() - msg.registeredAt.getTime()) / 86_400_000
    expect(posDays).toBeGreaterThanOrEqual(8) // 8 working days never take fewer calendar days
    expect(posDays).toBeLessThan(20)
  })

  it('refuses strangers: no token 401, wrong token 401, not configured 503 — in Russian, nothing registered', async () => {
    const tag = uniq('posauth')
    const strangers: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-wrong-token' },
      { authorization: INBOUND_TOKEN },
    ]
    for (const headers of strangers) {
      const res = await post(message(tag), headers)
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json().error.code).toBe('UNAUTHENTICATED')
      expect(res.json().error.message).toMatch(/токен ПОС/)
    }
    // Authentication comes first: a stranger's malformed body is still a 401, not a description of the format.
    expect((await post('{not json', {})).statusCode).toBe(401)

    const off = await post(message(tag), auth, unconfigured)
    expect(off.statusCode, off.body).toBe(503)
    expect(off.json().error).toMatchObject({ code: 'UNAVAILABLE', message: 'Приём из ПОС не настроен' })
    expect(await appealsTagged(tag)).toBe(0)
  })

  it('refuses malformed payloads with a Russian 400 (or 413) and registers nothing of them', async () => {
    const tag = uniq('posbad')
    const cases: [unknown, RegExp][] = [
      ['{"posId": ', /не корректный JSON/],
      [[message(tag, 1)], /ожидается объект/],
      [null, /ожидается объект|JSON/],
      [{ ...message(tag, 2), posId: undefined }, /posId/],
      [{ ...message(tag, 3), posId: '' }, /posId/],
      [{ ...message(tag, 4), secret: 1 }, /secret/],
      [{ ...message(tag, 5), applicant: { fullName: 'Х', snils: '123' } }, /snils/],
      [{ ...message(tag, 6), fz59: 'да' }, /fz59/],
      [{ ...message(tag, 7), text: 'ой' }, /слишком короткий/],
      [{ ...message(tag, 8), createdAt: 'вчера' }, /ISO 8601/],
      [{ ...message(tag, 9), address: { text: 'x', lat: 54.7 } }, /широту и долготу/],
      [{ ...message(tag, 10), attachments: [{ name: 'a', url: 'file:///etc/passwd' }] }, /http/],
      [{ items: [] }, /пакет пуст/],
      [{ items: [message(tag, 11), { ...message(tag, 12), extra: true }] }, /items\.1/],
      [{ items: [message(tag, 13)], more: 1 }, /more/],
      [{ items: Array.from({ length: 600 }, (_, i) => message(tag, 100 + i)) }, /не больше 500/],
    ]
    for (const [payload, expected] of cases) {
      const res = await post(payload)
      const where = `${JSON.stringify(payload).slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 300)}`
      expect(res.statusCode, where).toBe(400)
      expect(res.json().error.code, where).toBe('VALIDATION_FAILED')
      expect(res.json().error.message, where).toMatch(/[а-яё]/i)
      expect(res.json().error.message, where).toMatch(expected)
    }
    const huge = await post({
      items: [message(tag, 1, { text: 'я'.repeat(20_000) })],
      pad: 'x'.repeat(17 * 1024 * 1024),
    })
    expect(huge.statusCode).toBe(413)
    expect(huge.json().error.message).toMatch(/Слишком большой/)
    expect(await appealsTagged(tag)).toBe(0)
  })

  it('is described in OpenAPI with Russian field descriptions', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    const op = doc.paths['/api/channels/pos/messages'].post
    expect(op.tags).toEqual(['Канал ПОС'])
    expect(op.summary).toMatch(/ПОС/)
    const text = JSON.stringify(op.requestBody)
    for (const field of ['posId', 'opaId', 'fz59', 'category', 'subcategory', 'utm', 'attachments'])
      expect(text).toContain(field)
    expect(text).toContain('Идентификатор сообщения в ПОС')
    expect(doc.paths['/api/appeals/{id}/interim-answer'].post.tags).toEqual(['Ответы'])
  })
})

/** Registers a ПОС message in ЖКХ and assigns it to Управление ЖКХ; returns ids and signed-in staff. */
async function posAppealInWork(tag: string) {
  const operator = await signIn(app, await makeUser(database, 'operator'))
  const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
  const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
  const res = await post(message(tag))
  expect(res.statusCode, res.body).toBe(201)
  const posId = `${tag}-1`
  const row = await appealByPosId(posId)
  const assigned = await app.inject({
    method: 'POST',
    url: `/api/appeals/${row.id}/assign`,
    headers: { cookie: operator },
    payload: { sectorCode: 'housing', unitId: await unitId(database, 'ugkh') },
  })
  expect(assigned.statusCode, assigned.body).toBe(200)
  return { id: row.id, regNumber: row.regNumber, posId, operator, executor, coordinator }
}

const jobsOf = (appealId: number) =>
  database.db
    .select()
    .from(jobs)
    .where(sql`(${jobs.payload}->>'appealId')::int = ${appealId}`)
    .orderBy(jobs.id)

/** Makes this appeal's waiting jobs due now, so a test walks through retries without waiting for backoff. */
const makeDue = (appealId: number) =>
  database.db
    .update(jobs)
    .set({ runAt: new Date(Date.now() - 1000) })
    .where(and(sql`(${jobs.payload}->>'appealId')::int = ${appealId}`, eq(jobs.state, 'queued')))

describe('ПОС outbound: statuses, interim and final answers pushed to ПОС', () => {
  it('full cycle: inbound → assign → interim answer → answer → approve → ПОС gets every stage and the final answer', async () => {
    const a = await posAppealInWork(uniq('poscycle'))
    const interim = await app.inject({
      method: 'POST',
      url: `/api/appeals/${a.id}/interim-answer`,
      headers: { cookie: a.executor },
      payload: { text: 'Заявка передана аварийной службе, осмотр назначен на 14.01 с 10:00 до 12:00.' },
    })
    expect(interim.statusCode, interim.body).toBe(200)
    expect(interim.json().status.code).toBe('in_work')
    expect(interim.json().events.at(-1)).toMatchObject({
      type: 'interim_answer',
      title: 'Промежуточный ответ заявителю',
      public: true,
    })
    const answerText = 'Отопление восстановлено 13.01 в 15:00 после замены задвижки в тепловом узле дома.'
    const answered = await app.inject({
      method: 'POST',
      url: `/api/appeals/${a.id}/answer`,
      headers: { cookie: a.executor },
      payload: { text: answerText },
    })
    expect(answered.statusCode, answered.body).toBe(200)
    const approved = await app.inject({
      method: 'POST',
      url: `/api/appeals/${a.id}/approve`,
      headers: { cookie: a.coordinator },
      payload: {},
    })
    expect(approved.statusCode, approved.body).toBe(200)

    await drainJobs(database, { env: pushEnv() })

    const got = pos.forMessage(a.posId)
    const statusPushes = got.filter((r) => r.path.endsWith('/status'))
    expect(statusPushes.map((r) => r.body.status)).toEqual(['execution', 'approval', 'approval'])
    expect(statusPushes[0].body).toMatchObject({
      statusName: 'В работе у исполнителя',
      comment: 'Назначен исполнитель',
      regNumber: a.regNumber,
    })
    expect(Date.parse(statusPushes[0].body.at as string)).not.toBeNaN()
    const answerPushes = got.filter((r) => r.path.endsWith('/answers'))
    expect(answerPushes.map((r) => r.body.type)).toEqual(['interim', 'final'])
    expect(answerPushes[0].body.text).toMatch(/осмотр назначен на 14\.01/)
    expect(answerPushes[1].body).toMatchObject({ type: 'final', text: answerText, regNumber: a.regNumber })
    for (const r of got) {
      expect(r.headers.authorization).toBe(`Bearer ${PUSH_TOKEN}`)
      expect(r.headers['idempotency-key']).toMatch(/^veche-(event|answer)-\d+$/)
    }
    const [answer] = await database.db.select().from(answers).where(eq(answers.appealId, a.id))
    expect(answerPushes[1].headers['idempotency-key']).toBe(`veche-answer-${answer.id}`)
    const events = await database.db.select().from(appealEvents).where(eq(appealEvents.appealId, a.id))
    const interimEvent = events.find((e) => e.type === 'interim_answer')
    expect(answerPushes[0].headers['idempotency-key']).toBe(`veche-event-${interimEvent?.id}`)
    expect(new Set(got.map((r) => r.headers['idempotency-key'])).size).toBe(got.length)

    // Delivery is recorded only after ПОС accepted the answer; the status moved to «Ответ направлен».
    expect(answer.deliveredVia).toBe('pos')
    expect((await appealByPosId(a.posId)).status).toBe('answered')
    // Draining again sends nothing twice.
    await drainJobs(database, { env: pushEnv() })
    expect(pos.forMessage(a.posId)).toHaveLength(got.length)
  })

  it('interim answer: status unchanged, only staff who see the appeal, only while it is open', async () => {
    const a = await posAppealInWork(uniq('posint'))
    const say = (cookie: string, text: string, id = a.id) =>
      app.inject({
        method: 'POST',
        url: `/api/appeals/${id}/interim-answer`,
        headers: { cookie },
        payload: { text },
      })
    const deputy = await signIn(app, await makeUser(database, 'deputy', { sectors: ['housing'] }))
    const otherExecutor = await signIn(app, await makeUser(database, 'executor', { unit: 'utdh' }))
    const before = (await database.db.select().from(appealEvents).where(eq(appealEvents.appealId, a.id)))
      .length

    const forbidden = await say(deputy, 'Работы ведутся, срок — до конца недели.')
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json().error.message).toMatch(/прав/)
    const notMine = await say(otherExecutor, 'Работы ведутся, срок — до конца недели.')
    expect(notMine.statusCode).toBe(404)
    const short = await say(a.operator, 'ок')
    expect(short.statusCode).toBe(400)
    expect(short.json().error.message).toMatch(/слишком короткий/)
    expect(
      (await database.db.select().from(appealEvents).where(eq(appealEvents.appealId, a.id))).length,
    ).toBe(before)

    const ok = await say(a.operator, 'Работы ведутся, срок — до конца недели.')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().status.code).toBe('in_work')

    // A rejected (final) appeal takes no interim answer.
    const tag = uniq('posrej')
    await post(message(tag))
    const rejected = await appealByPosId(`${tag}-1`)
    await database.db.update(appeals).set({ status: 'rejected' }).where(eq(appeals.id, rejected.id))
    const closed = await say(a.operator, 'Работы ведутся, срок — до конца недели.', rejected.id)
    expect(closed.statusCode).toBe(409)
    expect(closed.json().error.message).toMatch(/Промежуточный ответ недоступен/)

    await drainJobs(database, { env: pushEnv() })
    const pushed = pos.forMessage(a.posId).filter((r) => r.path.endsWith('/answers'))
    expect(pushed.map((r) => [r.body.type, r.body.text])).toEqual([
      ['interim', 'Работы ведутся, срок — до конца недели.'],
    ])
  })

  it('a failing ПОС: retries, then the dead-letter list; an operator replays it once ПОС is back', async () => {
    pos.fail('drop')
    const a = await posAppealInWork(uniq('posdead'))
    const operator = await signIn(app, await makeUser(database, 'operator'))
    await drainJobs(database, { env: pushEnv() })
    expect((await jobsOf(a.id))[0].lastError).toMatch(
      /^ПОС недоступен \(http:\/\/127\.0\.0\.1:\d+\/pos-gateway\/messages\/.+\/status\): ошибка сети: \S+/,
    )
    pos.fail(503)
    for (let i = 0; i < 12; i++) {
      const [job] = await jobsOf(a.id)
      if (job.state === 'dead') break
      await makeDue(a.id)
      await drainJobs(database, { env: pushEnv() })
    }
    const [job] = await jobsOf(a.id)
    expect(job.state).toBe('dead')
    expect(job.attempts).toBe(job.maxAttempts)
    expect(job.lastError).toMatch(/ПОС отклонил запрос .*HTTP 503/)
    expect(
      pos.refused.filter((r) => r.path.startsWith(`/messages/${a.posId}/`)).map((r) => r.status),
    ).toEqual([0, ...Array(job.maxAttempts - 1).fill(503)])
    expect(pos.forMessage(a.posId)).toHaveLength(0)

    const list = await app.inject({ method: 'GET', url: '/api/dead-letters', headers: { cookie: operator } })
    expect(list.statusCode, list.body).toBe(200)
    const dead = list.json().items.find((d: { id: number }) => d.id === job.id)
    expect(dead).toMatchObject({ name: 'channels.notify', title: 'Уведомление заявителя о статусе' })
    expect(dead.lastError).toMatch(/HTTP 503/)

    pos.fail(null)
    const replay = await app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      headers: { cookie: operator },
      payload: { ids: [job.id] },
    })
    expect(replay.statusCode, replay.body).toBe(200)
    expect(replay.json().requeued).toBe(1)
    await drainJobs(database, { env: pushEnv() })
    const got = pos.forMessage(a.posId)
    expect(got.map((r) => r.body.status)).toEqual(['execution'])
    expect(got[0].headers['idempotency-key']).toMatch(/^veche-event-\d+$/)
    expect((await jobsOf(a.id))[0].state).toBe('done')
  })

  it('without VECHE_POS_PUSH_URL the push fails with a clear Russian reason, and goes out once it is set', async () => {
    const a = await posAppealInWork(uniq('posnourl'))
    await drainJobs(database, { env: testEnv() })
    const [job] = await jobsOf(a.id)
    expect(job.state).toBe('queued')
    expect(job.lastError).toMatch(/Адрес ПОС для уведомлений не настроен \(VECHE_POS_PUSH_URL\)/)
    await makeDue(a.id)
    await drainJobs(database, { env: pushEnv() })
    expect(pos.forMessage(a.posId).map((r) => r.body.status)).toEqual(['execution'])
  })
})

describe('ПОС file import (veche import-pos)', () => {
  const fileWith = (name: string, lines: string[]) => {
    const file = path.join(tmp, name)
    fs.writeFileSync(file, lines.join('\n'))
    return file
  }

  it('checks every message, registers each once, reports rejects with reasons; a dry run writes nothing', async () => {
    const tag = uniq('posfile')
    const file = fileWith(`${tag}.jsonl`, [
      JSON.stringify(message(tag, 1)),
      '{ это не json',
      JSON.stringify({ ...message(tag, 3), unknownField: 1 }),
      '',
      JSON.stringify(message(tag, 5, { createdAt: '2099-05-05T10:00:00Z' })),
      JSON.stringify(message(tag, 6, { fz59: true })),
    ])
    const rows = readPosFile(file)
    expect(rows).toHaveLength(5)

    const dry = await importPosMessages(database.db, rows, { dryRun: true })
    expect(dry.registered).toBe(0)
    expect(dry.rejected.map((r) => r.line)).toEqual([2, 3, 5])
    expect(await appealsTagged(tag)).toBe(0)

    const real = await importPosMessages(database.db, rows, { dryRun: false })
    expect(real).toMatchObject({ total: 5, registered: 2, duplicates: 0 })
    expect(real.rejected).toEqual([
      { line: 2, posId: null, reason: 'строка — не корректный JSON' },
      { line: 3, posId: `${tag}-3`, reason: expect.stringMatching(/unknownField/) },
      { line: 5, posId: `${tag}-5`, reason: expect.stringMatching(/в будущем/) },
    ])
    expect(await appealsTagged(tag)).toBe(2)
    expect((await appealByPosId(`${tag}-6`)).regime).toBe('fz59')

    const again = await importPosMessages(database.db, rows, { dryRun: false })
    expect(again).toMatchObject({ registered: 0, duplicates: 2 })
    expect(await appealsTagged(tag)).toBe(2)

    // The same message through the endpoint is the same appeal.
    const viaApi = await post(message(tag, 1))
    expect(viaApi.json().items[0]).toMatchObject({
      created: false,
      regNumber: (await appealByPosId(`${tag}-1`)).regNumber,
    })
  })

  it('the CLI imports a .json export and prints the rejects in Russian', async () => {
    const tag = uniq('poscli')
    const file = path.join(tmp, `${tag}.json`)
    fs.writeFileSync(file, JSON.stringify({ items: [message(tag, 1), { ...message(tag, 2), text: 'ой' }] }))
    const run = promisify(execFile)
    const res = await run('node', [path.resolve('bin/veche.js'), 'import-pos', file], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'warn' },
    }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    )
    expect(res.code, res.out).toBe(2)
    expect(res.out).toContain('зарегистрировано: 1')
    expect(res.out).toMatch(
      new RegExp(`строка 2 \\(posId ${tag}-2\\): text: текст сообщения слишком короткий`),
    )
    expect(await appealsTagged(tag)).toBe(1)
  })
})
