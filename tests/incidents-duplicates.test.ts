import crypto from 'node:crypto'
import { asc, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { answers } from '../server/modules/answers/answers.tables'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import type { ChannelAdapter, OutboundAnswer } from '../server/modules/channels/channel'
import { understandPending } from '../server/modules/understanding/understanding.service'
import {
  appealsSnapshot,
  drainJobs,
  makeAppeal,
  makeUser,
  setupTestApp,
  signIn,
  testEnv,
  uniq,
  unitId,
} from './helpers'

const ctx = setupTestApp()

/** A VK adapter that records the answers it is asked to send (the outside world is faked, not our code). */
function recordingVk() {
  const sent: OutboundAnswer[] = []
  const adapter: ChannelAdapter = {
    code: 'vk',
    async sendAnswer(_ctx, msg) {
      sent.push(msg)
    },
    async sendStatus() {},
  }
  return { sent, adapters: { vk: adapter } }
}

const phoneAppeal = (text = `Во дворе не работает освещение (${uniq()})`) =>
  makeAppeal(ctx.database, { text })
const vkAppeal = () =>
  makeAppeal(ctx.database, {
    channel: 'vk',
    regime: 'message',
    externalId: uniq('vk'),
    text: `Темно во дворе, фонари не горят (${uniq()})`,
    applicants: [{ fullName: null, handle: `@${uniq('vk')}` }],
  })

const post = (cookie: string, url: string, payload: object = {}) =>
  ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload })
