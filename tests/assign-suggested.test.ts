import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import { understandPending } from '../server/modules/understanding/understanding.service'
import { understandingCorrections } from '../server/modules/understanding/understanding.tables'
import { appealsSnapshot, makeAppeal, makeUser, setupTestApp, signIn, testEnv, uniq } from './helpers'

const ctx = setupTestApp()

const send = (cookie: string, payload: unknown) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/appeals/assign-suggested',
    headers: { cookie },
    payload: payload as object,
  })

type Item = {
  id: number
  sector: { code: string } | null
  suggestion: {
    sector: { code: string; name: string }
    topic: { code: string } | null
    confidence: number | null
    unit: { id: number; shortName: string } | null
    sendable: boolean
    why: string | null
  } | null
}

/** The queue's rows for `ids`, as `cookie` sees them (searched by the appeals' own tag: the shared test database
 * holds other files' appeals too). */
async function rows(cookie: string, ids: number[], tag: string): Promise<Item[]> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/appeals?open=true&limit=200&q=${encodeURIComponent(tag)}`,
    headers: { cookie },
  })
  expect(res.statusCode, res.body).toBe(200)
  return (res.json().items as Item[]).filter((i) => ids.includes(i.id))
}

/** Appeals the understanding step read but did not route (automatic routing off), as on a busy morning. */
async function understood(texts: string[]) {
  const tag = uniq()
  const made = []
  for (const text of texts) made.push(await makeAppeal(ctx.database, { text: `${text} (${tag})` }))
  await understandPending(ctx.database.db, testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1' }), {
    ids: made.map((a) => a.id),
  })
  return Object.assign(made, { tag })
}

/** What a refused request must not change (tests/helpers.ts). */
const state = (ids: number[]) => appealsSnapshot(ctx.database, ids)

describe('«Направить по предложению»: the operator sends what Вече proposes, many at once', () => {
  it('the queue shows the proposal (sector, topic, the matrix’s executor, confidence) to those who route', async () => {
    const batch = await understood([
      'На улице Ленина огромная яма посреди проезжей части, машины бьют колёса',
      'В квартире не греют батареи отопления, дома холодно, управляющая компания не отвечает',
    ])
    const [pothole, heating] = batch
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const got = await rows(operator, [pothole.id, heating.id], batch.tag)
    expect(got).toHaveLength(2)
    const byId = new Map(got.map((i) => [i.id, i]))
    const p = byId.get(pothole.id)
    expect(p?.sector).toBeNull()
    expect(p?.suggestion?.sector.code).toBe('roads')
    expect(p?.suggestion?.unit?.shortName).toBeTruthy()
    expect(p?.suggestion?.confidence).toBeGreaterThan(0)
    expect(p?.suggestion?.confidence).toBeLessThanOrEqual(1)
    expect(byId.get(heating.id)?.suggestion?.sector.code).toBe('housing')
    // An executor does not route: no proposals in its list.
    const executor = await signIn(ctx.app, await makeUser(ctx.database, 'executor', { unit: 'ugkh' }))
    const theirs = await ctx.app.inject({ method: 'GET', url: '/api/appeals', headers: { cookie: executor } })
    expect(theirs.statusCode, theirs.body).toBe(200)
    for (const i of theirs.json().items as Item[]) expect(i.suggestion).toBeNull()
  })

  it('sends each checked appeal to the proposed executor; the one it cannot send says why, the rest go', async () => {
    const batch = await understood([
      'Яма на дороге у перекрёстка, глубокая, колесо пробил',
      'Нет отопления в доме, батареи холодные вторую неделю',
    ])
    const [pothole, heating] = batch
    // Not read by the understanding step yet: nothing to propose.
    const unread = await makeAppeal(ctx.database, { text: `Прошу разобраться (${uniq()})` })
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const proposed = new Map(
      (await rows(operator, [pothole.id, heating.id], batch.tag)).map((i) => [i.id, i.suggestion]),
    )

    const res = await send(operator, { ids: [pothole.id, unread.id, heating.id] })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.assigned).toBe(2)
    expect(body.results.map((r: { id: number }) => r.id)).toEqual([pothole.id, unread.id, heating.id])
    const [p, u, h] = body.results
    expect(p).toMatchObject({ ok: true, regNumber: pothole.regNumber, unit: proposed.get(pothole.id)?.unit })
    expect(h).toMatchObject({ ok: true, unit: proposed.get(heating.id)?.unit })
    expect(u).toMatchObject({ ok: false, regNumber: unread.regNumber })
    expect(u.error).toMatch(/не предложило сектор — назначьте в карточке/)

    const [sent] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, pothole.id))
    expect(sent.status).toBe('in_work')
    expect(sent.sectorCode).toBe('roads')
    expect(sent.unitId).toBe(proposed.get(pothole.id)?.unit?.id)
    const events = await ctx.database.db
      .select()
      .from(appealEvents)
      .where(eq(appealEvents.appealId, pothole.id))
    const assigned = events.find((e) => e.type === 'assigned')
    expect(assigned?.note).toMatch(/^По предложению Вече: сектор «Дороги», уверенность \d+ %$/)
    expect(assigned?.data.reason).toBe('назначено оператором МЦУ по предложению Вече')
    // Sent as proposed: a confirmation, not a correction.
    const fixes = await ctx.database.db
      .select()
      .from(understandingCorrections)
      .where(eq(understandingCorrections.appealId, pothole.id))
    expect(fixes).toEqual([])
    const [left] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, unread.id))
    expect(left.status).toBe('registered')
    expect(left.unitId).toBeNull()

    // Sent already: a second click refuses it, nothing changes; the queue no longer proposes it.
    const before = await state([pothole.id])
    const again = await send(operator, { ids: [pothole.id] })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().assigned).toBe(0)
    expect(again.json().results[0].error).toMatch(/исполнитель уже назначен/)
    expect(await state([pothole.id])).toEqual(before)
    expect((await rows(operator, [pothole.id], batch.tag))[0].suggestion).toBeNull()

    // «Без исполнителя»: only the ones still waiting.
    const waiting = await ctx.app.inject({
      method: 'GET',
      url: `/api/appeals?waiting=true&q=${encodeURIComponent(batch.tag)}`,
      headers: { cookie: operator },
    })
    expect(waiting.statusCode, waiting.body).toBe(200)
    expect(waiting.json().items.map((i: Item) => i.id)).toEqual([])
    const unreadWaiting = await ctx.app.inject({
      method: 'GET',
      url: `/api/appeals?waiting=true&q=${encodeURIComponent(unread.regNumber)}`,
      headers: { cookie: operator },
    })
    expect(unreadWaiting.json().items.map((i: Item) => i.id)).toEqual([unread.id])
  })

  it('shows but does not offer a proposal the model is unsure of (below VECHE_SUGGEST_CONFIDENCE, 0.5)', async () => {
    const batch = await understood(['Яма на дороге во дворе, прошу заделать'])
    const [unsure] = batch
    // As the understanding step leaves a text it hardly understood: the sector at 20 %.
    await ctx.database.db.execute(sql`
      update appeal_understanding set result = jsonb_set(result, '{sector_confidence}', '0.2'::jsonb)
      where appeal_id = ${unsure.id}`)
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const [row] = await rows(operator, [unsure.id], batch.tag)
    expect(row.suggestion).toMatchObject({ confidence: 0.2, sendable: false })
    expect(row.suggestion?.why).toBe('уверенность в секторе 20 % — ниже 50 %: проверьте в карточке')
    const before = await state([unsure.id])
    const res = await send(operator, { ids: [unsure.id] })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().results[0]).toMatchObject({ ok: false, error: row.suggestion?.why })
    expect(await state([unsure.id])).toEqual(before)
  })

  it('refuses bad requests and other roles in Russian, changing nothing', async () => {
    const [a] = await understood(['Не вывозят мусор с контейнерной площадки во дворе уже неделю'])
    const before = await state([a.id])
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const bad: [unknown, RegExp][] = [
      [{ ids: [] }, /выберите хотя бы одно обращение/],
      [{ ids: [a.id, a.id] }, /указано дважды/],
      [{ ids: ['первое'] }, /число/],
      [{ ids: Array.from({ length: 201 }, (_, i) => i + 1) }, /не больше 200/],
      [{ ids: [a.id], extra: true }, /.+/],
      [{}, /списком/],
    ]
    for (const [payload, message] of bad) {
      const res = await send(operator, payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.body).toMatch(message)
      expect(res.body).not.toMatch(/stack|Error:/)
    }
    const missing = await send(operator, { ids: [999_999_999] })
    expect(missing.statusCode).toBe(200)
    expect(missing.json().results[0]).toMatchObject({ ok: false, regNumber: null })
    expect(missing.json().results[0].error).toMatch(/не найден/)
    for (const role of ['executor', 'head'] as const) {
      const cookie = await signIn(
        ctx.app,
        await makeUser(ctx.database, role, role === 'executor' ? { unit: 'ugkh' } : {}),
      )
      const res = await send(cookie, { ids: [a.id] })
      expect(res.statusCode, role).toBe(403)
      expect(res.body).toMatch(/[а-я]/)
    }
    expect(await state([a.id])).toEqual(before)
  })
})
