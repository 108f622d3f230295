import { count } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { answers } from '../server/modules/answers/answers.tables'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import { makeAppeal, makeUser, setupTestApp, signIn } from './helpers'

const ctx = setupTestApp()
let admin: string
let appealId: number
let regNumber: string

beforeAll(async () => {
  admin = await signIn(ctx.app, await makeUser(ctx.database, 'admin'))
  const a = await makeAppeal(ctx.database)
  appealId = a.id
  regNumber = encodeURIComponent(a.regNumber)
})

const snapshot = async () => {
  const db = ctx.database.db
  const [[a], [e], [r]] = await Promise.all([
    db.select({ n: count() }).from(appeals),
    db.select({ n: count() }).from(appealEvents),
    db.select({ n: count() }).from(answers),
  ])
  return [a.n, e.n, r.n]
}

// Bodies a careless or hostile client sends: wrong shapes, wrong types, absurd values.
const BAD_BODIES: unknown[] = [
  null,
  [],
  'строка',
  42,
  { text: 42 },
  { sectorCode: 'housing', unitId: 'один' },
  { text: '<script>alert(1)</script>', score: 99, code: 'abc' },
  { unitId: 1e300, score: -1, code: '12345678901234567890' },
  { login: { $ne: null }, password: ['x'] },
]

describe('every endpoint refuses bad input with a Russian 4xx and changes nothing', () => {
  const endpoints = () => [
    ['POST', '/api/auth/login'],
    ['POST', '/api/appeals'],
    ['POST', `/api/appeals/${appealId}/assign`],
    ['POST', `/api/appeals/${appealId}/answer`],
    ['POST', `/api/appeals/${appealId}/return`],
    ['POST', `/api/appeals/${appealId}/merge`],
    ['POST', `/api/appeals/${appealId}/split`],
    ['POST', `/api/public/appeals/${regNumber}/rating`],
  ]

  it('POST bodies', async () => {
    const before = await snapshot()
    for (const [method, url] of endpoints()) {
      for (const body of BAD_BODIES) {
        const res = await ctx.app.inject({
          method: method as 'POST',
          url,
          headers: { cookie: admin, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        })
        const where = `${method} ${url} ${JSON.stringify(body)} → ${res.statusCode} ${res.body}`
        expect(res.statusCode, where).toBeGreaterThanOrEqual(400)
        expect(res.statusCode, where).toBeLessThan(500)
        const json = res.json()
        expect(json.error.code, where).toMatch(/^[A-Z_]+$/)
        expect(json.error.message, where).toMatch(/[а-яё]/i)
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('GET query strings and path parameters', async () => {
    const urls = [
      '/api/appeals?limit=0',
      '/api/appeals?limit=abc',
      '/api/appeals?offset=-5',
      '/api/appeals?status=nonsense',
      '/api/appeals?overdue=maybe',
      '/api/appeals?unknown=1',
      `/api/appeals?q=${'я'.repeat(500)}`,
      '/api/appeals/0',
      '/api/appeals/1.5',
      '/api/appeals/99999999999999999999',
      '/api/appeals/abc/merge',
      '/api/appeals/0/split',
      '/api/geo/reverse?lat=abc&lon=1',
      '/api/geo/reverse?lat=200&lon=1',
      `/api/public/appeals/${regNumber}`,
      `/api/public/appeals/${regNumber}?code=abcdef`,
      '/api/public/appeals/x?code=123456',
      '/api/no-such-endpoint',
    ]
    for (const url of urls) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: admin } })
      const where = `GET ${url} → ${res.statusCode} ${res.body}`
      expect(res.statusCode, where).toBeGreaterThanOrEqual(400)
      expect(res.statusCode, where).toBeLessThan(500)
      expect(res.json().error.message, where).toMatch(/[а-яё]/i)
    }
  })

  it('HTML and script in text are stored as text, never interpreted', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { cookie: admin },
      payload: {
        regime: 'fz59',
        channel: 'phone',
        text: '<img src=x onerror=alert(1)> Яма у дома',
        applicants: [{ fullName: '<b>Иванов</b>' }],
      },
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers['content-type']).toMatch(/application\/json/)
    expect(res.json().appeal.text).toBe('<img src=x onerror=alert(1)> Яма у дома')
  })
})