const card = async (cookie: string, id: number) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/appeals/${id}`, headers: { cookie } })).json()

/** What a refused request must not change (tests/helpers.ts). */
const state = (ids: number[]) => appealsSnapshot(ctx.database, ids)

const eventsOf = (id: number) =>
  ctx.database.db
    .select()
    .from(appealEvents)
    .where(eq(appealEvents.appealId, id))
    .orderBy(asc(appealEvents.id))

describe('incidents: the operator confirms a duplicate or splits it off', () => {
  it('merges a VK appeal into a phone appeal; both cards show the incident; a member target means its main', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const main = await phoneAppeal()
    const member = await vkAppeal()
    const res = await post(operator, `/api/appeals/${member.id}/merge`, { intoId: main.id })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().incident).toEqual({ main: { id: main.id, regNumber: main.regNumber }, members: [] })
    expect(res.json().actions).toContain('split')

    const mainCard = await card(operator, main.id)
    expect(mainCard.incident).toEqual({
      main: null,
      members: [
        { id: member.id, regNumber: member.regNumber, channel: { code: 'vk', name: expect.any(String) } },
      ],
    })
    expect(mainCard.actions).not.toContain('split')
    // The queue marks the member «в инциденте» (its answer comes from the main), not the main.
    const listed = async (regNumber: string) =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/appeals?q=${encodeURIComponent(regNumber)}`,
          headers: { cookie: operator },
        })
      )
        .json()
        .items.find((i: { regNumber: string }) => i.regNumber === regNumber)
    expect((await listed(member.regNumber)).incidentMainId).toBe(main.id)
    expect((await listed(main.regNumber)).incidentMainId).toBeNull()

    const memberEvents = await eventsOf(member.id)
    const merged = memberEvents.find((e) => e.type === 'merged')
    expect(merged).toMatchObject({ public: false, note: `Объединено с обращением №${main.regNumber}` })
    const added = (await eventsOf(main.id)).find((e) => e.type === 'duplicate_added')
    expect(added?.public).toBe(false)
    expect(added?.note).toContain(member.regNumber)

    // A third report joins through the member: it points to the main, never to the member (no chains).
    const third = await phoneAppeal()
    const viaMember = await post(operator, `/api/appeals/${third.id}/merge`, { intoId: member.id })
    expect(viaMember.statusCode, viaMember.body).toBe(200)
    expect(viaMember.json().incident.main.id).toBe(main.id)
    expect((await card(operator, main.id)).incident.members.map((m: { id: number }) => m.id)).toEqual([
      member.id,
      third.id,
    ])
  })

  it('moves a main’s members along when the main itself joins another incident', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const [a, b, c] = [await phoneAppeal(), await phoneAppeal(), await vkAppeal()]
    expect((await post(operator, `/api/appeals/${c.id}/merge`, { intoId: b.id })).statusCode).toBe(200)
    expect((await post(operator, `/api/appeals/${b.id}/merge`, { intoId: a.id })).statusCode).toBe(200)
    const rows = await ctx.database.db
      .select({ id: appeals.id, duplicateOf: appeals.duplicateOf })
      .from(appeals)
      .where(inArray(appeals.id, [a.id, b.id, c.id]))
      .orderBy(asc(appeals.id))
    expect(rows).toEqual([
      { id: a.id, duplicateOf: null },
      { id: b.id, duplicateOf: a.id },
      { id: c.id, duplicateOf: a.id },
    ])
  })

  it('refuses self, the same incident, a finished target, an answered appeal and a wrong role — changing nothing', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const a = await phoneAppeal()
    const b = await vkAppeal()
    const closed = await phoneAppeal()
    const answered = await phoneAppeal()
    await ctx.database.db.update(appeals).set({ status: 'closed' }).where(eq(appeals.id, closed.id))
    await ctx.database.db.update(appeals).set({ status: 'answered' }).where(eq(appeals.id, answered.id))
    expect((await post(operator, `/api/appeals/${b.id}/merge`, { intoId: a.id })).statusCode).toBe(200)
    const ids = [a.id, b.id, closed.id, answered.id]
    const before = await state(ids)

    const refusals: [string, number, object, number, RegExp][] = [
      ['self', a.id, { intoId: a.id }, 409, /самим собой/],
      ['already in the incident', b.id, { intoId: a.id }, 409, /уже входит/],
      ['the main into its own member', a.id, { intoId: b.id }, 409, /уже входит/],
      ['closed target', a.id, { intoId: closed.id }, 409, /Закрыто/],
      ['answered appeal', answered.id, { intoId: a.id }, 409, /уже дан ответ/],
      ['unknown target', a.id, { intoId: 999_999_999 }, 404, /не найдено/],
      ['no target', a.id, {}, 400, /[а-я]/],
      ['a string target', a.id, { intoId: 'первое' }, 400, /[а-я]/],
    ]
    for (const [name, id, body, status, message] of refusals) {
      const res = await post(operator, `/api/appeals/${id}/merge`, body)
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status)
      expect(res.json().error.code, name).toMatch(/^[A-Z_]+$/)
      expect(res.json().error.message, name).toMatch(message)
    }
    // The head of the city sees everything but does not sort appeals.
    const head = await signIn(ctx.app, await makeUser(ctx.database, 'head'))
    const forbidden = await post(head, `/api/appeals/${closed.id}/merge`, { intoId: a.id })
    expect(forbidden.statusCode, forbidden.body).toBe(403)
    expect(await state(ids)).toEqual(before)
  })

  it('another unit’s appeal reads as 404 (merge, split, the incident on the card), and nothing changes', async () => {
    const db = ctx.database.db
    const ugkh = await unitId(ctx.database, 'ugkh')
    const utdh = await unitId(ctx.database, 'utdh')
    const mine = await phoneAppeal()
    const mine2 = await phoneAppeal()
    const theirs = await vkAppeal()
    await db
      .update(appeals)
      .set({ unitId: ugkh })
      .where(inArray(appeals.id, [mine.id, mine2.id]))
    await db.update(appeals).set({ unitId: utdh }).where(eq(appeals.id, theirs.id))
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    expect((await post(operator, `/api/appeals/${theirs.id}/merge`, { intoId: mine.id })).statusCode).toBe(
      200,
    )
    expect((await post(operator, `/api/appeals/${mine2.id}/merge`, { intoId: mine.id })).statusCode).toBe(200)

    const head = await signIn(ctx.app, await makeUser(ctx.database, 'unit_head', { unit: 'ugkh' }))
    const ids = [mine.id, mine2.id, theirs.id]
    const before = await state(ids)
    for (const [url, body] of [
      [`/api/appeals/${mine2.id}/merge`, { intoId: theirs.id }],
      [`/api/appeals/${theirs.id}/merge`, { intoId: mine2.id }],
      [`/api/appeals/${theirs.id}/split`, {}],
    ] as const) {
      const res = await post(head, url, body)
      expect(res.statusCode, `${url}: ${res.body}`).toBe(404)
      expect(res.json().error.code).toBe('NOT_FOUND')
    }
    // The unit head sees the incident only as far as the unit's appeals go.
    const seen = await card(head, mine.id)
    expect(seen.incident.members.map((m: { id: number }) => m.id)).toEqual([mine2.id])
    expect(seen.actions).not.toContain('merge')
    expect(await state(ids)).toEqual(before)
  })

  it('splits a member off with history on both appeals; splitting a non-member is refused', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'coordinator'))
    const main = await phoneAppeal()
    const member = await vkAppeal()
    expect((await post(operator, `/api/appeals/${member.id}/merge`, { intoId: main.id })).statusCode).toBe(
      200,
    )
    const res = await post(operator, `/api/appeals/${member.id}/split`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().incident).toEqual({ main: null, members: [] })
    expect((await card(operator, main.id)).incident.members).toEqual([])
    expect((await eventsOf(member.id)).map((e) => e.type)).toContain('split')
    expect((await eventsOf(main.id)).find((e) => e.type === 'duplicate_removed')?.note).toContain(
      member.regNumber,
    )
    const before = await state([main.id, member.id])
    const again = await post(operator, `/api/appeals/${member.id}/split`)
    expect(again.statusCode).toBe(409)
    expect(again.json().error.message).toMatch(/не входит/)
    expect(await state([main.id, member.id])).toEqual(before)
  })
})

