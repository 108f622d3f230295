import { count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import { makeAppeal, makeUser, setupTestApp, signIn, unitId } from './helpers'

const ctx = setupTestApp()
let operator: string
const russian = /[а-яё]/i

beforeAll(async () => {
  operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
})

const appealCount = async () => (await ctx.database.db.select({ n: count() }).from(appeals))[0].n

describe('bad input gets a clear Russian 4xx with a stable code and changes nothing', () => {
  const valid = {
    regime: 'fz59',
    channel: 'phone',
    text: 'Не вывозят мусор третью неделю',
    applicants: [{ fullName: 'Иванов И. И.' }],
  }
  const cases: [string, unknown, number, string][] = [
    ['wrong types', { ...valid, text: 42 }, 400, 'VALIDATION_FAILED'],
    ['missing field', { ...valid, applicants: undefined }, 400, 'VALIDATION_FAILED'],
    ['unknown field', { ...valid, hack: true }, 400, 'VALIDATION_FAILED'],
    ['unknown regime', { ...valid, regime: 'secret' }, 400, 'VALIDATION_FAILED'],
    ['empty applicants', { ...valid, applicants: [] }, 400, 'VALIDATION_FAILED'],
    ['lat without lon', { ...valid, lat: 54.78 }, 400, 'VALIDATION_FAILED'],
    ['latitude out of range', { ...valid, lat: 120, lon: 32 }, 400, 'VALIDATION_FAILED'],
    ['bad email', { ...valid, applicants: [{ email: 'not-an-email' }] }, 400, 'VALIDATION_FAILED'],
    [
      'topic from another sector',
      { ...valid, sectorCode: 'roads', topicCode: 'no-such-topic' },
      400,
      'VALIDATION_FAILED',
    ],
    ['received in the future', { ...valid, receivedAt: '2099-01-01T00:00:00Z' }, 400, 'VALIDATION_FAILED'],
  ]
  for (const [name, payload, status, code] of cases) {
    it(`POST /api/appeals: ${name}`, async () => {
      const before = await appealCount()
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { cookie: operator },
        payload: payload as object,
      })
      expect(res.statusCode, res.body).toBe(status)
      const body = res.json()
      expect(body.error.code).toBe(code)
      expect(body.error.message).toMatch(russian)
      expect(res.body).not.toMatch(/at .*\.ts:\d+/) // no stack trace
      expect(await appealCount()).toBe(before)
    })
  }

  it('refuses a malformed JSON body', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { cookie: operator, 'content-type': 'application/json' },
      payload: '{"regime": "fz59", ',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toMatch(russian)
  })

  it('refuses an oversize body with 413', async () => {
    const before = await appealCount()
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { cookie: operator, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...valid, text: 'я'.repeat(2_000_000) }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE')
    expect(await appealCount()).toBe(before)
  })

  it('refuses a wrong content type', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { cookie: operator, 'content-type': 'text/xml' },
      payload: '<a/>',
    })
    expect(res.statusCode).toBe(415)
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('answers 401 in Russian without a session, 403 for a role that may not act', async () => {
    const anon = await ctx.app.inject({ method: 'GET', url: '/api/appeals' })
    expect(anon.statusCode).toBe(401)
    expect(anon.json().error.code).toBe('UNAUTHENTICATED')
    const head = await signIn(ctx.app, await makeUser(ctx.database, 'head'))
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { cookie: head },
      payload: valid,
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('FORBIDDEN')
  })

  it('gives 404 for unknown ids and for ids that are not numbers', async () => {
    for (const url of ['/api/appeals/999999999', '/api/appeals/abc', '/api/appeals/-1']) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: operator } })
      expect([400, 404]).toContain(res.statusCode)
      expect(res.json().error.message).toMatch(russian)
    }
  })

  it('refuses an action the status does not allow, and writes no history', async () => {
    const { id } = await makeAppeal(ctx.database)
    const coordinator = await signIn(ctx.app, await makeUser(ctx.database, 'coordinator'))
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/approve`,
      headers: { cookie: coordinator },
      payload: {},
    })
    expect(res.statusCode).toBe(409)
    const events = await ctx.database.db.select().from(appealEvents).where(eq(appealEvents.appealId, id))
    expect(events.map((e) => e.type)).toEqual(['registered'])
  })

  it('refuses assigning a unit that does not answer for the sector', async () => {
    const { id } = await makeAppeal(ctx.database)
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/assign`,
      headers: { cookie: operator },
      payload: { sectorCode: 'education', unitId: await unitId(ctx.database, 'ugkh') },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toMatch(/не отвечает/)
    const [row] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, id))
    expect(row.status).toBe('registered')
    expect(row.unitId).toBeNull()
  })

  it('refuses a malformed merge into an incident, and changes nothing', async () => {
    const { id } = await makeAppeal(ctx.database)
    const bodies: unknown[] = [
      {},
      { intoId: 'один' },
      { intoId: -1 },
      { intoId: 1.5 },
      { intoId: id, hack: 1 },
    ]
    for (const payload of bodies) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/appeals/${id}/merge`,
        headers: { cookie: operator },
        payload: payload as object,
      })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
      expect(res.json().error.message).toMatch(russian)
    }
    const self = await ctx.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/merge`,
      headers: { cookie: operator },
      payload: { intoId: id },
    })
    expect(self.statusCode).toBe(409)
    expect(self.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(russian) })
    const [row] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, id))
    expect(row.duplicateOf).toBeNull()
    const events = await ctx.database.db.select().from(appealEvents).where(eq(appealEvents.appealId, id))
    expect(events.map((e) => e.type)).toEqual(['registered'])
  })

  it('refuses a wrong tracking code with the same 404 as an unknown number', async () => {
    const { regNumber, trackingCode } = await makeAppeal(ctx.database)
    const wrong = trackingCode === '000000' ? '000001' : '000000'
    const a = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/appeals/${encodeURIComponent(regNumber)}?code=${wrong}`,
    })
    const b = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/appeals/${encodeURIComponent('О-1999-000001')}?code=${wrong}`,
    })
    expect(a.statusCode).toBe(404)
    expect(b.statusCode).toBe(404)
    expect(a.json()).toEqual(b.json())
    const bad = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/appeals/${encodeURIComponent(regNumber)}?code=12`,
    })
    expect(bad.statusCode).toBe(400)
  })

  it('refuses a wrong password in Russian', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: 'operator', password: 'nope' },
    })
    expect(res.statusCode).toBe(401)
    expect(res.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Неверный логин или пароль' })
  })
})

describe('the history is append-only', () => {
  it('refuses UPDATE and DELETE of events at the database level', async () => {
    const { id } = await makeAppeal(ctx.database)
    await expect(
      ctx.database.db.update(appealEvents).set({ note: 'x' }).where(eq(appealEvents.appealId, id)),
    ).rejects.toThrow()
    await expect(ctx.database.db.delete(appealEvents).where(eq(appealEvents.appealId, id))).rejects.toThrow()
  })
})
