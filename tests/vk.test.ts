import crypto from 'node:crypto'
import { and, eq, like } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { readChannelState } from '../server/modules/channels/channel-state'
import { vkAdapter } from '../server/modules/intake/vk/vk.adapter'
import {
  createVkPoller,
  VK_CHANNEL,
  type VkCommentCursor,
  vkCursorKey,
} from '../server/modules/intake/vk/vk.poll'
import { makeUser, setupTestApp, signIn, testEnv, uniq } from './helpers'
import { type FakeVk, startFakeVk } from './peers/fake-vk'

const ctx = setupTestApp()
let vk: FakeVk
beforeAll(async () => {
  vk = await startFakeVk()
})
afterAll(() => vk.close())

/** A fresh community id per test, so tests share the fake and the database but not their walls. */
const newOwner = () => -(1_000_000 + crypto.randomInt(0, 1_000_000_000))
const envFor = (owner: number, extra: Record<string, string> = {}) =>
  testEnv({
    VECHE_VK_API_URL: vk.url,
    VECHE_VK_TOKEN: vk.token,
    VECHE_VK_OWNER_IDS: String(owner),
    ...extra,
  })

/** A logger that keeps what it was told. */
function recordingLog() {
  const lines: { level: string; msg: string }[] = []
  const at = (level: string) => (a: unknown, b?: unknown) =>
    lines.push({ level, msg: typeof a === 'string' ? a : String(b ?? '') })
  const log = {
    level: 'info',
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    trace: at('trace'),
    fatal: at('fatal'),
    silent: () => {},
    child: () => log,
  }
  return { lines, log: log as unknown as FastifyBaseLogger }
}

async function vkAppeals(owner: number) {
  return ctx.database.db
    .select()
    .from(appeals)
    .where(and(eq(appeals.channel, 'vk'), like(appeals.externalId, `https://vk.com/wall${owner}\\_%`)))
}