describe('the incident’s answer reaches every applicant through their own channel', () => {
  it('delivers the main’s answer to the VK member through VK; the member becomes «answered»', async () => {
    const { app, database } = ctx
    const { sent, adapters } = recordingVk()
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    const main = await phoneAppeal()
    const member = await vkAppeal()
    const late = await vkAppeal()
    const demo = await vkAppeal()
    await database.db
      .update(appeals)
      .set({ meta: { demo: true } })
      .where(eq(appeals.id, demo.id))
    for (const m of [member, demo]) {
      expect((await post(coordinator, `/api/appeals/${m.id}/merge`, { intoId: main.id })).statusCode).toBe(
        200,
      )
    }
    const assign = await post(coordinator, `/api/appeals/${main.id}/assign`, {
      sectorCode: 'housing',
      unitId: await unitId(database, 'ugkh'),
    })
    expect(assign.statusCode, assign.body).toBe(200)
    const text = `Освещение во дворе восстановлено, заменены лампы (${uniq()}).`
    expect((await post(executor, `/api/appeals/${main.id}/answer`, { text })).statusCode).toBe(200)
    expect((await post(coordinator, `/api/appeals/${main.id}/approve`)).statusCode).toBe(200)
    await drainJobs(database, { adapters })
    await drainJobs(database, { adapters }) // nothing goes out twice

    const toMember = sent.filter((s) => s.appeal.id === member.id)
    expect(toMember).toHaveLength(1)
    expect(toMember[0].answer.text).toBe(text)
    expect(toMember[0].appeal.channel).toBe('vk')
    const [memberRow] = await database.db.select().from(appeals).where(eq(appeals.id, member.id))
    expect(memberRow.status).toBe('answered')
    expect(memberRow.answeredAt).not.toBeNull()
    const delivered = (await eventsOf(member.id)).find((e) => e.type === 'delivered')
    expect(delivered).toMatchObject({ actorKind: 'system', toStatus: 'answered' })
    expect(delivered?.note).toContain(`инцидент`)
    expect(delivered?.note).toContain(main.regNumber)
    const [copy] = await database.db.select().from(answers).where(eq(answers.appealId, member.id))
    const [original] = await database.db.select().from(answers).where(eq(answers.appealId, main.id))
    expect(copy).toMatchObject({
      text,
      status: 'approved',
      decidedBy: original.decidedBy,
      deliveredVia: 'vk',
    })
    const [mainRow] = await database.db.select().from(appeals).where(eq(appeals.id, main.id))
    expect(mainRow.status).toBe('answered')
    // A demo appeal came from no real sender: answered on the tracking page only, nothing goes out.
    expect(sent.filter((s) => s.appeal.id === demo.id)).toHaveLength(0)
    const [demoRow] = await database.db.select().from(appeals).where(eq(appeals.id, demo.id))
    expect(demoRow.status).toBe('answered')
    const [demoCopy] = await database.db.select().from(answers).where(eq(answers.appealId, demo.id))
    expect(demoCopy.deliveredVia).toBe('tracking_page')

    // A report joining the incident after it was answered gets the same answer at once.
    expect((await post(coordinator, `/api/appeals/${late.id}/merge`, { intoId: main.id })).statusCode).toBe(
      200,
    )
    await drainJobs(database, { adapters })
    expect(sent.filter((s) => s.appeal.id === late.id).map((s) => s.answer.text)).toEqual([text])
    const [lateRow] = await database.db.select().from(appeals).where(eq(appeals.id, late.id))
    expect(lateRow.status).toBe('answered')
  })
})

