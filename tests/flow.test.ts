import { asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { appealEvents } from '../server/modules/appeals/appeals.tables'
import { pdAccessLog } from '../server/modules/users/users.tables'
import { drainJobs, makeUser, setupTestApp, signIn, unitId } from './helpers'

const ctx = setupTestApp()

describe('the walking skeleton over the API', () => {
  it('takes a phone appeal from registration to a rated answer, and the dashboard reflects it', async () => {
    const { app, database } = ctx
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const head = await signIn(app, await makeUser(database, 'head'))
    const before = (
      await app.inject({ method: 'GET', url: '/api/dashboard', headers: { cookie: head } })
    ).json()

    // 1. The operator registers a phone appeal with a map pin inside Ленинский район.
    const text = `В подъезде дома 12 по улице Николаева третий день нет отопления (${Date.now()})`
    const reg = await app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { cookie: operator },
      payload: {
        regime: 'fz59',
        channel: 'phone',
        text,
        applicants: [{ fullName: 'Петрова Анна Сергеевна', phone: '8 (910) 555-12-34' }],
        addressText: 'ул. Николаева, д. 12',
        lat: 54.7818,
        lon: 32.0401,
      },
    })
    expect(reg.statusCode, reg.body).toBe(201)
    const { appeal, trackingCode } = reg.json()
    expect(appeal.regNumber).toMatch(/^О-\d{4}-\d{6}$/)
    expect(trackingCode).toMatch(/^\d{6}$/)
    expect(appeal.status.code).toBe('registered')
    expect(appeal.district?.code).toBeTruthy()
    expect(appeal.applicants[0].phone).toBe('+79105551234')
    // 59-ФЗ: 30 calendar days from registration.
    const days = (Date.parse(appeal.dueAt) - Date.parse(appeal.registeredAt)) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThan(31.1)
    expect(appeal.actions).toContain('assign')

    // 2. It is in the queue (masked), found by its text.
    const list = await app.inject({
      method: 'GET',
      url: `/api/appeals?q=${encodeURIComponent(text.slice(-14))}`,
      headers: { cookie: operator },
    })
    expect(list.json().total).toBe(1)
    expect(list.json().items[0].applicantName).toBe('П*** А. С.')

    // 3. The operator assigns sector and executor unit.
    const ugkh = await unitId(database, 'ugkh')
    const assigned = await app.inject({
      method: 'POST',
      url: `/api/appeals/${appeal.id}/assign`,
      headers: { cookie: operator },
      payload: { sectorCode: 'housing', unitId: ugkh },
    })
    expect(assigned.statusCode, assigned.body).toBe(200)
    expect(assigned.json().status.code).toBe('in_work')
    expect(assigned.json().unit.id).toBe(ugkh)

    // 4. The executor of that unit sees it and answers.
    const mine = await app.inject({
      method: 'GET',
      url: `/api/appeals/${appeal.id}`,
      headers: { cookie: executor },
    })
    expect(mine.json().actions).toEqual(['answer', 'decline', 'interim_answer'])
    const answered = await app.inject({
      method: 'POST',
      url: `/api/appeals/${appeal.id}/answer`,
      headers: { cookie: executor },
      payload: { text: 'Отопление восстановлено 12.11 в 15:00 после замены задвижки в тепловом узле дома.' },
    })
    expect(answered.statusCode, answered.body).toBe(200)
    expect(answered.json().status.code).toBe('answer_prepared')

    // 5. The coordinator approves; the delivery job publishes the answer.
    const approved = await app.inject({
      method: 'POST',
      url: `/api/appeals/${appeal.id}/approve`,
      headers: { cookie: coordinator },
      payload: {},
    })
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json().status.code).toBe('answer_approved')
    const track = `/api/public/appeals/${encodeURIComponent(appeal.regNumber)}?code=${trackingCode}`
    expect((await app.inject({ method: 'GET', url: track })).json().answer).toBeNull()
    await drainJobs(database)

    // 6. The citizen reads the answer on the tracking page and rates it.
    const pub = (await app.inject({ method: 'GET', url: track })).json()
    expect(pub.status.code).toBe('answered')
    expect(pub.answer.text).toContain('Отопление восстановлено')
    expect(pub.canRate).toBe(true)
    expect(JSON.stringify(pub)).not.toContain('Петрова')
    expect(pub.history.map((h: { title: string }) => h.title)).toContain('Ответ направлен заявителю')
    const rated = await app.inject({
      method: 'POST',
      url: `/api/public/appeals/${encodeURIComponent(appeal.regNumber)}/rating`,
      payload: { code: trackingCode, score: 5, comment: 'Спасибо!' },
    })
    expect(rated.statusCode, rated.body).toBe(200)
    expect(rated.json().status.code).toBe('rated')
    expect(rated.json().canRate).toBe(false)

    // 7. The head's dashboard moved by exactly this appeal.
    const after = (
      await app.inject({ method: 'GET', url: '/api/dashboard', headers: { cookie: head } })
    ).json()
    expect(after.today.received - before.today.received).toBeGreaterThanOrEqual(1)
    expect(after.today.answered - before.today.answered).toBeGreaterThanOrEqual(1)
    expect(after.today.ratedToday - before.today.ratedToday).toBeGreaterThanOrEqual(1)
    expect(after.today.avgRatingToday).not.toBeNull()

    // The history is complete and in order, and every card view with personal data was logged.
    const types = (
      await database.db
        .select()
        .from(appealEvents)
        .where(eq(appealEvents.appealId, appeal.id))
        .orderBy(asc(appealEvents.id))
    ) // without it the order is whatever the heap gives
      .map((e) => e.type)
    expect(types).toEqual([
      'registered',
      'assigned',
      'answer_prepared',
      'answer_approved',
      'delivered',
      'rated',
    ])
    const views = await database.db.select().from(pdAccessLog).where(eq(pdAccessLog.appealId, appeal.id))
    expect(views.length).toBeGreaterThanOrEqual(4)
  })

  it('reopens the appeal for rework when the citizen rates the answer 1 or 2', async () => {
    const { app, database } = ctx
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const reg = (
      await app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { cookie: operator },
        payload: {
          regime: 'message',
          channel: 'phone',
          text: 'Течёт крыша над квартирой, управляющая компания не отвечает',
          applicants: [{ fullName: 'Сидоров С. С.' }],
        },
      })
    ).json()
    const id = reg.appeal.id
    const ugkh = await unitId(database, 'ugkh')
    await app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/assign`,
      headers: { cookie: operator },
      payload: { sectorCode: 'housing', unitId: ugkh },
    })
    await app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/answer`,
      headers: { cookie: executor },
      payload: { text: 'Управляющей компании выдано предписание на ремонт кровли до 01.12.' },
    })
    await app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/approve`,
      headers: { cookie: coordinator },
      payload: {},
    })
    await drainJobs(database)
    const rated = await app.inject({
      method: 'POST',
      url: `/api/public/appeals/${encodeURIComponent(reg.appeal.regNumber)}/rating`,
      payload: { code: reg.trackingCode, score: 1 },
    })
    expect(rated.json().status.code).toBe('returned')
    const card = (
      await app.inject({ method: 'GET', url: `/api/appeals/${id}`, headers: { cookie: executor } })
    ).json()
    expect(card.actions).toContain('answer')
    // Rating twice is refused and changes nothing.
    const again = await app.inject({
      method: 'POST',
      url: `/api/public/appeals/${encodeURIComponent(reg.appeal.regNumber)}/rating`,
      payload: { code: reg.trackingCode, score: 5 },
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('TRANSITION_NOT_ALLOWED')
  })
})
