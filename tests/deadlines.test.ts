import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { jobs as job } from '../server/db/jobs.tables'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import { sweepDeadlines } from '../server/modules/deadlines/deadlines.sweep'
import { deadlineFlags, deadlineWatch } from '../server/modules/deadlines/deadlines.tables'
import { escalationWatch } from '../server/modules/escalation/escalation.tables'
import { makeAppeal, makeUser, setupTestApp, signIn, unitId } from './helpers'

const ctx = setupTestApp()
const DAY = 86_400_000

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: { cookie }, payload: payload as never })

async function dueOf(id: number) {
  const [a] = await ctx.database.db.select({ dueAt: appeals.dueAt }).from(appeals).where(eq(appeals.id, id))
  return a.dueAt!
}

describe('deadlines: rules at registration, the clock of an appeal, the sweep', () => {
  it('registration takes the first matching rule: ПОС by category, incident in working hours', async () => {
    const { database } = ctx
    const social = await makeAppeal(database, { regime: 'pos', channel: 'pos', sectorCode: 'social' })
    const roads = await makeAppeal(database, { regime: 'pos', channel: 'pos', sectorCode: 'roads' })
    const coordinator = await signIn(ctx.app, await makeUser(database, 'coordinator'))
    const a = (await call('GET', `/api/appeals/${social.id}/deadlines`, coordinator)).json()
    const b = (await call('GET', `/api/appeals/${roads.id}/deadlines`, coordinator)).json()
    expect(a.rule).toMatchObject({ code: 'pos-social', term: '10 рабочих дней' })
    expect(b.rule).toMatchObject({ code: 'pos-answer', term: '8 рабочих дней' })
    expect((await dueOf(social.id)).getTime()).toBeGreaterThan((await dueOf(roads.id)).getTime())
    // A day-based term ends at 23:59:59.999 Moscow time.
    expect((await dueOf(roads.id)).toISOString()).toMatch(/T20:59:59\.999Z$/)
    expect(b.stages.map((s: { code: string }) => s.code)).toEqual([
      'moderation',
      'routing',
      'execution',
      'approval',
    ])
    expect(b.stages[0].state).toBe('current')
    expect(b.stages[3].dueAt).toBe(b.dueAt)
  })

  it('extends a 59-ФЗ deadline once, by at most 30 days, with a reason; the citizen sees the new date', async () => {
    const { app, database } = ctx
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const reg = await call('POST', '/api/appeals', operator, {
      regime: 'fz59',
      channel: 'phone',
      text: `Продление: во дворе дома 3 разрушена детская площадка ${Date.now()}`,
      applicants: [{ fullName: 'Сидоров Пётр Ильич', phone: '+79105550000' }],
    })
    expect(reg.statusCode, reg.body).toBe(201)
    const { appeal, trackingCode } = reg.json()
    const before = await dueOf(appeal.id)

    const refused = [
      [operator, { days: 10, reason: 'нужны документы из другого органа' }, 403],
      [executor, { days: 10, reason: 'нужны документы из другого органа' }, 404],
      [coordinator, { days: 31, reason: 'нужны документы из другого органа' }, 400],
      [coordinator, { days: 0, reason: 'нужны документы из другого органа' }, 400],
      [coordinator, { days: 10 }, 400],
      [coordinator, { days: 10, reason: 'мало' }, 400],
      [coordinator, { days: 10, reason: 'нужны документы из другого органа', extra: 1 }, 400],
    ] as const
    for (const [cookie, body, status] of refused) {
      const res = await call('POST', `/api/appeals/${appeal.id}/deadline/extend`, cookie, body)
      expect(res.statusCode, res.body).toBe(status)
      expect(res.json().error.message).toMatch(/[а-я]/)
    }
    expect((await dueOf(appeal.id)).getTime()).toBe(before.getTime())

    const ok = await call('POST', `/api/appeals/${appeal.id}/deadline/extend`, coordinator, {
      days: 30,
      reason: 'Запрошены документы в Управлении Росреестра (59-ФЗ ст. 10 ч. 2)',
    })
    expect(ok.statusCode, ok.body).toBe(200)
    const view = ok.json()
    expect(view.extension).toMatchObject({ used: 1, left: 0, extendedDays: 30 })
    expect(view.actions).not.toContain('extend')
    const after = await dueOf(appeal.id)
    expect(Math.round((after.getTime() - before.getTime()) / DAY)).toBe(30)
    expect(view.baseDueAt).toBe(before.toISOString())

    const again = await call('POST', `/api/appeals/${appeal.id}/deadline/extend`, coordinator, {
      days: 5,
      reason: 'ещё раз продлим, вдруг получится',
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.message).toMatch(/повторное продление не допускается/)

    // A public event the citizen sees, with the new date on the tracking page.
    const pub = await app.inject({
      method: 'GET',
      url: `/api/public/appeals/${encodeURIComponent(appeal.regNumber)}?code=${trackingCode}`,
    })
    expect(pub.statusCode, pub.body).toBe(200)
    expect(pub.json().dueAt).toBe(after.toISOString())
    expect(pub.json().history.map((h: { title: string }) => h.title)).toContain('Срок рассмотрения продлён')
    const [ev] = await database.db
      .select()
      .from(appealEvents)
      .where(and(eq(appealEvents.appealId, appeal.id), eq(appealEvents.type, 'deadline_extended')))
    expect(ev.public).toBe(true)
    expect(ev.note).toMatch(/Росреестра/)
  })

  it('extension is a 59-ФЗ instrument; an expired deadline is not extended', async () => {
    const { app, database } = ctx
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const pos = await makeAppeal(database, { regime: 'pos', channel: 'pos' })
    const res = await call('POST', `/api/appeals/${pos.id}/deadline/extend`, coordinator, {
      days: 5,
      reason: 'нужны документы из другого органа',
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.message).toMatch(/только для режимов: fz59/)
    const old = await makeAppeal(database, { registeredAt: new Date(Date.now() - 40 * DAY) } as never)
    const late = await call('POST', `/api/appeals/${old.id}/deadline/extend`, coordinator, {
      days: 5,
      reason: 'нужны документы из другого органа',
    })
    expect(late.statusCode).toBe(409)
    expect(late.json().error.message).toMatch(/Срок уже истёк/)
  })

  it('pauses while waiting for the applicant: the due moves by the pause; resumes by hand, on a reply, or at the limit', async () => {
    const { app, database } = ctx
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const a = await makeAppeal(database, { regime: 'pos', channel: 'pos', sectorCode: 'housing' })
    await database.db
      .update(appeals)
      .set({ unitId: await unitId(database, 'ugkh') })
      .where(eq(appeals.id, a.id))
    const before = await dueOf(a.id)

    // 59-ФЗ has no pause.
    const fz = await makeAppeal(database)
    const no = await call('POST', `/api/appeals/${fz.id}/deadline/pause`, coordinator, {
      question: 'Уточните, пожалуйста, номер дома',
    })
    expect(no.statusCode).toBe(409)
    expect(no.json().error.message).toMatch(/не предусмотрена/)

    const bad = await call('POST', `/api/appeals/${a.id}/deadline/pause`, executor, { question: 'дом?' })
    expect(bad.statusCode).toBe(400)
    const paused = await call('POST', `/api/appeals/${a.id}/deadline/pause`, executor, {
      question: 'Уточните, пожалуйста, номер дома и подъезда',
    })
    expect(paused.statusCode, paused.body).toBe(200)
    expect(paused.json().pause.pausedAt).toBeTruthy()
    expect(paused.json().actions).toContain('resume')
    expect(await database.db.$count(deadlineWatch, eq(deadlineWatch.appealId, a.id))).toBe(0)
    // No reminder while the clock stands: the escalation queue is empty until it resumes.
    expect(await database.db.$count(escalationWatch, eq(escalationWatch.appealId, a.id))).toBe(0)
    const twice = await call('POST', `/api/appeals/${a.id}/deadline/pause`, executor, {
      question: 'Уточните, пожалуйста, номер дома и подъезда',
    })
    expect(twice.statusCode).toBe(409)
    // The question reaches the applicant through the ПОС channel, like any public event.
    expect(
      await database.db.$count(
        job,
        sql`${job.name} = 'channels.notify' and (${job.payload}->>'appealId')::bigint = ${a.id}`,
      ),
    ).toBeGreaterThanOrEqual(1)

    // Two days pass while paused (moved back in the row instead of waiting).
    await database.db.execute(
      sql`update appeal_clock set paused_at = paused_at - interval '2 days' where appeal_id = ${a.id}`,
    )
    const resumed = await call('POST', `/api/appeals/${a.id}/deadline/resume`, executor, {})
    expect(resumed.statusCode, resumed.body).toBe(200)
    const moved = (await dueOf(a.id)).getTime() - before.getTime()
    expect(moved).toBeGreaterThan(2 * DAY - 60_000)
    const [overdueStep] = await database.db
      .select()
      .from(escalationWatch)
      .where(and(eq(escalationWatch.appealId, a.id), eq(escalationWatch.step, 'overdue')))
    expect(overdueStep?.at.getTime()).toBe((await dueOf(a.id)).getTime())
    expect(moved).toBeLessThan(2 * DAY + 60_000)
    expect(resumed.json().pause.pausedMs).toBeGreaterThan(2 * DAY - 60_000)
    expect(await database.db.$count(deadlineWatch, eq(deadlineWatch.appealId, a.id))).toBeGreaterThan(0)
    expect((await call('POST', `/api/appeals/${a.id}/deadline/resume`, executor, {})).statusCode).toBe(409)

    // A reply from the applicant resumes the clock at the next sweep.
    await call('POST', `/api/appeals/${a.id}/deadline/pause`, executor, {
      question: 'Пришлите фото, пожалуйста',
    })
    await database.db.insert(appealEvents).values({
      appealId: a.id,
      type: 'citizen_reply',
      actorKind: 'citizen',
      note: 'Дом 5, подъезд 2',
      public: true,
    })
    expect((await sweepDeadlines(database.db)).resumed).toBeGreaterThanOrEqual(1)
    const afterReply = (await call('GET', `/api/appeals/${a.id}/deadlines`, executor)).json()
    expect(afterReply.pause.pausedAt).toBeNull()

    // The limit: 10 days at most, then the clock goes on by itself and the due moves by the limit only.
    await call('POST', `/api/appeals/${a.id}/deadline/pause`, executor, {
      question: 'Пришлите фото, пожалуйста',
    })
    const beforeLimit = await dueOf(a.id)
    await database.db.execute(
      sql`update appeal_clock set paused_at = paused_at - interval '12 days', pause_limit_at = pause_limit_at - interval '12 days' where appeal_id = ${a.id}`,
    )
    await sweepDeadlines(database.db)
    const byLimit = (await dueOf(a.id)).getTime() - beforeLimit.getTime()
    expect(Math.round(byLimit / DAY)).toBe(10)
    const [ev] = await database.db
      .select()
      .from(appealEvents)
      .where(and(eq(appealEvents.appealId, a.id), eq(appealEvents.type, 'clock_resumed')))
      .orderBy(sql`${appealEvents.id} desc`)
      .limit(1)
    expect(ev.data).toMatchObject({ by: 'limit' })
  })

  it('records an inter-agency information request with its own 15-day due, and its answer', async () => {
    const { app, database } = ctx
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const a = await makeAppeal(database)
    const bad = await call('POST', `/api/appeals/${a.id}/info-requests`, coordinator, { body: 'МВД' })
    expect(bad.statusCode).toBe(400)
    const res = await call('POST', `/api/appeals/${a.id}/info-requests`, coordinator, {
      body: 'УМВД России по Смоленской области',
      subject: 'Сведения о ДТП у дома 12 по ул. Николаева',
    })
    expect(res.statusCode, res.body).toBe(200)
    const [r] = res.json().infoRequests
    const days = (Date.parse(r.dueAt) - Date.parse(r.sentAt)) / DAY
    expect(days).toBeGreaterThan(14)
    expect(days).toBeLessThanOrEqual(16)
    expect(r.dueAt).toMatch(/T20:59:59\.999Z$/)
    const answered = await call('POST', `/api/appeals/${a.id}/info-requests/${r.id}/answer`, coordinator, {
      note: 'Справка получена',
    })
    expect(answered.json().infoRequests[0].answeredAt).toBeTruthy()
    const twice = await call('POST', `/api/appeals/${a.id}/info-requests/${r.id}/answer`, coordinator, {
      note: 'Справка получена',
    })
    expect(twice.statusCode).toBe(409)
    const other = await call('POST', `/api/appeals/${a.id}/info-requests/999999999/answer`, coordinator, {
      note: 'Справка получена',
    })
    expect(other.statusCode).toBe(404)
  })

  it('the sweep flags an overdue appeal once with the unit that held it; re-routing does not restart the clock', async () => {
    const { app, database } = ctx
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const a = await makeAppeal(database)
    const due = await dueOf(a.id)
    const ugkh = await unitId(database, 'ugkh')
    const first = await call('POST', `/api/appeals/${a.id}/assign`, coordinator, {
      sectorCode: 'housing',
      unitId: ugkh,
    })
    expect(first.statusCode, first.body).toBe(200)
    expect((await dueOf(a.id)).getTime()).toBe(due.getTime())

    await sweepDeadlines(database.db, new Date(due.getTime() - 1000))
    // The execution stage (80 % of the term) has passed while in work: flagged with the unit.
    const [stage] = await database.db
      .select()
      .from(deadlineFlags)
      .where(and(eq(deadlineFlags.appealId, a.id), eq(deadlineFlags.kind, 'execution')))
    expect(stage).toMatchObject({ unitId: ugkh, status: 'in_work' })
    expect(
      await database.db.$count(
        deadlineFlags,
        and(eq(deadlineFlags.appealId, a.id), eq(deadlineFlags.kind, 'final')),
      ),
    ).toBe(0)

    // Re-routed to another unit before the due: the clock moves with the appeal, the due stays, the late unit is the new one.
    const other = await unitId(database, 'tu_leninsky')
    await database.db.update(appeals).set({ unitId: other }).where(eq(appeals.id, a.id))
    expect((await dueOf(a.id)).getTime()).toBe(due.getTime())
    await sweepDeadlines(database.db, new Date(due.getTime() + 1000))
    await sweepDeadlines(database.db, new Date(due.getTime() + 2000))
    const finals = await database.db
      .select()
      .from(deadlineFlags)
      .where(and(eq(deadlineFlags.appealId, a.id), eq(deadlineFlags.kind, 'final')))
    expect(finals).toHaveLength(1)
    expect(finals[0]).toMatchObject({ unitId: other, status: 'in_work' })
    const view = (await call('GET', `/api/appeals/${a.id}/deadlines`, coordinator)).json()
    expect(view.overdueFlag.unitName).toBeTruthy()
  })

  it('an admin replaces the rule set; overlaps, gaps and missing calendar years are refused with nothing saved', async () => {
    const { app, database } = ctx
    const admin = await signIn(app, await makeUser(database, 'admin'))
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const current = (await call('GET', '/api/deadline-rules', admin)).json()
    const set = current.rules as { rules: Record<string, unknown>[] }
    expect(set.rules.length).toBeGreaterThan(3)

    expect((await call('PUT', '/api/deadline-rules', coordinator, set)).statusCode).toBe(403)
    const overlap = await call('PUT', '/api/deadline-rules', admin, {
      ...set,
      rules: [{ ...set.rules.find((r) => r.code === 'pos-answer'), code: 'pos-first' }, ...set.rules],
    })
    expect(overlap.statusCode).toBe(400)
    expect(overlap.json().error.message).toMatch(/Перекрытие: правило «pos-social» никогда не сработает/)
    const gap = await call('PUT', '/api/deadline-rules', admin, {
      ...set,
      rules: set.rules.filter((r) => r.regime !== 'incident'),
    })
    expect(gap.statusCode).toBe(400)
    expect(gap.json().error.message).toMatch(/Пробел: для режима «incident» нет ни одного правила/)
    const tooLong = await call('PUT', '/api/deadline-rules', admin, {
      ...set,
      rules: set.rules.map((r) => (r.code === 'message-answer' ? { ...r, amount: 250 } : r)),
    })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.json().error.message).toMatch(/«message-answer».*календарь на 20\d\d год не загружен/)
    expect((await call('GET', '/api/deadline-rules', admin)).json().version).toBe(current.version)

    const changed = await call('PUT', '/api/deadline-rules', admin, {
      ...set,
      rules: set.rules.map((r) => (r.code === 'incident-reaction' ? { ...r, amount: 6 } : r)),
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json().version).toBeGreaterThan(current.version)
    const inc = await makeAppeal(database, { regime: 'incident', channel: 'vk' })
    const view = (await call('GET', `/api/appeals/${inc.id}/deadlines`, admin)).json()
    expect(view.rule.term).toBe('6 рабочих часов')
    // Put the shipped set back for the other tests.
    expect((await call('PUT', '/api/deadline-rules', admin, set)).statusCode).toBe(200)
  })

  it('calendar overrides: an admin adds and removes a day; a day of a missing year or a bad date is refused', async () => {
    const { app, database } = ctx
    const admin = await signIn(app, await makeUser(database, 'admin'))
    const list = (await call('GET', '/api/calendar', admin)).json()
    expect(list.years.map((y: { year: number }) => y.year)).toEqual(
      expect.arrayContaining([2024, 2025, 2026, 2027]),
    )
    const missing = await call('PUT', '/api/calendar/overrides/2031-05-05', admin, {
      kind: 'holiday',
      reason: 'проверка',
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.message).toMatch(/на 2031 год не загружен/)
    const bad = await call('PUT', '/api/calendar/overrides/2026-02-30', admin, {
      kind: 'holiday',
      reason: 'проверка',
    })
    expect(bad.statusCode).toBe(400)
    const badKind = await call('PUT', '/api/calendar/overrides/2026-12-30', admin, {
      kind: 'rest',
      reason: 'проверка',
    })
    expect(badKind.statusCode).toBe(400)
    const ok = await call('PUT', '/api/calendar/overrides/2027-12-30', admin, {
      kind: 'holiday',
      reason: 'Распоряжение Главы города (проверка)',
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().overrides).toContainEqual(
      expect.objectContaining({ date: '2027-12-30', kind: 'holiday' }),
    )
    const del = await call('DELETE', '/api/calendar/overrides/2027-12-30', admin)
    expect(del.statusCode).toBe(200)
    expect((await call('DELETE', '/api/calendar/overrides/2027-12-30', admin)).statusCode).toBe(404)
  })
})