describe('repeat appeals («повторное»)', () => {
  const phone = () => `+7 9${crypto.randomInt(10 ** 8, 10 ** 9 - 1)}`
  const env = testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1' })
  const applicant = (p: string) => [
    { fullName: 'Петров Пётр', phone: p, email: null, postalAddress: null, handle: null },
  ]

  it('marks an appeal from the same phone after an answered one about the same problem', async () => {
    const p = phone()
    const first = await makeAppeal(ctx.database, {
      text: `Во дворе дома не горят фонари, вечером темно, ул. Николаева, д. 5 (${uniq()})`,
      applicants: applicant(p),
    })
    await understandPending(ctx.database.db, env, { ids: [first.id] })
    await ctx.database.db.update(appeals).set({ status: 'answered' }).where(eq(appeals.id, first.id))

    const again = await makeAppeal(ctx.database, {
      text: `Опять во дворе дома не горят фонари, темно, ул. Николаева, д. 5 (${uniq()})`,
      applicants: applicant(p.replace('+7 ', '8')),
    })
    const stranger = await makeAppeal(ctx.database, {
      text: `Опять во дворе дома не горят фонари, темно, ул. Николаева, д. 5 (${uniq()})`,
      applicants: applicant(phone()),
    })
    await understandPending(ctx.database.db, env, { ids: [again.id, stranger.id] })
    const [row] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, again.id))
    expect(row.meta.repeatOf).toEqual({ id: first.id, regNumber: first.regNumber })
    const [other] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, stranger.id))
    expect(other.meta.repeatOf).toBeUndefined()
    const understood = (await eventsOf(again.id)).find((e) => e.type === 'understood')
    expect(understood?.note).toContain(`Повторное`)
    expect(understood?.note).toContain(first.regNumber)

    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    expect((await card(operator, again.id)).repeatOf).toEqual({ id: first.id, regNumber: first.regNumber })
    expect((await card(operator, stranger.id)).repeatOf).toBeNull()
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/appeals?q=${encodeURIComponent(again.regNumber)}`,
      headers: { cookie: operator },
    })
    expect(list.json().items[0]).toMatchObject({ id: again.id, repeatOf: { id: first.id } })
  })
})
