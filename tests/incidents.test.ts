import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { and, eq, inArray } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createHttpApp } from '../server/app'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { importIncidents, readIncidentFile } from '../server/modules/intake/incidents/incidents.import'
import type { Database } from '../server/platform/db'
import { makeUser, openTestDatabase, signIn, testEnv } from './helpers'

const TOKEN = 'im-export-token-0123456789'
let app: FastifyInstance
let database: Database
let tmp: string
beforeAll(async () => {
  database = await openTestDatabase()
  app = (await createHttpApp(
    database,
    testEnv({ VECHE_INCIDENTS_TOKEN: TOKEN }),
    false,
  )) as unknown as FastifyInstance
  await app.ready()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-incidents-'))
})
afterAll(async () => {
  await app.close()
  await database.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

const bearer = { authorization: `Bearer ${TOKEN}` }
const group = () => -(1_000_000 + crypto.randomInt(0, 1_000_000_000))
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString()

function incident(owner: number, post: number, comment?: number, over: Record<string, unknown> = {}) {
  return {
    platform: 'vk',
    url: `https://vk.com/wall${owner}_${post}${comment ? `?reply=${comment}` : ''}`,
    authorHandle: '@petrova_smol',
    authorName: 'Анна Петрова',
    text: `Во дворе дома ${post} по улице Гагарина не убирают снег (${owner})`,
    publishedAt: at(30),
    publicPageUrl: `https://vk.com/club${-owner}`,
    ...over,
  }
}

async function byExternalIds(ids: string[]) {
  return database.db.select().from(appeals).where(inArray(appeals.externalId, ids))
}

const post = (payload: unknown, headers: Record<string, string> = bearer) =>
  app.inject({ method: 'POST', url: '/api/channels/incidents', headers, payload: payload as object })

describe('POST /api/channels/incidents', () => {
  it('registers each incident once by its canonical URL; a replay of the batch registers nothing', async () => {
    const g = group()
    const batch = {
      items: [
        incident(g, 1, 10),
        // The same comment through the mobile site with tracking: one appeal.
        incident(g, 1, 10, { url: `http://m.vk.com/wall${g}_1?reply=10&utm_source=im&thread=9` }),
        incident(g, 2, undefined, {
          platform: 'ok',
          url: `https://m.ok.ru/group/${-g}/topic/2?utm_medium=x`,
        }),
        incident(g, 3, undefined, {
          platform: 'telegram',
          url: `https://telegram.me/smolensk_${-g}/3?single`,
          lat: 54.7818,
          lon: 32.0401,
          address: 'ул. Николаева, 12',
        }),
      ],
    }
    const res = await post(batch)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.created).toBe(3)
    expect(body.results.map((r: { url: string }) => r.url)).toEqual([
      `https://vk.com/wall${g}_1?reply=10`,
      `https://vk.com/wall${g}_1?reply=10`,
      `https://ok.ru/group/${-g}/topic/2`,
      `https://t.me/smolensk_${-g}/3`,
    ])
    expect(body.results[1]).toMatchObject({ created: false, duplicateOf: body.results[0].regNumber })
    const rows = await byExternalIds(body.results.map((r: { url: string }) => r.url))
    expect(rows).toHaveLength(3)
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['vk', 'ok', 'telegram']))
    expect(rows.every((r) => r.regime === 'incident' && r.status === 'registered')).toBe(true)
    const tg = rows.find((r) => r.channel === 'telegram')
    expect(tg?.addressText).toBe('ул. Николаева, 12')
    expect(tg?.districtCode).toBeTruthy()

    const again = await post(batch)
    expect(again.json().created).toBe(0)
    expect(again.json().results.map((r: { regNumber: string }) => r.regNumber)).toEqual(
      body.results.map((r: { regNumber: string }) => r.regNumber),
    )
    expect(await byExternalIds(body.results.map((r: { url: string }) => r.url))).toHaveLength(3)
  })

  it('counts reposts once on the original, also when the repost comes first', async () => {
    const g = group()
    const originalUrl = `https://vk.com/wall${g}_50`
    const repost = (n: number) =>
      incident(g, 100 + n, undefined, {
        url: `https://vk.com/wall${100 + n}_7`,
        originalUrl: `m.vk.com/wall${g}_50`,
      })
    // The repost arrives first: the original's URL becomes the appeal.
    const first = (await post({ items: [repost(1)] })).json()
    expect(first.results[0]).toMatchObject({ created: true, url: `https://vk.com/wall101_7` })
    const [row] = await byExternalIds([originalUrl])
    expect(row.regNumber).toBe(first.results[0].regNumber)
    expect(row.meta).toMatchObject({
      incident: { url: originalUrl, reposts: 1, registeredFromRepost: 'https://vk.com/wall101_7' },
    })
    expect(await byExternalIds(['https://vk.com/wall101_7'])).toHaveLength(0)

    // Then the original itself, the same repost again, and a second repost.
    const later = (await post({ items: [incident(g, 50), repost(1), repost(2)] })).json()
    expect(later.created).toBe(0)
    for (const r of later.results) expect(r.duplicateOf).toBe(row.regNumber)
    const [after] = await byExternalIds([originalUrl])
    expect(after.meta).toMatchObject({
      incident: { reposts: 2, repostUrls: ['https://vk.com/wall101_7', 'https://vk.com/wall102_7'] },
    })
  })

  it('puts noise in review with reasons instead of the queue', async () => {
    const g = group()
    const res = (
      await post({ items: [incident(g, 1, 2, { text: 'С праздником, дорогие смоляне! 🎉🎉' })] })
    ).json()
    expect(res.results[0]).toMatchObject({ created: true, review: true })
    const [row] = await byExternalIds([res.results[0].url])
    expect(row.status).toBe('moderation')
    expect(row.meta).toMatchObject({ noise: { reasons: [expect.stringMatching(/поздравление/)] } })
  })

  it('refuses a batch with a bad item as a whole, with Russian reasons, and registers nothing', async () => {
    const g = group()
    const good = incident(g, 1, 1)
    for (const [bad, reason] of [
      [incident(g, 2, 2, { url: 'https://t.me/channel/5' }), /не ведёт на vk\.com/],
      [incident(g, 3, 3, { publishedAt: 'вчера' }), /ISO 8601/],
      [incident(g, 4, 4, { platform: 'facebook' }), /vk, ok или telegram/],
      [incident(g, 5, 5, { text: '   ' }), /пустой текст/],
      [incident(g, 6, 6, { url: 'ftp://vk.com/wall-1_1' }), /https/],
      [incident(g, 7, 7, { publishedAt: new Date(Date.now() + 86_400_000).toISOString() }), /в будущем/],
      [incident(g, 8, 8, { lat: 54.7 }), /вместе/],
      [{ ...incident(g, 9, 9), publicPageUrl: undefined }, /госпаблик/],
    ] as [unknown, RegExp][]) {
      const res = await post({ items: [good, bad] })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
      expect(res.json().error.message).toMatch(reason)
    }
    expect(await byExternalIds([`https://vk.com/wall${g}_1?reply=1`])).toHaveLength(0)
    const tooMany = await post({ items: Array.from({ length: 501 }, (_, i) => incident(g, 100 + i, 1)) })
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().error.message).toMatch(/не больше 500/)
    expect((await post({ items: [] })).statusCode).toBe(400)
    expect((await post([good])).statusCode).toBe(400)
  })

  it('lets staff in by session and the export in by token; nobody else', async () => {
    const g = group()
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const byOperator = await post({ items: [incident(g, 1, 1)] }, { cookie: operator })
    expect(byOperator.statusCode, byOperator.body).toBe(200)
    expect(byOperator.json().created).toBe(1)
    const [row] = await byExternalIds([`https://vk.com/wall${g}_1?reply=1`])
    expect(row.createdBy).not.toBeNull()

    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    expect((await post({ items: [incident(g, 2, 2)] }, { cookie: executor })).statusCode).toBe(403)
    expect((await post({ items: [incident(g, 3, 3)] }, {})).statusCode).toBe(401)
    const wrong = await post(
      { items: [{ nonsense: true }] },
      { authorization: 'Bearer not-the-token-at-all' },
    )
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().error.message).toMatch(/Неверный токен/)
    expect(
      await byExternalIds([`https://vk.com/wall${g}_2?reply=2`, `https://vk.com/wall${g}_3?reply=3`]),
    ).toHaveLength(0)
  })
})

