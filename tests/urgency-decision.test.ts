import { asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import { confirmedHistory } from '../server/modules/understanding/training.service'
import { understandPending } from '../server/modules/understanding/understanding.service'
import { understandingCorrections } from '../server/modules/understanding/understanding.tables'
import { appealsSnapshot, makeAppeal, makeUser, setupTestApp, signIn, testEnv, uniq, unitId } from './helpers'

const ctx = setupTestApp()

const post = (cookie: string, id: number, payload: unknown) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/appeals/${id}/urgency`,
    headers: { cookie },
    payload: payload as object,
  })
const card = async (cookie: string, id: number) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/appeals/${id}`, headers: { cookie } })).json()

/** What a refused request must not change (tests/helpers.ts). */
const state = (ids: number[]) => appealsSnapshot(ctx.database, ids)

describe('urgency: a person confirms or corrects the flag', () => {
  it('clears a flag Вече raised; the history says who and why; the correction teaches `veche train`', async () => {
    const a = await makeAppeal(ctx.database, {
      text: `Прорвало трубу отопления, кипяток заливает подвал, пар валит в подъезд (${uniq()})`,
    })
    await understandPending(ctx.database.db, testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1' }), { ids: [a.id] })
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const before = await card(operator, a.id)
    expect(before.urgent).toBe(true)
    expect(before.actions).toContain('urgency')

    const res = await post(operator, a.id, {
      urgent: false,
      comment: '  Аварийная бригада уже на месте, вода перекрыта  ',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().urgent).toBe(false)
    const events = await ctx.database.db
      .select()
      .from(appealEvents)
      .where(eq(appealEvents.appealId, a.id))
      .orderBy(asc(appealEvents.id))
    expect(events.at(-1)).toMatchObject({
      type: 'urgency_cleared',
      actorKind: 'user',
      note: 'Аварийная бригада уже на месте, вода перекрыта',
      public: false,
    })
    expect(res.json().events.at(-1).title).toBe('Срочность снята')
    const fixes = await ctx.database.db
      .select()
      .from(understandingCorrections)
      .where(eq(understandingCorrections.appealId, a.id))
    expect(fixes).toEqual([
      expect.objectContaining({ field: 'urgent', predicted: 'true', corrected: 'false' }),
    ])
    const history = await confirmedHistory(ctx.database.db)
    expect(history.find((h) => h.id === String(a.id))).toMatchObject({
      urgent: false,
      sector: null,
      topic: null,
    })

    // And back: raising it again agrees with what Вече said, so no new correction.
    const again = await post(operator, a.id, { urgent: true })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().urgent).toBe(true)
    expect((await state([a.id])).fixes).toBe(1)
  })

  it('raises the flag on an appeal nobody flagged; with no understanding there is nothing to correct', async () => {
    const a = await makeAppeal(ctx.database, {
      text: `Во дворе странный запах, дети жалуются на головную боль (${uniq()})`,
    })
    const coordinator = await signIn(ctx.app, await makeUser(ctx.database, 'coordinator'))
    const res = await post(coordinator, a.id, { urgent: true, comment: null })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().urgent).toBe(true)
    const [event] = await ctx.database.db
      .select()
      .from(appealEvents)
      .where(eq(appealEvents.appealId, a.id))
      .orderBy(asc(appealEvents.id))
      .offset(1)
    expect(event).toMatchObject({ type: 'urgency_set', note: null })
    expect((await state([a.id])).fixes).toBe(0)
    // The queue lifts it: open urgent appeals come first.
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/appeals?urgent=true',
      headers: { cookie: coordinator },
    })
    expect(list.json().items.map((i: { id: number }) => i.id)).toContain(a.id)
  })

  it('a flag the model raised alone reads «срочно?» until a person confirms it; the confirmation teaches too', async () => {
    // A calm text no rule flags; the bar at 0 lets the model flag it alone (the setting is what is tested here).
    const text = `Прошу покрасить скамейки у подъезда, краска облезла (${uniq()})`
    const flagged = await makeAppeal(ctx.database, { text })
    const quiet = await makeAppeal(ctx.database, { text })
    await understandPending(
      ctx.database.db,
      testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1', VECHE_URGENT_MODEL_CONFIDENCE: '0' }),
      { ids: [flagged.id] },
    )
    // At 1 the model never flags alone: the same text stays calm.
    await understandPending(
      ctx.database.db,
      testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1', VECHE_URGENT_MODEL_CONFIDENCE: '1' }),
      { ids: [quiet.id] },
    )
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const listed = async (id: number) =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: '/api/appeals?urgent=true',
          headers: { cookie: operator },
        })
      )
        .json()
        .items.find((i: { id: number }) => i.id === id)
    expect(await listed(flagged.id)).toMatchObject({ urgent: true, urgentToCheck: true })
    expect(await listed(quiet.id)).toBeUndefined()
    const before = await card(operator, flagged.id)
    expect(before).toMatchObject({ urgent: true, urgentToCheck: true })
    expect(before.understanding).toMatchObject({ urgent: true, urgencyBy: 'model' })
    expect(before.events.at(-1).note).toMatch(/срочное \(по модели — проверьте\)/)

    const res = await post(operator, flagged.id, { urgent: true })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ urgent: true, urgentToCheck: false })
    expect(res.json().events.at(-1).title).toBe('Срочность подтверждена')
    expect(await listed(flagged.id)).toMatchObject({ urgent: true, urgentToCheck: false })
    // It agrees with what Вече said: no correction, but a decision `veche train` learns from.
    expect((await state([flagged.id])).fixes).toBe(0)
    const history = await confirmedHistory(ctx.database.db)
    expect(history.find((h) => h.id === String(flagged.id))).toMatchObject({ urgent: true })
    // Confirmed once is confirmed: a second time is refused and changes nothing.
    const settled = await state([flagged.id])
    const again = await post(operator, flagged.id, { urgent: true })
    expect(again.statusCode, again.body).toBe(409)
    expect(again.json().error.message).toMatch(/уже отмечено срочным/)
    expect(await state([flagged.id])).toEqual(settled)
  })

  it('clearing a model flag removes the «срочно?» mark with it', async () => {
    const a = await makeAppeal(ctx.database, { text: `Нужна новая урна у остановки (${uniq()})` })
    await understandPending(
      ctx.database.db,
      testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1', VECHE_URGENT_MODEL_CONFIDENCE: '0' }),
      { ids: [a.id] },
    )
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    expect(await card(operator, a.id)).toMatchObject({ urgent: true, urgentToCheck: true })
    const res = await post(operator, a.id, { urgent: false })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ urgent: false, urgentToCheck: false })
    const [appeal] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, a.id))
    expect(appeal.meta).not.toHaveProperty('urgentByModel')
    expect((await state([a.id])).fixes).toBe(1)
  })

  it('an urgent appeal is on top of the deadline board and the review list too, marked «срочно?» when unconfirmed', async () => {
    const db = ctx.database.db
    const now = Date.now()
    const HOUR = 3_600_000
    // Its own unit for the board and the oldest arrival for the review list: on a shared PostgreSQL database
    // other tests' appeals are there too, and the pages must hold both of ours.
    const unit = await unitId(ctx.database, 'rospotrebnadzor')
    const make = async (o: { status: string; urgent: boolean; receivedAt: Date; dueAt: Date }) => {
      const a = await makeAppeal(ctx.database, { channel: 'vk', regime: 'incident' })
      await db
        .update(appeals)
        .set({
          status: o.status,
          urgent: o.urgent,
          receivedAt: o.receivedAt,
          dueAt: o.dueAt,
          sectorCode: 'housing',
          unitId: unit,
          meta: o.urgent ? { urgentByModel: true } : {},
        })
        .where(eq(appeals.id, a.id))
      return a.id
    }
    // The calm ones are older and overdue: by date alone they would come first.
    const calmWork = await make({
      status: 'in_work',
      urgent: false,
      receivedAt: new Date(now - 48 * HOUR),
      dueAt: new Date(now - 2 * HOUR),
    })
    const urgentWork = await make({
      status: 'in_work',
      urgent: true,
      receivedAt: new Date(now - HOUR),
      dueAt: new Date(now + HOUR),
    })
    const calmReview = await make({
      status: 'moderation',
      urgent: false,
      receivedAt: new Date(now - 20 * 365 * 24 * HOUR),
      dueAt: new Date(now + 24 * HOUR),
    })
    const urgentReview = await make({
      status: 'moderation',
      urgent: true,
      receivedAt: new Date(now - HOUR),
      dueAt: new Date(now + 24 * HOUR),
    })
    const coordinator = await signIn(ctx.app, await makeUser(ctx.database, 'coordinator'))
    const get = async (url: string) => {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: coordinator } })
      expect(res.statusCode, res.body).toBe(200)
      return res.json().items as { id: number; urgent: boolean; urgentToCheck: boolean }[]
    }
    const board = await get(`/api/control?limit=500&unitId=${unit}`)
    const at = (items: { id: number }[], id: number) => items.findIndex((i) => i.id === id)
    expect(at(board, urgentWork)).toBeGreaterThanOrEqual(0)
    expect(at(board, urgentWork)).toBeLessThan(at(board, calmWork))
    expect(board[at(board, urgentWork)]).toMatchObject({ urgent: true, urgentToCheck: true })
    const review = await get('/api/review?limit=200')
    expect(at(review, urgentReview)).toBeGreaterThanOrEqual(0)
    expect(at(review, urgentReview)).toBeLessThan(at(review, calmReview))
    expect(review[at(review, urgentReview)]).toMatchObject({ urgent: true, urgentToCheck: true })
    expect(review[at(review, calmReview)]).toMatchObject({ urgent: false, urgentToCheck: false })
  })

  it('refuses the same value, a finished appeal, bad input and other roles in Russian, changing nothing', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const calm = await makeAppeal(ctx.database)
    const closed = await makeAppeal(ctx.database, { urgent: true })
    await ctx.database.db.update(appeals).set({ status: 'closed' }).where(eq(appeals.id, closed.id))
    const ids = [calm.id, closed.id]
    const before = await state(ids)
    const refusals: [string, number, unknown, number, RegExp][] = [
      ['already calm', calm.id, { urgent: false }, 409, /и так не отмечено срочным/],
      ['finished', closed.id, { urgent: false }, 409, /завершено/],
      ['no flag', calm.id, {}, 400, /[а-я]/],
      ['a word for the flag', calm.id, { urgent: 'да' }, 400, /[а-я]/],
      ['an unknown field', calm.id, { urgent: true, why: 'x' }, 400, /[а-я]/],
      ['a novel for a comment', calm.id, { urgent: true, comment: 'я'.repeat(1001) }, 400, /1000/],
      ['no such appeal', 999_999_999, { urgent: true }, 404, /не найдено/],
    ]
    for (const [name, id, body, status, message] of refusals) {
      const res = await post(operator, id, body)
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status)
      expect(res.json().error.message, name).toMatch(message)
    }
    expect((await card(operator, closed.id)).actions).not.toContain('urgency')
    // The head of the city sees the registry but does not sort it.
    const head = await signIn(ctx.app, await makeUser(ctx.database, 'head'))
    expect((await card(head, calm.id)).actions).not.toContain('urgency')
    const forbidden = await post(head, calm.id, { urgent: true })
    expect(forbidden.statusCode, forbidden.body).toBe(403)
    expect(await state(ids)).toEqual(before)
  })
})
