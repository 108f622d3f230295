import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { followUpUrgent, notifyUrgent } from '../server/modules/escalation/urgent.sweep'
import { understandPending } from '../server/modules/understanding/understanding.service'
import { users } from '../server/modules/users/users.tables'
import { makeAppeal, makeUser, setupTestApp, signIn, testEnv, unitId } from './helpers'

const ctx = setupTestApp()

async function idOf(login: string) {
  const [u] = await ctx.database.db.select({ id: users.id }).from(users).where(eq(users.login, login))
  return u.id
}

/** The urgent notices of one appeal: recipient login → titles. */
async function noticesOf(appealId: number) {
  const r = await ctx.database.db.execute<{ login: string; title: string; body: string }>(sql`
    select u.login, n.title, n.body from notification n join app_user u on u.id = n.recipient_id
    where n.appeal_id = ${appealId} and n.kind = 'urgent' order by n.id`)
  return r.rows
}

async function set(id: number, values: Partial<typeof appeals.$inferInsert>) {
  await ctx.database.db.update(appeals).set(values).where(eq(appeals.id, id))
}

describe('urgent notice: an open urgent appeal reaches the people who act on it, once', () => {
  it('goes to the unit’s executors and head (not to another unit), once however often the sweep runs', async () => {
    const db = ctx.database.db
    const executor = await makeUser(ctx.database, 'executor', { unit: 'gazprom' })
    const head = await makeUser(ctx.database, 'unit_head', { unit: 'gazprom' })
    const stranger = await makeUser(ctx.database, 'executor', { unit: 'ugkh' })
    const a = await makeAppeal(ctx.database, { text: 'Сильный запах газа в подъезде дома 5 по улице Ленина' })
    // The understanding step flags it (a rule: gas) and says what threatens.
    await understandPending(db, testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1' }), { ids: [a.id] })
    await set(a.id, {
      status: 'in_work',
      unitId: await unitId(ctx.database, 'gazprom'),
      addressText: 'улица Ленина, 5',
    })
    expect(await notifyUrgent(db)).toBeGreaterThanOrEqual(2)
    const got = await noticesOf(a.id)
    const logins = got.map((n) => n.login)
    expect(logins).toContain(executor)
    expect(logins).toContain(head)
    expect(logins).not.toContain(stranger)
    expect(got[0].title).toBe(`Срочное обращение № ${a.regNumber}`)
    expect(got[0].body).toMatch(
      /^Что угрожает: Газ\. Поступило .*улица Ленина, 5\. Откройте и примите меры\.$/,
    )
    // The applicant's personal data stays out of a message that leaves the system by e-mail or Telegram.
    expect(got.map((n) => `${n.title} ${n.body}`).join(' ')).not.toMatch(/Иванов|910/)
    // A second sweep (or a second scheduler) sends nothing more.
    expect(await notifyUrgent(db)).toBe(0)
    expect(await noticesOf(a.id)).toHaveLength(got.length)
    // The executor sees it in the bell.
    const cookie = await signIn(ctx.app, executor)
    const bell = await ctx.app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie } })
    expect(bell.statusCode, bell.body).toBe(200)
    expect(JSON.stringify(bell.json())).toContain(`Срочное обращение № ${a.regNumber}`)
  })

  it('without a unit it goes to the МЦУ coordinators; assigned later, it reaches the unit too', async () => {
    const db = ctx.database.db
    const coordinator = await makeUser(ctx.database, 'coordinator')
    const executor = await makeUser(ctx.database, 'executor', { unit: 'vodokanal' })
    const a = await makeAppeal(ctx.database, { text: 'Прорвало трубу, вода заливает подвал и щитовую' })
    await set(a.id, { urgent: true, meta: { urgentByModel: true } })
    await notifyUrgent(db)
    const first = await noticesOf(a.id)
    expect(first.map((n) => n.login)).toContain(coordinator)
    expect(first.map((n) => n.login)).not.toContain(executor)
    expect(first[0].title).toBe(`Возможно срочное обращение № ${a.regNumber}`)
    // Set by hand here, with no understanding: nothing named as the threat.
    expect(first[0].body).toMatch(/^Исполнитель ещё не назначен\. .*отметила модель/)
    await set(a.id, { status: 'in_work', unitId: await unitId(ctx.database, 'vodokanal') })
    await notifyUrgent(db)
    const after = await noticesOf(a.id)
    expect(after.map((n) => n.login)).toContain(executor)
    expect(after.filter((n) => n.login === coordinator)).toHaveLength(1)
  })

  it('sends nothing for a calm appeal, a finished one or a flag cleared before the sweep', async () => {
    const db = ctx.database.db
    const executor = await makeUser(ctx.database, 'executor', { unit: 'gazprom' })
    const calm = await makeAppeal(ctx.database)
    await set(calm.id, { status: 'in_work', unitId: await unitId(ctx.database, 'gazprom') })
    const closed = await makeAppeal(ctx.database)
    await set(closed.id, { urgent: true, status: 'closed', unitId: await unitId(ctx.database, 'gazprom') })
    await notifyUrgent(db)
    expect(await noticesOf(calm.id)).toEqual([])
    expect(await noticesOf(closed.id)).toEqual([])
    const mine = await ctx.database.db.execute(
      sql`select 1 from notification where recipient_id = ${await idOf(executor)} and kind = 'urgent'
        and appeal_id in (${calm.id}, ${closed.id})`,
    )
    expect(mine.rows).toHaveLength(0)
  })

  it('a recipient who chose Telegram gets a delivery job, once', async () => {
    const db = ctx.database.db
    const head = await makeUser(ctx.database, 'unit_head', { unit: 'teploset' })
    const cookie = await signIn(ctx.app, head)
    const saved = await ctx.app.inject({
      method: 'POST',
      url: '/api/notifications/settings',
      headers: { cookie },
      payload: { email: null, channels: ['telegram'], telegramChatId: '777000' },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const a = await makeAppeal(ctx.database, { text: 'В квартире +8, батареи ледяные, дома грудной ребёнок' })
    await set(a.id, { urgent: true, status: 'in_work', unitId: await unitId(ctx.database, 'teploset') })
    await notifyUrgent(db)
    await notifyUrgent(db)
    const jobs = await db.execute(sql`
      select j.singleton_key from job j where j.singleton_key like ${`notify:urgent:${a.id}:%:telegram`}`)
    expect(jobs.rows).toHaveLength(1)
  })
})

