import { and, eq, sql } from 'drizzle-orm'
import readExcelFile from 'read-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import { manualNotify } from '../server/modules/escalation/control.service'
import { sendDigests, sweepEscalation } from '../server/modules/escalation/escalation.sweep'
import { escalationSteps } from '../server/modules/escalation/escalation.tables'
import { deliverNotification } from '../server/modules/notifications/notifications.service'
import { notifications } from '../server/modules/notifications/notifications.tables'
import { users } from '../server/modules/users/users.tables'
import type { Env } from '../server/platform/env'
import { drainJobs, makeAppeal, makeUser, setupTestApp, signIn, testEnv, uniq, unitId } from './helpers'
import { type FakeTelegram, startFakeTelegram } from './peers/fake-telegram'
import { type SmtpPeer, startSmtpServer } from './peers/mail-servers'

const ctx = setupTestApp()
let smtp: SmtpPeer
let telegram: FakeTelegram
let env: Env

beforeAll(async () => {
  smtp = await startSmtpServer()
  telegram = await startFakeTelegram()
  env = testEnv({
    ...smtp.env,
    VECHE_MAIL_FROM: 'МЦУ Смоленска <mcu@veche.test>',
    VECHE_TELEGRAM_TOKEN: telegram.token,
    VECHE_TELEGRAM_API_ROOT: telegram.apiRoot,
    VECHE_TELEGRAM_MODE: 'polling',
  })
}, 60_000)
afterAll(async () => {
  await smtp?.stop()
  await telegram?.close()
})

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** An open appeal in a unit and sector with the given registration and due moments. */
async function openAppeal(o: { unit?: string; sector?: string; registeredAt: Date; dueAt: Date }) {
  const a = await makeAppeal(ctx.database)
  await ctx.database.db
    .update(appeals)
    .set({
      unitId: o.unit ? await unitId(ctx.database, o.unit) : null,
      sectorCode: o.sector ?? 'housing',
      status: 'in_work',
      registeredAt: o.registeredAt,
      dueAt: o.dueAt,
    })
    .where(eq(appeals.id, a.id))
  return a
}

async function userId(login: string) {
  const [u] = await ctx.database.db.select({ id: users.id }).from(users).where(eq(users.login, login))
  return u.id
}

const notesOf = (login: string) =>
  ctx.database.db.execute<{ step: string; appeal_id: number; kind: string; title: string }>(sql`
    select n.step, n.appeal_id, n.kind, n.title from notification n join app_user u on u.id = n.recipient_id
    where u.login = ${login} order by n.id`)

async function settings(cookie: string, body: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/notifications/settings',
    headers: { cookie },
    payload: body,
  })
}