describe('the VK connector against a fake VK API on loopback', () => {
  it('registers each citizen comment once, skips the page’s own answers, and picks up a later comment', async () => {
    const owner = newOwner()
    const env = envFor(owner)
    const { log } = recordingLog()
    const poller = createVkPoller({ minIntervalMs: 0 })
    const post = vk.addPost(owner, { text: 'Администрация: график вывоза мусора на неделю' })
    const c1 = vk.addComment(owner, post, 101, 'Во дворе дома 5 по улице Ленина не вывозят мусор уже неделю')
    vk.addComment(owner, post, owner, 'Здравствуйте! Передали в управляющую компанию.')
    const c3 = vk.addComment(owner, post, 102, 'На Кутузова 3 яма на дороге, машины бьют колёса')

    expect(await poller.run({ db: ctx.database.db, env, log })).toBe(2)
    let rows = await vkAppeals(owner)
    expect(rows.map((r) => r.externalId).sort()).toEqual(
      [
        `https://vk.com/wall${owner}_${post}?reply=${c1}`,
        `https://vk.com/wall${owner}_${post}?reply=${c3}`,
      ].sort(),
    )
    const first = rows.find((r) => r.externalId.endsWith(`reply=${c1}`))
    expect(first?.regime).toBe('incident')
    expect(first?.status).toBe('registered')
    expect(first?.regNumber).toMatch(/^И-\d{4}-\d{6}$/)
    expect(first?.meta).toMatchObject({
      incident: {
        platform: 'vk',
        url: `https://vk.com/wall${owner}_${post}?reply=${c1}`,
        publicPageUrl: `https://vk.com/club${-owner}`,
        authorHandle: '@user101',
        authorName: 'Имя101 Фамилия101',
        reposts: 0,
      },
      vk: { ownerId: owner, postId: post, commentId: c1, fromId: 101 },
    })
    // The page's own post is not an appeal.
    expect(rows.some((r) => r.externalId === `https://vk.com/wall${owner}_${post}`)).toBe(false)
    const cursor = await readChannelState<VkCommentCursor>(
      ctx.database.db,
      VK_CHANNEL,
      vkCursorKey(owner, post),
    )
    expect(cursor?.last).toBe(c3)

    // A second poll asks VK from the cursor and registers nothing new.
    const before = vk.calls.length
    expect(await poller.run({ db: ctx.database.db, env, log })).toBe(0)
    const asked = vk.calls.slice(before).find((c) => c.method === 'wall.getComments')
    expect(asked?.params).toMatchObject({
      start_comment_id: String(c3),
      sort: 'asc',
      v: '5.199',
      access_token: vk.token,
    })
    expect(await vkAppeals(owner)).toHaveLength(2)

    // A new comment later: exactly one more.
    const c4 = vk.addComment(owner, post, 103, 'Когда починят фонарь у подъезда дома 7?')
    expect(await poller.run({ db: ctx.database.db, env, log })).toBe(1)
    rows = await vkAppeals(owner)
    expect(rows).toHaveLength(3)
    expect(rows.some((r) => r.externalId === `https://vk.com/wall${owner}_${post}?reply=${c4}`)).toBe(true)
  })

  it('pages through more than 100 comments and moves the cursor page by page', async () => {
    const owner = newOwner()
    const post = vk.addPost(owner, { text: 'Опрос: какие дворы отремонтировать в этом году?' })
    for (let i = 0; i < 130; i += 1)
      vk.addComment(owner, post, 200 + i, `Просим отремонтировать двор дома ${i} по улице Мира`)
    const before = vk.calls.length
    const poller = createVkPoller({ minIntervalMs: 0 })
    expect(await poller.run({ db: ctx.database.db, env: envFor(owner), log: recordingLog().log })).toBe(130)
    expect(vk.calls.slice(before).filter((c) => c.method === 'wall.getComments').length).toBe(2)
    expect(await vkAppeals(owner)).toHaveLength(130)
  })

  it('counts a citizen’s repost of a registered post once, on the original', async () => {
    const owner = newOwner()
    const env = envFor(owner)
    const poller = createVkPoller({ minIntervalMs: 0 })
    const { log } = recordingLog()
    const original = vk.addPost(owner, {
      fromId: 301,
      text: 'Во дворе дома 12 на Николаева третий день нет горячей воды, помогите',
    })
    expect(await poller.run({ db: ctx.database.db, env, log })).toBe(1)
    const repost = vk.addPost(owner, { fromId: 302, copyOf: { ownerId: owner, postId: original } })
    expect(await poller.run({ db: ctx.database.db, env, log })).toBe(0)
    expect(await poller.run({ db: ctx.database.db, env, log })).toBe(0)
    const rows = await vkAppeals(owner)
    expect(rows).toHaveLength(1)
    expect(rows[0].externalId).toBe(`https://vk.com/wall${owner}_${original}`)
    expect(rows[0].meta).toMatchObject({
      incident: { reposts: 1, repostUrls: [`https://vk.com/wall${owner}_${repost}`] },
    })
  })

  it('sends noise to the review list, not the work queue; accept moves it to coordination and into the queue', async () => {
    const { app, database } = ctx
    const owner = newOwner()
    const tag = uniq('vkn')
    const post = vk.addPost(owner, { text: 'Поздравляем с Днём города!' })
    const spam = vk.addComment(owner, post, 401, `Заработок от 5000 рублей в день, пиши в лс ${tag}`)
    const thanks = vk.addComment(owner, post, 402, `Спасибо большое ${tag}!`)
    vk.addComment(owner, post, 403, '', { attachments: [{ type: 'sticker' }] })
    expect(
      await createVkPoller({ minIntervalMs: 0 }).run({
        db: database.db,
        env: envFor(owner),
        log: recordingLog().log,
      }),
    ).toBe(3)
    const rows = await vkAppeals(owner)
    expect(rows.every((r) => r.status === 'moderation')).toBe(true)
    const spamRow = rows.find((r) => r.externalId.endsWith(`reply=${spam}`))
    expect((spamRow?.meta as { noise?: { reasons: string[] } } | undefined)?.noise?.reasons.join()).toMatch(
      /реклама или спам/,
    )
    const sticker = rows.find((r) => r.text.includes('стикер'))
    expect(sticker?.text).toBe('[без текста; вложения: стикер]')

    const operator = await signIn(app, await makeUser(database, 'operator'))
    const queue = async () =>
      (
        await app.inject({ method: 'GET', url: `/api/appeals?q=${tag}`, headers: { cookie: operator } })
      ).json()
    expect((await queue()).total).toBe(0)
    const asked = await app.inject({
      method: 'GET',
      url: `/api/appeals?q=${tag}&status=moderation`,
      headers: { cookie: operator },
    })
    expect(asked.json().total).toBe(2)

    const review = await app.inject({
      method: 'GET',
      url: '/api/review?limit=200',
      headers: { cookie: operator },
    })
    expect(review.statusCode, review.body).toBe(200)
    const spamItem = review.json().items.find((i: { id: number }) => i.id === spamRow?.id)
    expect(spamItem).toMatchObject({
      url: `https://vk.com/wall${owner}_${post}?reply=${spam}`,
      publicPageUrl: `https://vk.com/club${-owner}`,
      channel: { code: 'vk' },
    })
    expect(spamItem.reasons[0]).toMatch(/реклама или спам/)
    expect(spamItem.author).toBe('И*** Ф.') // masked in the list

    // The operator decides the spam is, in fact, something to handle (a test of the buttons, not of taste).
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/review/${spamRow?.id}/accept`,
      headers: { cookie: operator },
      payload: {},
    })
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect(accepted.json().status).toBe('routing')
    const inQueue = await queue()
    expect(inQueue.total).toBe(1)
    expect(inQueue.items[0].status.code).toBe('routing')

    const thanksRow = rows.find((r) => r.externalId.endsWith(`reply=${thanks}`))
    const noNote = await app.inject({
      method: 'POST',
      url: `/api/review/${thanksRow?.id}/reject`,
      headers: { cookie: operator },
      payload: {},
    })
    expect(noNote.statusCode).toBe(400)
    expect(noNote.json().error.message).toMatch(/причин/)
    const rejected = await app.inject({
      method: 'POST',
      url: `/api/review/${thanksRow?.id}/reject`,
      headers: { cookie: operator },
      payload: { note: 'благодарность, ответа не требует' },
    })
    expect(rejected.json().status).toBe('rejected')
    // Decided items leave the list; a second decision is refused with a Russian message.
    const again = await app.inject({
      method: 'POST',
      url: `/api/review/${thanksRow?.id}/accept`,
      headers: { cookie: operator },
      payload: {},
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.message).toMatch(/не на проверке/)
    const after = (
      await app.inject({ method: 'GET', url: '/api/review?limit=200', headers: { cookie: operator } })
    ).json()
    const ids = after.items.map((i: { id: number }) => i.id)
    expect(ids).not.toContain(spamRow?.id)
    expect(ids).not.toContain(thanksRow?.id)
    expect(ids).toContain(sticker?.id)

    // Only operators and coordinators review.
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    expect(
      (await app.inject({ method: 'GET', url: '/api/review', headers: { cookie: executor } })).statusCode,
    ).toBe(403)
    expect((await app.inject({ method: 'GET', url: '/api/review' })).statusCode).toBe(401)
  })

  it('backs off on VK error 6 without crashing or moving the cursor', async () => {
    const owner = newOwner()
    const env = envFor(owner)
    const { lines, log } = recordingLog()
    const poller = createVkPoller({ minIntervalMs: 0 })
    const post = vk.addPost(owner, { text: 'Новости' })
    vk.addComment(owner, post, 501, 'Не горит свет на остановке у рынка уже неделю')
    vk.failNext('wall.getComments', 6)
    expect(await poller.run({ db: ctx.database.db, env, log })).toBe(0)
    expect(poller.backoffUntil).toBeGreaterThan(Date.now())
    expect(lines.some((l) => l.level === 'warn' && /слишком много запросов/.test(l.msg))).toBe(true)
    expect(await readChannelState(ctx.database.db, VK_CHANNEL, vkCursorKey(owner, post))).toBeUndefined()
    expect(await vkAppeals(owner)).toHaveLength(0)
    // While backing off it does not call VK at all.
    const calls = vk.calls.length
    expect(await poller.run({ db: ctx.database.db, env, log })).toBe(0)
    expect(vk.calls.length).toBe(calls)
    // After the pause (a fresh poller here) the comment arrives, once.
    expect(await createVkPoller({ minIntervalMs: 0 }).run({ db: ctx.database.db, env, log })).toBe(1)
    expect(await vkAppeals(owner)).toHaveLength(1)
  })

  it('logs a rejected token clearly and registers nothing', async () => {
    const owner = newOwner()
    vk.addComment(owner, vk.addPost(owner, { text: 'Новости' }), 601, 'Яма на дороге у школы 33')
    const { lines, log } = recordingLog()
    const poller = createVkPoller({ minIntervalMs: 0 })
    expect(
      await poller.run({ db: ctx.database.db, env: envFor(owner, { VECHE_VK_TOKEN: 'wrong' }), log }),
    ).toBe(0)
    expect(lines.find((l) => l.level === 'error')?.msg).toMatch(
      /ВКонтакте отклонил токен \(ошибка 5.*VECHE_VK_TOKEN/,
    )
    expect(poller.backoffUntil).toBeGreaterThan(Date.now())
    expect(await vkAppeals(owner)).toHaveLength(0)
  })

  it('posts an approved answer as a reply to the citizen’s comment only when VECHE_VK_REPLY=true, once per answer', async () => {
    const owner = newOwner()
    const post = vk.addPost(owner, { text: 'Новости' })
    const comment = vk.addComment(owner, post, 701, 'Упало дерево во дворе дома 9, перекрыло проезд')
    const msg = {
      appeal: {
        id: 1,
        regNumber: 'И-2026-000001',
        channel: 'vk',
        externalId: `https://vk.com/wall${owner}_${post}?reply=${comment}`,
        regime: 'incident',
        status: 'answer_approved',
        meta: {},
        trackingUrl: 'http://veche.test/track/И-2026-000001',
      },
      answer: { id: 987654, text: 'Дерево убрано 12.05, проезд свободен.', approvedAt: new Date() },
    }
    const countReplies = () =>
      vk.posts.find((p) => p.owner_id === owner && p.id === post)?.comments.length ?? 0
    await vkAdapter.sendAnswer?.({ db: ctx.database.db, env: envFor(owner) }, msg)
    expect(countReplies()).toBe(1)
    const on = envFor(owner, { VECHE_VK_REPLY: 'true' })
    await vkAdapter.sendAnswer?.({ db: ctx.database.db, env: on }, msg)
    await vkAdapter.sendAnswer?.({ db: ctx.database.db, env: on }, msg) // a retried job
    expect(countReplies()).toBe(2)
    const reply = vk.posts.find((p) => p.owner_id === owner && p.id === post)?.comments.at(-1)
    expect(reply).toMatchObject({ reply_to_comment: comment, from_id: owner, guid: 'veche-answer-987654' })
    expect(reply?.text).toContain('Дерево убрано')
    expect(reply?.text).toContain('И-2026-000001')
  })
})