describe('importing an incident file', () => {
  it('reads JSON, JSON lines and CSV; registers good rows once, refuses bad rows with reasons', async () => {
    const g = group()
    const rows = [incident(g, 1, 1), incident(g, 2, 2), { ...incident(g, 3, 3), url: '' }]
    const json = path.join(tmp, `${g}.json`)
    fs.writeFileSync(json, JSON.stringify({ items: rows }))
    const jsonl = path.join(tmp, `${g}.jsonl`)
    fs.writeFileSync(
      jsonl,
      `${JSON.stringify(incident(g, 4, 4))}\n{not json\n\n${JSON.stringify(incident(g, 1, 1))}\n`,
    )

    const dry = await importIncidents(database.db, readIncidentFile(json), { dryRun: true })
    expect(dry).toMatchObject({ total: 3, registered: 0 })
    expect(await byExternalIds([`https://vk.com/wall${g}_1?reply=1`])).toHaveLength(0)

    const first = await importIncidents(database.db, readIncidentFile(json), { dryRun: false })
    expect(first).toMatchObject({ total: 3, registered: 2, duplicates: 0 })
    expect(first.rejected).toEqual([{ line: 3, reason: expect.stringMatching(/url: нужна ссылка/) }])
    const replay = await importIncidents(database.db, readIncidentFile(json), { dryRun: false })
    expect(replay).toMatchObject({ registered: 0, duplicates: 2 })

    const lines = await importIncidents(database.db, readIncidentFile(jsonl), { dryRun: false })
    expect(lines).toMatchObject({ total: 3, registered: 1, duplicates: 1 })
    expect(lines.rejected).toEqual([{ line: 2, reason: 'строка — не корректный JSON' }])
    expect(await byExternalIds([1, 2, 4].map((n) => `https://vk.com/wall${g}_${n}?reply=${n}`))).toHaveLength(
      3,
    )
  })

  it('runs as `veche import-incidents` with a Russian report of rejected rows', async () => {
    const g = group()
    const csv = path.join(tmp, `${g}.csv`)
    fs.writeFileSync(
      csv,
      [
        'platform;url;authorHandle;authorName;text;publishedAt;publicPageUrl;originalUrl;lat;lon;address',
        `vk;https://m.vk.com/wall${g}_1?reply=5;@ivanov;Иван Иванов;Не работает светофор на Кирова;${at(10)};https://vk.com/club${-g};;;;`,
        `vk;https://vk.com/wall${g}_9;@sidorov;Пётр Сидоров;Репост про светофор;${at(5)};https://vk.com/club${-g};https://vk.com/wall${g}_1?reply=5;;;`,
        `twitter;https://x.com/a/1;@a;;Что-то;${at(5)};https://vk.com/club${-g};;;;`,
        `vk;https://vk.com/wall${g}_2?reply=6;@b;;Яма у дома 3;позавчера;https://vk.com/club${-g};;;;`,
      ].join('\n'),
    )
    const run = promisify(execFile)
    const cli = async (args: string[]) => {
      try {
        const r = await run('node', [path.resolve('bin/veche.js'), ...args], {
          env: { ...process.env, DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'warn' },
        })
        return { code: 0, out: r.stdout + r.stderr }
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string }
        return { code: e.code, out: e.stdout + e.stderr }
      }
    }
    const res = await cli(['import-incidents', csv])
    expect(res.code, res.out).toBe(2)
    expect(res.out).toMatch(/зарегистрировано: 1/)
    expect(res.out).toMatch(/уже были или репосты: 1/)
    expect(res.out).toMatch(/строка 4: platform: платформа: vk, ok или telegram/)
    expect(res.out).toMatch(/строка 5: publishedAt: дата публикации в формате ISO 8601/)
    const [row] = await database.db
      .select()
      .from(appeals)
      .where(and(eq(appeals.channel, 'vk'), eq(appeals.externalId, `https://vk.com/wall${g}_1?reply=5`)))
    expect(row.meta).toMatchObject({ incident: { reposts: 1, repostUrls: [`https://vk.com/wall${g}_9`] } })
    const again = await cli(['import-incidents', csv])
    expect(again.out).toMatch(/зарегистрировано: 0/)
    expect((await cli(['import-incidents', path.join(tmp, 'missing.csv')])).out).toMatch(/Файл не найден/)
  })
})