describe('the ladder sweep', () => {
  it('records a step once and notifies each recipient once, even when two sweeps run at the same time', async () => {
    const { database } = ctx
    const executor = await makeUser(database, 'executor', { unit: 'ugkh' })
    const now = new Date()
    // 60 % of a 10-day term has passed: the «half» step is due, «share80» is not.
    const a = await openAppeal({
      unit: 'ugkh',
      registeredAt: new Date(now.getTime() - 6 * DAY),
      dueAt: new Date(now.getTime() + 4 * DAY),
    })
    await Promise.all([sweepEscalation(database.db, now), sweepEscalation(database.db, now)])
    await sweepEscalation(database.db, now)
    const steps = await database.db.select().from(escalationSteps).where(eq(escalationSteps.appealId, a.id))
    expect(steps.map((s) => s.step)).toEqual(['half'])
    const mine = (await notesOf(executor)).rows.filter((n) => Number(n.appeal_id) === a.id)
    expect(mine.map((n) => n.step)).toEqual(['half'])
    expect(mine[0].title).toBe('Прошла половина срока')

    // Later the 80 % point passes: one more step, one more notification.
    const later = new Date(now.getTime() + 2.5 * DAY)
    await sweepEscalation(database.db, later)
    await sweepEscalation(database.db, later)
    const after = (await notesOf(executor)).rows.filter((n) => Number(n.appeal_id) === a.id)
    expect(after.map((n) => n.step)).toEqual(['half', 'share80'])
  })

  it('sends an overdue appeal to the unit head, and a day later to the curating deputy of its sector', async () => {
    const { database } = ctx
    const head = await makeUser(database, 'unit_head', { unit: 'ugkh' })
    const executor = await makeUser(database, 'executor', { unit: 'ugkh' })
    const deputy = await makeUser(database, 'deputy', { sectors: ['transport'] })
    const otherDeputy = await makeUser(database, 'deputy', { sectors: ['education'] })
    const now = new Date()
    const a = await openAppeal({
      unit: 'ugkh',
      sector: 'transport',
      registeredAt: new Date(now.getTime() - 30 * DAY),
      dueAt: new Date(now.getTime() - HOUR),
    })
    await sweepEscalation(database.db, now)
    const ofA = async (login: string) =>
      (await notesOf(login)).rows.filter((n) => Number(n.appeal_id) === a.id).map((n) => n.step)
    expect(await ofA(head)).toEqual(['overdue'])
    expect(await ofA(executor)).toEqual([]) // earlier steps are skipped: only the latest is sent
    expect(await ofA(deputy)).toEqual([])
    // Five days on, it is late by more than a working day whatever the calendar says.
    await sweepEscalation(database.db, new Date(now.getTime() + 5 * DAY))
    expect(await ofA(deputy)).toEqual(['overdue_1'])
    expect(await ofA(otherDeputy)).toEqual([])
    expect(await ofA(head)).toEqual(['overdue'])
  })

  it('goes to the curator the matrix named at assignment, not to every deputy of the sector; a disabled one → coordinators', async () => {
    const { database } = ctx
    const curator = await makeUser(database, 'deputy', { sectors: ['education'] })
    const sectorDeputy = await makeUser(database, 'deputy', { sectors: ['waste'] })
    const now = new Date()
    const late = async () => {
      const a = await openAppeal({
        unit: 'ugkh',
        sector: 'waste',
        registeredAt: new Date(now.getTime() - 40 * DAY),
        dueAt: new Date(now.getTime() - 8 * DAY),
      })
      await database.db
        .update(appeals)
        .set({ curatorId: await userId(curator) })
        .where(eq(appeals.id, a.id))
      return a
    }
    const a = await late()
    await sweepEscalation(database.db, now)
    const stepsOf = async (login: string, id: number) =>
      (await notesOf(login)).rows.filter((n) => Number(n.appeal_id) === id).map((n) => n.step)
    expect(await stepsOf(curator, a.id)).toEqual(['overdue_1'])
    expect(await stepsOf(sectorDeputy, a.id)).toEqual([])

    const b = await late()
    await database.db.update(users).set({ disabledAt: now }).where(eq(users.login, curator))
    const coordinator = await makeUser(database, 'coordinator')
    await sweepEscalation(database.db, now)
    expect(await stepsOf(curator, b.id)).toEqual([])
    expect(await stepsOf(coordinator, b.id)).toEqual(['overdue_1'])
  })

  it('an extension (a new due moment) starts the ladder again; a closed appeal gets nothing', async () => {
    const { database } = ctx
    const executor = await makeUser(database, 'executor', { unit: 'ugkh' })
    const now = new Date()
    const a = await openAppeal({
      unit: 'ugkh',
      registeredAt: new Date(now.getTime() - 6 * DAY),
      dueAt: new Date(now.getTime() + 4 * DAY),
    })
    await sweepEscalation(database.db, now)
    await database.db
      .update(appeals)
      .set({ dueAt: new Date(now.getTime() + 5 * DAY) })
      .where(eq(appeals.id, a.id))
    await sweepEscalation(database.db, now)
    const rows = (await notesOf(executor)).rows.filter((n) => Number(n.appeal_id) === a.id)
    expect(rows.map((n) => n.step)).toEqual(['half', 'half'])
    const closed = await openAppeal({
      unit: 'ugkh',
      registeredAt: new Date(now.getTime() - 6 * DAY),
      dueAt: new Date(now.getTime() + 4 * DAY),
    })
    await database.db.update(appeals).set({ status: 'closed' }).where(eq(appeals.id, closed.id))
    await sweepEscalation(database.db, now)
    expect(
      await database.db.select().from(escalationSteps).where(eq(escalationSteps.appealId, closed.id)),
    ).toEqual([])
  })

  it('e-mail reaches the SMTP server and Telegram the Bot API — once, however often the job runs', async () => {
    const { app, database } = ctx
    const login = await makeUser(database, 'executor', { unit: 'ugkh' })
    const cookie = await signIn(app, login)
    const address = `${uniq('exec')}@mcu.test`
    const chatId = 700_000 + Math.floor(Math.random() * 100_000)
    const saved = await settings(cookie, {
      email: address,
      telegramChatId: String(chatId),
      channels: ['email', 'telegram'],
    })
    expect(saved.statusCode).toBe(200)
    const now = new Date()
    const a = await openAppeal({
      unit: 'ugkh',
      // 85 % of a 40-day term: «share80»; six calendar days always hold two working days, so not «day_left».
      registeredAt: new Date(now.getTime() - 34 * DAY),
      dueAt: new Date(now.getTime() + 6 * DAY),
    })
    await sweepEscalation(database.db, now)
    await drainJobs(database, { env })
    await sweepEscalation(database.db, now)
    await drainJobs(database, { env })
    const letters = smtp.to(address)
    expect(letters).toHaveLength(1)
    const [row] = await database.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.appealId, a.id), eq(notifications.recipientId, await userId(login))))
    expect(letters[0].parsed.subject).toBe('[Вече] Прошло 80 % срока')
    expect(letters[0].parsed.text).toContain(`http://veche.test/appeals/${a.id}`)
    const sent = telegram.sent('sendMessage', chatId)
    expect(sent).toHaveLength(1)
    expect(String(sent[0].text)).toContain('Прошло 80 % срока')
    // A replayed job (the dead-letter list, a crash after sending) finds the delivery and sends nothing.
    await deliverNotification(database.db, env, { notificationId: row.id, channel: 'email' })
    await deliverNotification(database.db, env, { notificationId: row.id, channel: 'telegram' })
    expect(smtp.to(address)).toHaveLength(1)
    expect(telegram.sent('sendMessage', chatId)).toHaveLength(1)
  })

  it('the channel settings refuse what could never be sent, in Russian', async () => {
    const cookie = await signIn(ctx.app, await makeUser(ctx.database, 'executor', { unit: 'ugkh' }))
    const noEmail = await settings(cookie, { email: null, telegramChatId: null, channels: ['email'] })
    expect(noEmail.statusCode).toBe(400)
    expect(noEmail.json().error.message).toMatch(/укажите адрес электронной почты/)
    const badChat = await settings(cookie, { email: null, telegramChatId: 'abc', channels: [] })
    expect(badChat.statusCode).toBe(400)
    expect(JSON.stringify(badChat.json())).toMatch(/идентификатор чата Telegram/)
    const badChannel = await settings(cookie, { email: null, telegramChatId: null, channels: ['sms'] })
    expect(badChannel.statusCode).toBe(400)
    const inAppOnly = await settings(cookie, { email: '', telegramChatId: '', channels: [] })
    expect(inAppOnly.json()).toEqual({ email: null, telegramChatId: null, channels: [] })
  })
})

