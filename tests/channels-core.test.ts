import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { jobs } from '../server/db/jobs.tables'
import { answers } from '../server/modules/answers/answers.tables'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { storeAttachments } from '../server/modules/attachments/attachments.service'
import type { ChannelAdapter, OutboundAnswer, OutboundStatus } from '../server/modules/channels/channel'
import { drainJobs, makeAppeal, makeUser, setupTestApp, signIn, uniq, unitId } from './helpers'

const ctx = setupTestApp()

/** An adapter that records what it is asked to send, and can be told to fail. */
function recordingAdapter() {
  const sent = { statuses: [] as OutboundStatus[], answers: [] as OutboundAnswer[], failing: false }
  const adapter: ChannelAdapter = {
    code: 'telegram',
    async sendStatus(_ctx, msg) {
      if (sent.failing) throw new Error('peer is down')
      sent.statuses.push(msg)
    },
    async sendAnswer(_ctx, msg) {
      if (sent.failing) throw new Error('peer is down')
      sent.answers.push(msg)
    },
  }
  return { sent, adapters: { telegram: adapter } }
}

/** Makes every queued job due now, so a test can walk through retries without waiting for backoff. */
const makeJobsDue = () => ctx.database.db.update(jobs).set({ runAt: new Date(Date.now() - 1000) })

async function appealInWork(channel: 'telegram' | 'phone') {
  const { app, database } = ctx
  const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
  const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
  const a = await makeAppeal(database, {
    channel,
    regime: 'message',
    externalId: uniq('msg'),
    applicants: [{ fullName: null, handle: '@citizen' }],
  })
  await database.db
    .update(appeals)
    .set({ meta: { telegram: { chatId: 42 } } })
    .where(eq(appeals.id, a.id))
  const assigned = await app.inject({
    method: 'POST',
    url: `/api/appeals/${a.id}/assign`,
    headers: { cookie: coordinator },
    payload: { sectorCode: 'housing', unitId: await unitId(database, 'ugkh') },
  })
  expect(assigned.statusCode, assigned.body).toBe(200)
  return { ...a, coordinator, executor }
}

async function answerAndApprove(a: Awaited<ReturnType<typeof appealInWork>>) {
  const { app } = ctx
  const answered = await app.inject({
    method: 'POST',
    url: `/api/appeals/${a.id}/answer`,
    headers: { cookie: a.executor },
    payload: { text: 'Отопление восстановлено, проверено мастером участка.' },
  })
  expect(answered.statusCode, answered.body).toBe(200)
  const approved = await app.inject({
    method: 'POST',
    url: `/api/appeals/${a.id}/approve`,
    headers: { cookie: a.coordinator }, // no body at all: approve takes none
  })
  expect(approved.statusCode, approved.body).toBe(200)
}

