import { asc, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import type { ChannelAdapter, OutboundStatus } from '../server/modules/channels/channel'
import { parseRedirectRules, redirectRules } from '../server/modules/routing/redirect.rules'
import { redirectWindow } from '../server/modules/routing/redirect.service'
import { drainJobs, makeAppeal, makeUser, setupTestApp, signIn, uniq, unitId } from './helpers'

const ctx = setupTestApp()

const post = (cookie: string, url: string, payload: object = {}) =>
  ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload })
const get = (cookie: string, url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie } })

const eventsOf = (id: number) =>
  ctx.database.db
    .select()
    .from(appealEvents)
    .where(eq(appealEvents.appealId, id))
    .orderBy(asc(appealEvents.id))

/** What a refused request must not change: the status and the history. */
async function state(ids: number[]) {
  const rows = await ctx.database.db
    .select({ id: appeals.id, status: appeals.status })
    .from(appeals)
    .where(inArray(appeals.id, ids))
    .orderBy(asc(appeals.id))
  const events = await ctx.database.db
    .select({ id: appealEvents.id })
    .from(appealEvents)
    .where(inArray(appealEvents.appealId, ids))
  return { rows, events: events.length }
}

const REASON = 'Вопрос о работе управляющей компании — надзор ведёт жилищная инспекция области'