describe('the daily digest', () => {
  it('goes once per unit per working day, to the head and in the app to the executors', async () => {
    const { database } = ctx
    const [unit] = await database.db
      .execute<{ id: number }>(sql`
      insert into unit (code, name, short_name, kind, level) values (${uniq('u')}, 'Тестовое управление', 'ТУ', 'administration', 'municipal')
      returning id`)
      .then((r) => r.rows)
    const unitCode = (
      await database.db.execute<{ code: string }>(sql`select code from unit where id = ${unit.id}`)
    ).rows[0].code
    const head = await makeUser(database, 'unit_head', { unit: unitCode })
    const executor = await makeUser(database, 'executor', { unit: unitCode })
    // Wednesday 4 March 2026, 08:45 MSK.
    const now = new Date('2026-03-04T08:45:00+03:00')
    await openAppeal({
      unit: unitCode,
      registeredAt: new Date('2026-02-01T10:00:00+03:00'),
      dueAt: new Date('2026-03-03T18:00:00+03:00'),
    })
    await openAppeal({
      unit: unitCode,
      registeredAt: new Date('2026-02-03T10:00:00+03:00'),
      dueAt: new Date('2026-03-04T18:00:00+03:00'),
    })
    await openAppeal({
      unit: unitCode,
      registeredAt: new Date('2026-02-03T10:00:00+03:00'),
      dueAt: new Date('2026-03-05T18:00:00+03:00'),
    })
    expect(await sendDigests(database.db, env, new Date('2026-03-04T08:29:00+03:00'))).toBe(0)
    expect(await sendDigests(database.db, env, new Date('2026-03-07T09:00:00+03:00'))).toBe(0) // Saturday
    await Promise.all([sendDigests(database.db, env, now), sendDigests(database.db, env, now)])
    await sendDigests(database.db, env, new Date('2026-03-04T12:00:00+03:00'))
    const h = (await notesOf(head)).rows.filter((n) => n.kind === 'digest')
    const e = (await notesOf(executor)).rows.filter((n) => n.kind === 'digest')
    expect(h.map((n) => n.title)).toEqual(['Сводка по срокам на 04.03.2026'])
    expect(e).toHaveLength(1)
    const [body] = (
      await database.db.execute<{ body: string }>(sql`
        select body from notification where recipient_id = ${await userId(head)} and kind = 'digest'`)
    ).rows
    expect(body.body).toContain('Просрочено: 1')
    expect(body.body).toContain('Срок сегодня: 1')
    expect(body.body).toContain('Срок до конца следующего рабочего дня: 1')
    expect(body.body).toMatch(/http:\/\/veche\.test\/appeals\/\d+/)
  })
})