describe('outbound: status notices and answers go back through the appeal’s own channel', () => {
  it('sends each public status change once and the answer through the adapter, then records delivery', async () => {
    const { sent, adapters } = recordingAdapter()
    const a = await appealInWork('telegram')
    await drainJobs(ctx.database, { adapters })
    const mine = sent.statuses.filter((s) => s.appeal.id === a.id)
    expect(mine.map((s) => s.event.type)).toEqual(['assigned'])
    expect(mine[0].appeal.meta).toEqual({ telegram: { chatId: 42 } })
    expect(mine[0].appeal.trackingUrl).toBe(`http://veche.test/track/${encodeURIComponent(a.regNumber)}`)
    expect(mine[0].event.publicStatusName).toBeTruthy()

    await answerAndApprove(a)
    await drainJobs(ctx.database, { adapters })
    await drainJobs(ctx.database, { adapters }) // a second drain sends nothing again
    const answersSent = sent.answers.filter((s) => s.appeal.id === a.id)
    expect(answersSent).toHaveLength(1)
    expect(answersSent[0].answer.text).toContain('Отопление восстановлено')
    const [row] = await ctx.database.db.select().from(answers).where(eq(answers.appealId, a.id))
    expect(row.deliveredVia).toBe('telegram')
    const [appeal] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, a.id))
    expect(appeal.status).toBe('answered')
    // The answer went out itself: no separate "delivered" status notice; the approval was a notice.
    const types = sent.statuses.filter((s) => s.appeal.id === a.id).map((s) => s.event.type)
    expect(types).not.toContain('delivered')
  })

  it('queues no notices for channels that do not talk back (phone)', async () => {
    const a = await appealInWork('phone')
    const queued = await ctx.database.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.name, 'channels.notify'), eq(jobs.state, 'queued')))
    expect(queued.filter((j) => j.payload.appealId === a.id)).toHaveLength(0)
  })

  it('keeps a failing answer undelivered, retries it, lists it as a dead letter and delivers it on replay', async () => {
    const { app, database } = ctx
    const { sent, adapters } = recordingAdapter()
    const a = await appealInWork('telegram')
    await drainJobs(database, { adapters })
    await answerAndApprove(a)
    sent.failing = true
    await database.db
      .update(jobs)
      .set({ maxAttempts: 3 })
      .where(and(eq(jobs.name, 'answers.deliver'), eq(jobs.state, 'queued')))
    for (let i = 0; i < 3; i++) {
      await makeJobsDue()
      await drainJobs(database, { adapters })
    }
    const [pending] = await database.db.select().from(answers).where(eq(answers.appealId, a.id))
    expect(pending.deliveredAt).toBeNull()
    const [appeal] = await database.db.select().from(appeals).where(eq(appeals.id, a.id))
    expect(appeal.status).toBe('answer_approved')

    const list = await app.inject({
      method: 'GET',
      url: '/api/dead-letters',
      headers: { cookie: a.coordinator },
    })
    expect(list.statusCode).toBe(200)
    const dead = list.json().items.find((d: { payload: { appealId: number } }) => d.payload.appealId === a.id)
    expect(dead).toMatchObject({ name: 'answers.deliver', title: 'Доставка ответа заявителю', attempts: 3 })
    expect(dead.lastError).toContain('peer is down')

    sent.failing = false
    const replay = await app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      headers: { cookie: a.coordinator },
      payload: { ids: [dead.id] },
    })
    expect(replay.json()).toEqual({ requeued: 1 })
    await drainJobs(database, { adapters })
    expect(sent.answers.filter((s) => s.appeal.id === a.id)).toHaveLength(1)
    const [delivered] = await database.db.select().from(answers).where(eq(answers.appealId, a.id))
    expect(delivered.deliveredAt).not.toBeNull()

    const again = await app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      headers: { cookie: a.coordinator },
      payload: { ids: [dead.id] },
    })
    expect(again.statusCode).toBe(404)
    expect(again.json().error.message).toMatch(/Нет таких заданий/)
  })

  it('records the tracking page as the way out when the adapter did not send, and never sends about demo appeals', async () => {
    const { sent, adapters } = recordingAdapter()
    const declining = { telegram: { code: 'telegram' as const, sendAnswer: async () => false } }
    const a = await appealInWork('telegram')
    await answerAndApprove(a)
    await drainJobs(ctx.database, { adapters: declining })
    const [row] = await ctx.database.db.select().from(answers).where(eq(answers.appealId, a.id))
    expect(row.deliveredVia).toBe('tracking_page')

    const demo = await appealInWork('telegram')
    await ctx.database.db
      .update(appeals)
      .set({ meta: { demo: true } })
      .where(eq(appeals.id, demo.id))
    await answerAndApprove(demo)
    await drainJobs(ctx.database, { adapters })
    expect(sent.statuses.filter((s) => s.appeal.id === demo.id).map((s) => s.event.type)).toEqual([
      'assigned',
    ])
    expect(sent.answers.filter((s) => s.appeal.id === demo.id)).toHaveLength(0)
  })

  it('shows dead letters to МЦУ staff only', async () => {
    const executor = await signIn(ctx.app, await makeUser(ctx.database, 'executor', { unit: 'ugkh' }))
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/dead-letters',
      headers: { cookie: executor },
    })
    expect(res.statusCode).toBe(403)
  })
})

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])

describe('attachments: the type is read from the bytes, not the name', () => {
  it('stores a real PNG and serves it to staff who may see the appeal, with nosniff', async () => {
    const { app, database } = ctx
    const a = await makeAppeal(database)
    await database.db.transaction((tx) =>
      storeAttachments(tx, a.id, [{ fileName: '../../etc/фото<1>.png', data: PNG }]),
    )
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const card = (
      await app.inject({ method: 'GET', url: `/api/appeals/${a.id}`, headers: { cookie: operator } })
    ).json()
    expect(card.attachments).toHaveLength(1)
    expect(card.attachments[0]).toMatchObject({ fileName: 'фото1.png', mime: 'image/png', size: PNG.length })
    const file = await app.inject({
      method: 'GET',
      url: card.attachments[0].url,
      headers: { cookie: operator },
    })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('image/png')
    expect(file.headers['x-content-type-options']).toBe('nosniff')
    expect(file.rawPayload.equals(PNG)).toBe(true)

    const outsider = await signIn(app, await makeUser(database, 'executor', { unit: 'utdh' }))
    const hidden = await app.inject({
      method: 'GET',
      url: card.attachments[0].url,
      headers: { cookie: outsider },
    })
    expect(hidden.statusCode).toBe(404)
  })

  it('refuses an EXE named .png, too many files and oversize files, storing nothing', async () => {
    const a = await makeAppeal(ctx.database)
    const store = (files: { fileName: string; data: Buffer }[]) =>
      ctx.database.db.transaction((tx) => storeAttachments(tx, a.id, files))
    await expect(
      store([
        { fileName: 'ok.png', data: PNG },
        { fileName: 'photo.png', data: EXE },
      ]),
    ).rejects.toThrow(/«photo\.png» не является фотографией/)
    await expect(
      store(Array.from({ length: 6 }, (_, i) => ({ fileName: `${i}.png`, data: PNG }))),
    ).rejects.toThrow(/не больше 5 файлов/)
    await expect(
      store([{ fileName: 'big.png', data: Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]) }]),
    ).rejects.toThrow(/больше 10 МБ/)
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const card = (
      await ctx.app.inject({ method: 'GET', url: `/api/appeals/${a.id}`, headers: { cookie: operator } })
    ).json()
    expect(card.attachments).toEqual([])
  })
})