describe('urgent follow-up: nobody opened it in 30 minutes → the unit head and the МЦУ coordinators, once', () => {
  const minutes = (t: Date, m: number) => new Date(t.getTime() + m * 60_000)

  /** The follow-ups of one appeal: recipient login, title and body. */
  async function followUpsOf(appealId: number) {
    const r = await ctx.database.db.execute<{ login: string; title: string; body: string }>(sql`
      select u.login, n.title, n.body from notification n join app_user u on u.id = n.recipient_id
      where n.appeal_id = ${appealId} and n.step = 'urgent_follow_up' order by n.id`)
    return r.rows
  }

  /** An open urgent appeal of `unit` (none: not yet assigned) whose urgent notice went out at `t0`. */
  async function noticed(unit: string | null, t0: Date) {
    const a = await makeAppeal(ctx.database, {
      text: 'Сильный запах газа в подъезде дома 7 по улице Матросова',
    })
    await understandPending(ctx.database.db, testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1' }), { ids: [a.id] })
    await set(a.id, {
      urgent: true,
      status: unit ? 'in_work' : 'registered',
      unitId: unit ? await unitId(ctx.database, unit) : null,
    })
    await notifyUrgent(ctx.database.db, t0)
    return a
  }

  it('an unopened appeal goes up after 30 minutes, to the head and the coordinators, not to the executors', async () => {
    const db = ctx.database.db
    const executor = await makeUser(ctx.database, 'executor', { unit: 'gazprom' })
    const head = await makeUser(ctx.database, 'unit_head', { unit: 'gazprom' })
    const coordinator = await makeUser(ctx.database, 'coordinator')
    const t0 = new Date()
    const a = await noticed('gazprom', t0)
    await followUpUrgent(db, minutes(t0, 29))
    expect(await followUpsOf(a.id)).toEqual([])
    expect(await followUpUrgent(db, minutes(t0, 31))).toBeGreaterThanOrEqual(2)
    const got = await followUpsOf(a.id)
    const logins = got.map((n) => n.login)
    expect(logins).toContain(head)
    expect(logins).toContain(coordinator)
    expect(logins).not.toContain(executor)
    expect(new Set(logins).size).toBe(logins.length)
    expect(got[0].title).toBe(`Срочное обращение № ${a.regNumber} не открыто за 30 мин`)
    expect(got[0].body).toMatch(
      /^Что угрожает: Газ\. Исполнитель: Газпром газораспределение Смоленск\. Уведомление ушло в \d\d:\d\d \(МСК\), но никто из подразделения не открыл обращение\. Поступило .*Свяжитесь с ответственным в подразделении\.$/,
    )
    expect(got.map((n) => `${n.title} ${n.body}`).join(' ')).not.toMatch(/Иванов|910/)
    // Once: later sweeps send nothing more.
    await followUpUrgent(db, minutes(t0, 45))
    await followUpUrgent(db, minutes(t0, 300))
    expect(await followUpsOf(a.id)).toHaveLength(got.length)
    // The card's history says the unit let it wait (staff only).
    const history = await db.execute<{ note: string; public: boolean; actor_kind: string }>(sql`
      select note, public, actor_kind from appeal_event where appeal_id = ${a.id} and type = 'urgent_follow_up'`)
    expect(history.rows).toEqual([
      {
        note: 'За 30 мин никто в подразделении не открыл срочное обращение (исполнитель: Газпром газораспределение Смоленск): уведомлены руководитель подразделения и координаторы МЦУ.',
        public: false,
        actor_kind: 'system',
      },
    ])
  })

  it('is not sent when someone of the unit opened the card or acted on it, or the appeal is no longer urgent there', async () => {
    const db = ctx.database.db
    const executor = await makeUser(ctx.database, 'executor', { unit: 'gazprom' })
    await makeUser(ctx.database, 'unit_head', { unit: 'gazprom' })
    const stranger = await makeUser(ctx.database, 'executor', { unit: 'ugkh' })
    const t0 = new Date(Date.now() - 60_000)
    const opened = await noticed('gazprom', t0)
    // Someone of another unit looking does not count; the unit's executor opening the card does.
    const seenByStranger = await noticed('gazprom', t0)
    const strangerCookie = await signIn(ctx.app, stranger)
    await ctx.app.inject({
      method: 'GET',
      url: `/api/appeals/${seenByStranger.id}`,
      headers: { cookie: strangerCookie },
    })
    const card = await ctx.app.inject({
      method: 'GET',
      url: `/api/appeals/${opened.id}`,
      headers: { cookie: await signIn(ctx.app, executor) },
    })
    expect(card.statusCode, card.body).toBe(200)
    const calmed = await noticed('gazprom', t0)
    await set(calmed.id, { urgent: false })
    const finished = await noticed('gazprom', t0)
    await set(finished.id, { status: 'closed' })
    const moved = await noticed('gazprom', t0)
    await set(moved.id, { unitId: await unitId(ctx.database, 'vodokanal') })
    await followUpUrgent(db, minutes(t0, 31))
    for (const a of [opened, calmed, finished, moved]) expect(await followUpsOf(a.id)).toEqual([])
    expect(await followUpsOf(seenByStranger.id)).not.toEqual([])
  })

  it('without a unit it reminds the coordinators that nobody is assigned, unless one of them opened it', async () => {
    const db = ctx.database.db
    const coordinator = await makeUser(ctx.database, 'coordinator')
    const t0 = new Date(Date.now() - 120_000)
    const waiting = await noticed(null, t0)
    const looked = await noticed(null, t0)
    const card = await ctx.app.inject({
      method: 'GET',
      url: `/api/appeals/${looked.id}`,
      headers: { cookie: await signIn(ctx.app, coordinator) },
    })
    expect(card.statusCode, card.body).toBe(200)
    await followUpUrgent(db, minutes(t0, 31))
    const got = await followUpsOf(waiting.id)
    expect(got.map((n) => n.login)).toContain(coordinator)
    expect(got[0].title).toBe(`Срочное обращение № ${waiting.regNumber}: 30 мин без исполнителя`)
    expect(got[0].body).toMatch(/исполнитель до сих пор не назначен\. .*Назначьте исполнителя\.$/)
    expect(await followUpsOf(looked.id)).toEqual([])
    const history = await db.execute<{ note: string }>(sql`
      select note from appeal_event where type = 'urgent_follow_up' and appeal_id in (${waiting.id}, ${looked.id})`)
    expect(history.rows.map((r) => r.note)).toEqual([
      'Срочное обращение 30 мин без исполнителя: координаторам МЦУ напомнено.',
    ])
  })
})