describe('«Контроль сроков»', () => {
  it('shows a deputy only its sectors; counts by unit and sector; refuses executors', async () => {
    const { app, database } = ctx
    const now = new Date()
    const sector = 'waste'
    const mineA = await openAppeal({
      unit: 'ugkh',
      sector,
      registeredAt: new Date(now.getTime() - 31 * DAY),
      dueAt: new Date(now.getTime() - 2 * HOUR),
    })
    const foreign = await openAppeal({
      unit: 'ugkh',
      sector: 'improvement',
      registeredAt: new Date(now.getTime() - 31 * DAY),
      dueAt: new Date(now.getTime() - 2 * HOUR),
    })
    const deputy = await signIn(app, await makeUser(database, 'deputy', { sectors: [sector] }))
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const board = async (cookie: string, q = '') =>
      app.inject({ method: 'GET', url: `/api/control?limit=500${q}`, headers: { cookie } })
    const d = (await board(deputy)).json()
    const ids = d.items.map((i: { id: number }) => i.id)
    expect(ids).toContain(mineA.id)
    expect(ids).not.toContain(foreign.id)
    expect(d.bySector.every((s: { sector: { code: string } | null }) => s.sector?.code === sector)).toBe(true)
    const item = d.items.find((i: { id: number }) => i.id === mineA.id)
    expect(item.overdue).toBe(true)
    expect(item.late.minutes).toBeGreaterThanOrEqual(119)
    expect(item.applicantName).toBe('И*** И. И.')
    const c = (await board(coordinator, '&bucket=overdue&sector=improvement')).json()
    expect(c.items.map((i: { id: number }) => i.id)).toContain(foreign.id)
    expect(c.summary.overdue).toBeGreaterThanOrEqual(1)
    // A deputy cannot remind about an appeal outside its sectors: «not found».
    const outside = await app.inject({
      method: 'POST',
      url: `/api/control/appeals/${foreign.id}/remind`,
      headers: { cookie: deputy },
    })
    expect(outside.statusCode).toBe(404)
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    expect((await board(executor)).statusCode).toBe(403)
    const bad = await board(coordinator, '&bucket=yesterday')
    expect(bad.statusCode).toBe(400)
    expect(JSON.stringify(bad.json())).toMatch(/overdue, today или tomorrow/)
  })

  it('«Напомнить» reaches the executor, is in the history and is limited to once an hour', async () => {
    const { app, database } = ctx
    const now = new Date()
    const unitCode = 'uobr'
    const executorLogin = await makeUser(database, 'executor', { unit: unitCode })
    const executor = await signIn(app, executorLogin)
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const a = await openAppeal({
      unit: unitCode,
      sector: 'education',
      registeredAt: new Date(now.getTime() - 31 * DAY),
      dueAt: new Date(now.getTime() - 3 * HOUR),
    })
    const remind = () =>
      app.inject({
        method: 'POST',
        url: `/api/control/appeals/${a.id}/remind`,
        headers: { cookie: coordinator },
      })
    const first = await remind()
    expect(first.statusCode).toBe(200)
    expect(first.json().target).toBe('executors')
    expect(first.json().message).toMatch(/^Напоминание отправлено исполнителям подразделения/)
    const second = await remind()
    expect(second.statusCode).toBe(429)
    expect(second.json().error.message).toMatch(/уже отправлено напоминание .*не чаще раза в 60 мин/)
    const bell = (
      await app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: executor } })
    ).json()
    expect(bell.unread).toBeGreaterThanOrEqual(1)
    const note = bell.items.find(
      (n: { appealId: number; kind: string }) => n.appealId === a.id && n.kind === 'manual',
    )
    expect(note.title).toMatch(/^Напоминание МЦУ: обращение №/)
    expect(note.link).toBe(`/appeals/${a.id}`)
    const card = (
      await app.inject({ method: 'GET', url: `/api/appeals/${a.id}`, headers: { cookie: coordinator } })
    ).json()
    expect(card.events.map((e: { type: string }) => e.type)).toContain('reminder_sent')
    // Mark read: only one's own; the count drops.
    const read = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: executor },
      payload: { ids: [note.id] },
    })
    expect(read.json().marked).toBe(1)
    const other = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: coordinator },
      payload: { ids: [note.id] },
    })
    expect(other.json().marked).toBe(0)
    const all = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: executor },
      payload: { all: true },
    })
    expect(all.statusCode).toBe(200)
    expect(
      (await app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: executor } })).json()
        .unread,
    ).toBe(0)
    const empty = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: executor },
      payload: { ids: [] },
    })
    expect(empty.statusCode).toBe(400)
  })

  it('«Эскалировать» goes to the unit head, the next time to the curating deputy; closed appeals are refused', async () => {
    const { database } = ctx
    const now = new Date()
    const head = await makeUser(database, 'unit_head', { unit: 'ugkh' })
    const deputy = await makeUser(database, 'deputy', { sectors: ['social'] })
    const coordinatorLogin = await makeUser(database, 'coordinator')
    const actor = await actorOf(coordinatorLogin)
    const a = await openAppeal({
      unit: 'ugkh',
      sector: 'social',
      registeredAt: new Date(now.getTime() - 31 * DAY),
      dueAt: new Date(now.getTime() - 3 * DAY),
    })
    const first = await database.db.transaction((tx) => manualNotify(tx, actor, a.id, 'escalate', now))
    expect(first.target).toBe('unit_head')
    await expect(
      database.db.transaction((tx) =>
        manualNotify(tx, actor, a.id, 'escalate', new Date(now.getTime() + 30 * 60_000)),
      ),
    ).rejects.toThrow(/уже была эскалация/)
    const second = await database.db.transaction((tx) =>
      manualNotify(tx, actor, a.id, 'escalate', new Date(now.getTime() + 61 * 60_000)),
    )
    expect(second.target).toBe('deputy')
    expect((await notesOf(head)).rows.filter((n) => Number(n.appeal_id) === a.id).map((n) => n.step)).toEqual(
      ['escalate'],
    )
    expect(
      (await notesOf(deputy)).rows.filter((n) => Number(n.appeal_id) === a.id).map((n) => n.step),
    ).toEqual(['escalate'])
    const events = await database.db
      .select()
      .from(appealEvents)
      .where(and(eq(appealEvents.appealId, a.id), eq(appealEvents.type, 'escalated')))
    expect(events.map((e) => e.data.target)).toEqual(['unit_head', 'deputy'])
    await database.db.update(appeals).set({ status: 'closed' }).where(eq(appeals.id, a.id))
    await expect(
      database.db.transaction((tx) =>
        manualNotify(tx, actor, a.id, 'remind', new Date(now.getTime() + 3 * HOUR)),
      ),
    ).rejects.toThrow(/уже не в работе/)
  })

  it('exports the same list as CSV and XLSX with personal data masked', async () => {
    const { app, database } = ctx
    const now = new Date()
    const a = await openAppeal({
      unit: 'ugkh',
      sector: 'housing',
      registeredAt: new Date(now.getTime() - 31 * DAY),
      dueAt: new Date(now.getTime() - HOUR),
    })
    const [{ reg_number: regNumber }] = (
      await database.db.execute<{ reg_number: string }>(sql`select reg_number from appeal where id = ${a.id}`)
    ).rows
    const cookie = await signIn(app, await makeUser(database, 'operator'))
    const csv = await app.inject({
      method: 'GET',
      url: '/api/control/export?format=csv&bucket=overdue&sector=housing',
      headers: { cookie },
    })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="kontrol-srokov-.*\.csv"/)
    expect(csv.body.startsWith('\uFEFFНомер;Сектор;Исполнитель')).toBe(true)
    const line = csv.body.split('\r\n').find((l) => l.startsWith(regNumber))
    expect(line).toContain('И*** И. И.')
    expect(csv.body).not.toContain('Иванов')
    const xlsx = await app.inject({
      method: 'GET',
      url: '/api/control/export?format=xlsx&bucket=overdue&sector=housing',
      headers: { cookie },
    })
    expect(xlsx.statusCode).toBe(200)
    const sheet = await readExcelFile(xlsx.rawPayload)
    const rows = (
      Array.isArray(sheet[0]) ? sheet : (sheet as unknown as { data: unknown[][] }[])[0].data
    ) as unknown[][]
    expect(rows[0][0]).toBe('Номер')
    expect(rows.find((r) => r[0] === regNumber)?.[6]).toBe('И*** И. И.')
    const bad = await app.inject({
      method: 'GET',
      url: '/api/control/export?format=pdf',
      headers: { cookie },
    })
    expect(bad.statusCode).toBe(400)
    expect(JSON.stringify(bad.json())).toMatch(/формат: csv или xlsx/)
  })
})

/** The actor of a login, as the session would give it. */
async function actorOf(login: string) {
  const [u] = await ctx.database.db.select().from(users).where(eq(users.login, login))
  return {
    id: u.id,
    login,
    fullName: u.fullName,
    role: u.role as 'coordinator',
    unitId: u.unitId,
    unitName: null,
    sectors: u.sectors,
  }
}