describe('redirect to another body (59-ФЗ ст. 8)', () => {
  it('redirects a 59-ФЗ appeal to ГЖИ: status «Направлено по компетенции», the citizen sees the notice', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const appeal = await makeAppeal(ctx.database)
    const gzhi = await unitId(ctx.database, 'gzhi')

    const options = await get(operator, `/api/appeals/${appeal.id}/redirect`)
    expect(options.statusCode, options.body).toBe(200)
    const o = options.json()
    expect(o.window.late).toBe(false)
    expect(o.window.source).toMatch(/59-ФЗ ст\. 8/)
    expect(o.bodies.map((b: { id: number }) => b.id)).toContain(gzhi)
    expect(o.bodies.map((b: { id: number }) => b.id)).not.toContain(await unitId(ctx.database, 'ugkh'))

    const res = await post(operator, `/api/appeals/${appeal.id}/redirect`, {
      mode: 'redirect',
      bodyIds: [gzhi],
      reason: REASON,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().status.code).toBe('redirected')
    const event = (await eventsOf(appeal.id)).find((e) => e.type === 'redirected')
    expect(event?.public).toBe(true)
    expect(event?.note).toBe(REASON)
    const data = event?.data as { notice: string; bodies: { id: number }[]; late: boolean }
    expect(data.bodies.map((b) => b.id)).toEqual([gzhi])
    expect(data.late).toBe(false)
    expect(data.notice).toContain(appeal.regNumber)
    expect(data.notice).toMatch(/частью 3 статьи 8/)
    expect(data.notice).toMatch(/жилищн/i)

    const track = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/appeals/${encodeURIComponent(appeal.regNumber)}?code=${appeal.trackingCode}`,
    })
    expect(track.statusCode, track.body).toBe(200)
    const item = track.json().history.find((h: { title: string }) => h.title === 'Направлено по компетенции')
    expect(item.notice).toBe(data.notice)
    // We will not answer it: no answer date is promised.
    expect(track.json().dueAt).toBeNull()
    // The internal reason never reaches the public page.
    expect(track.body).not.toContain(REASON)
  })

  it('sends copies to two bodies while the appeal stays with us; a repeat to the same body is refused', async () => {
    const coordinator = await signIn(ctx.app, await makeUser(ctx.database, 'coordinator'))
    const appeal = await makeAppeal(ctx.database)
    const [gzhi, rpn, sfr] = [
      await unitId(ctx.database, 'gzhi'),
      await unitId(ctx.database, 'rospotrebnadzor'),
      await unitId(ctx.database, 'sfr'),
    ]
    const copy = await post(coordinator, `/api/appeals/${appeal.id}/redirect`, {
      mode: 'copy',
      bodyIds: [gzhi, rpn],
      reason: 'Часть вопросов — о качестве воды и о работе УК, остальное — благоустройство двора',
    })
    expect(copy.statusCode, copy.body).toBe(200)
    expect(copy.json().status.code).toBe('registered')
    const ev = (await eventsOf(appeal.id)).find((e) => e.type === 'copy_redirected')
    const copied = ev?.data as { notice: string; bodies: unknown[] } | undefined
    expect(copied?.notice).toMatch(/частью 4 статьи 8/)
    expect(copied?.bodies).toHaveLength(2)

    const before = await state([appeal.id])
    const again = await post(coordinator, `/api/appeals/${appeal.id}/redirect`, {
      mode: 'copy',
      bodyIds: [rpn],
      reason: 'Повторно о качестве воды в доме и в подъезде',
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.message).toMatch(/уже направлено/)
    expect(await state([appeal.id])).toEqual(before)

    const options = (await get(coordinator, `/api/appeals/${appeal.id}/redirect`)).json()
    expect(options.bodies.find((b: { id: number }) => b.id === gzhi).sentAt).not.toBeNull()
    expect(options.bodies.find((b: { id: number }) => b.id === sfr).sentAt).toBeNull()

    const rest = await post(coordinator, `/api/appeals/${appeal.id}/redirect`, {
      mode: 'redirect',
      bodyIds: [sfr],
      reason: 'Оставшийся вопрос — о пенсии, это компетенция Социального фонда',
    })
    expect(rest.statusCode, rest.body).toBe(200)
    expect(rest.json().status.code).toBe('redirected')
  })

  it('refuses a city unit, the body a complaint is about, a late redirect without a reason, bad input and a wrong role — changing nothing', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const executor = await signIn(ctx.app, await makeUser(ctx.database, 'executor', { unit: 'ugkh' }))
    const appeal = await makeAppeal(ctx.database)
    const member = await makeAppeal(ctx.database)
    const old = await makeAppeal(ctx.database)
    await ctx.database.db
      .update(appeals)
      .set({ registeredAt: new Date(Date.now() - 10 * 86_400_000) })
      .where(eq(appeals.id, old.id))
    await ctx.database.db.update(appeals).set({ duplicateOf: appeal.id }).where(eq(appeals.id, member.id))
    const gzhi = await unitId(ctx.database, 'gzhi')
    const ugkh = await unitId(ctx.database, 'ugkh')
    const ids = [appeal.id, member.id, old.id]
    const before = await state(ids)
    const ok = { mode: 'redirect', bodyIds: [gzhi], reason: REASON }

    const refusals: [string, string, number, object, number, RegExp][] = [
      ['a city unit', operator, appeal.id, { ...ok, bodyIds: [ugkh] }, 400, /подразделение города/],
      ['the accused body', operator, appeal.id, { ...ok, complaintAgainstIds: [gzhi] }, 400, /обжалуется/],
      ['late, no reason', operator, old.id, ok, 400, /Срок переадресации истёк/],
      ['an incident member', operator, member.id, ok, 409, /инцидент/],
      ['no bodies', operator, appeal.id, { ...ok, bodyIds: [] }, 400, /хотя бы один/],
      ['unknown body', operator, appeal.id, { ...ok, bodyIds: [999_999] }, 400, /не найден/],
      ['short reason', operator, appeal.id, { ...ok, reason: 'не наше' }, 400, /короткая/],
      ['bad mode', operator, appeal.id, { ...ok, mode: 'forward' }, 400, /redirect|copy/],
      ['unknown field', operator, appeal.id, { ...ok, extra: 1 }, 400, /[а-я]/],
      ['unknown appeal', operator, 999_999_999, ok, 404, /не найдено/],
      ['an executor', executor, appeal.id, ok, 403, /[а-я]/],
    ]
    for (const [name, cookie, id, body, status, message] of refusals) {
      const res = await post(cookie, `/api/appeals/${id}/redirect`, body)
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status)
      expect(res.json().error.message, name).toMatch(message)
    }
    expect(await state(ids)).toEqual(before)

    const late = await post(operator, `/api/appeals/${old.id}/redirect`, {
      ...ok,
      lateReason: 'Обращение поступило в МЦУ из другого подразделения с опозданием',
    })
    expect(late.statusCode, late.body).toBe(200)
    const data = (await eventsOf(old.id)).find((e) => e.type === 'redirected')?.data as { late: boolean }
    expect(data.late).toBe(true)
  })

  it('hands the notice to the channel adapter with the status notice', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const appeal = await makeAppeal(ctx.database, {
      channel: 'vk',
      regime: 'message',
      externalId: uniq('vk'),
      applicants: [{ fullName: null, handle: `@${uniq('vk')}` }],
    })
    const sent: OutboundStatus[] = []
    const vk: ChannelAdapter = {
      code: 'vk',
      async sendStatus(_ctx, msg) {
        if (msg.appeal.id === appeal.id) sent.push(msg)
      },
      async sendAnswer() {},
    }
    const res = await post(operator, `/api/appeals/${appeal.id}/redirect`, {
      mode: 'redirect',
      bodyIds: [await unitId(ctx.database, 'gazprom')],
      reason: 'Утечка на газопроводе — газораспределительная организация',
    })
    expect(res.statusCode, res.body).toBe(200)
    await drainJobs(ctx.database, { adapters: { vk } })
    const notice = sent.find((m) => m.event.type === 'redirected')?.event.notice
    expect(notice).toContain(appeal.regNumber)
    expect(notice).toMatch(/Газпром/)
  })
})

describe('redirect rules as data', () => {
  it('the shipped file is valid and 59-ФЗ has 7 calendar days', () => {
    expect(redirectRules().deadlines.fz59.calendarDays).toBe(7)
  })

  it('the term ends at the end of the 7th calendar day after registration, Moscow time', () => {
    const registeredAt = new Date('2026-12-28T10:00:00+03:00')
    const w = redirectWindow({ regime: 'fz59', registeredAt }, new Date('2027-01-04T23:00:00+03:00'))
    expect(w.due?.toISOString()).toBe(new Date('2027-01-04T23:59:59.999+03:00').toISOString())
    expect(w.late).toBe(false)
    expect(redirectWindow({ regime: 'fz59', registeredAt }, new Date('2027-01-05T00:00:01+03:00')).late).toBe(
      true,
    )
    expect(redirectWindow({ regime: 'incident', registeredAt }, new Date()).due).toBeNull()
  })

  it('a broken file is refused with the field named', () => {
    const good = redirectRules()
    expect(() =>
      parseRedirectRules({ ...good, deadlines: { fz59: { calendarDays: 0, source: 'x' } } }),
    ).toThrow(/deadlines\.fz59\.calendarDays/)
    expect(() =>
      parseRedirectRules({ ...good, notices: { ...good.notices, copy: 'Обращение {nomer}' } }),
    ).toThrow(/неизвестная подстановка \{nomer\}/)
  })
})
