import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { RoleCode } from '../common/domain'
import { jobs } from '../server/db/jobs.tables'
import { registerAppeal } from '../server/modules/appeals/appeals.service'
import { appealEvents } from '../server/modules/appeals/appeals.tables'
import type { RegistrationInput } from '../server/modules/appeals/registration'
import { makeAppeal, makeUser, setupTestApp, signIn, uniq, unitId } from './helpers'

/**
 * What the staff screens rely on beyond the basic flow: the card's channel details (without personal
 * data), the interim-answer action offered only where the server accepts it, and the dead-letter list.
 */

const ctx = setupTestApp()

const APPLICANT = {
  fullName: 'Иванов Иван Иванович',
  phone: '+7 910 123-45-67',
  email: 'ivanov.ivan@mail.ru',
  postalAddress: null,
  handle: null,
}

/** Registers an appeal with channel meta through the service, as an intake would. */
async function registerWithMeta(input: Partial<RegistrationInput>) {
  return ctx.database.db.transaction((tx) =>
    registerAppeal(
      tx,
      {
        regime: 'message',
        channel: 'phone',
        text: `Обращение ${uniq()}: во дворе не вывозят мусор уже неделю`,
        applicants: [APPLICANT],
        ...input,
      },
      { kind: 'system' },
    ),
  )
}

async function card(id: number, cookie: string) {
  return ctx.app.inject({ method: 'GET', url: `/api/appeals/${id}`, headers: { cookie } })
}

const sessions = new Map<string, Promise<string>>()

/** A signed-in user of the role (one per role and unit, reused: logins are rate-limited). */
function as(role: RoleCode, opts: { unit?: string; sectors?: string[] } = {}): Promise<string> {
  const key = JSON.stringify([role, opts])
  let session = sessions.get(key)
  if (!session) {
    session = makeUser(ctx.database, role, opts).then((login) => signIn(ctx.app, login))
    sessions.set(key, session)
  }
  return session
}

/** A phone appeal (no channel notices) assigned to Управление ЖКХ. */
async function phoneAppealInWork() {
  const a = await makeAppeal(ctx.database, { sectorCode: 'housing' })
  const assigned = await ctx.app.inject({
    method: 'POST',
    url: `/api/appeals/${a.id}/assign`,
    headers: { cookie: await as('operator') },
    payload: { sectorCode: 'housing', unitId: await unitId(ctx.database, 'ugkh') },
  })
  expect(assigned.statusCode, assigned.body).toBe(200)
  return a
}

const interimEvents = (appealId: number) =>
  ctx.database.db
    .select()
    .from(appealEvents)
    .where(and(eq(appealEvents.appealId, appealId), eq(appealEvents.type, 'interim_answer')))

describe('card: channel details', () => {
  it('shows ПОС facts from meta and nothing personal, to every role that opens the card', async () => {
    const posId = uniq('POS')
    const reg = await registerWithMeta({
      channel: 'pos',
      regime: 'pos',
      externalId: posId,
      meta: {
        pos: { posId, opaId: 'OPA-1', category: 'ЖКХ', subcategory: 'Мусор', fz59: false },
        // What must never leave the server even if an intake stored it.
        telegram: { chatId: 555001, userId: 555001 },
      },
    })
    for (const cookie of [await as('operator'), await as('head')]) {
      const res = await card(reg.id, cookie)
      expect(res.statusCode, res.body).toBe(200)
      const info = res.json().channelInfo as { label: string; value: string }[]
      expect(info).toEqual(
        expect.arrayContaining([
          { label: 'ПОС: номер сообщения', value: posId },
          { label: 'ПОС: рубрика', value: 'ЖКХ / Мусор' },
          { label: 'По 59-ФЗ (через ЕПГУ)', value: 'нет' },
        ]),
      )
      const text = JSON.stringify(info)
      for (const secret of ['Иванов', '910', 'ivanov', '555001']) expect(text).not.toContain(secret)
    }
  })

  it('is an empty list for an appeal without channel meta', async () => {
    const a = await makeAppeal(ctx.database)
    const res = await card(a.id, await as('coordinator'))
    expect(res.json().channelInfo).toEqual([])
  })
})

describe('card: the interim-answer action', () => {
  it('is offered to operator, coordinator and the unit’s executor and head on an open appeal only', async () => {
    const a = await phoneAppealInWork()
    const offered: Partial<Record<RoleCode, boolean>> = {}
    const viewers: [RoleCode, { unit?: string; sectors?: string[] }][] = [
      ['operator', {}],
      ['coordinator', {}],
      ['executor', { unit: 'ugkh' }],
      ['unit_head', { unit: 'ugkh' }],
      ['head', {}],
      ['deputy', { sectors: ['housing'] }],
      ['cur_viewer', {}],
      ['admin', {}],
    ]
    for (const [role, opts] of viewers) {
      const res = await card(a.id, await as(role, opts))
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200)
      offered[role] = res.json().actions.includes('interim_answer')
    }
    expect(offered).toEqual({
      operator: true,
      coordinator: true,
      executor: true,
      unit_head: true,
      head: false,
      deputy: false,
      cur_viewer: false,
      admin: false,
    })
    // Another unit's executor does not see the appeal at all.
    expect((await card(a.id, await as('executor', { unit: 'utdh' }))).statusCode).toBe(404)

    const closed = await registerWithMeta({ status: 'closed' })
    const res = await card(closed.id, await as('operator'))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().actions).not.toContain('interim_answer')
  })

  it('sends: the history gets the public event, the status stays, the form stays offered', async () => {
    const a = await phoneAppealInWork()
    const executor = await as('executor', { unit: 'ugkh' })
    const text = 'Работы по вывозу мусора запланированы на май, подрядчик уже выбран.'
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/appeals/${a.id}/interim-answer`,
      headers: { cookie: executor },
      payload: { text },
    })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.status.code).toBe('in_work')
    expect(body.events.at(-1)).toMatchObject({ type: 'interim_answer', note: text, public: true })
    expect(body.actions).toContain('interim_answer')
  })

  it('refuses in Russian and changes nothing: short text, a role without it, a closed appeal', async () => {
    const a = await phoneAppealInWork()
    const short = await ctx.app.inject({
      method: 'POST',
      url: `/api/appeals/${a.id}/interim-answer`,
      headers: { cookie: await as('operator') },
      payload: { text: 'скоро' },
    })
    expect(short.statusCode).toBe(400)
    expect(short.body).toMatch(/слишком короткий/)
    const byHead = await ctx.app.inject({
      method: 'POST',
      url: `/api/appeals/${a.id}/interim-answer`,
      headers: { cookie: await as('head') },
      payload: { text: 'Работы запланированы на май месяц.' },
    })
    expect(byHead.statusCode).toBe(403)
    expect(await interimEvents(a.id)).toHaveLength(0)

    const closed = await registerWithMeta({ status: 'closed' })
    const late = await ctx.app.inject({
      method: 'POST',
      url: `/api/appeals/${closed.id}/interim-answer`,
      headers: { cookie: await as('operator') },
      payload: { text: 'Работы запланированы на май месяц.' },
    })
    expect(late.statusCode).toBe(409)
    expect(late.json().error.message).toMatch(/Промежуточный ответ недоступен/)
    expect(await interimEvents(closed.id)).toHaveLength(0)
  })
})

describe('dead letters as the «Недоставленное» page shows them', () => {
  it('names the appeal, hides the tracking code and masks an address in the error', async () => {
    const a = await makeAppeal(ctx.database)
    const [dead] = await ctx.database.db
      .insert(jobs)
      .values({
        name: 'email.ack',
        payload: { appealId: a.id, trackingCode: '314159' },
        state: 'dead',
        attempts: 8,
        lastError: '550 5.1.1 <ivanov.ivan@mail.ru>: Recipient address rejected',
        finishedAt: new Date(),
      })
      .returning({ id: jobs.id })
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/dead-letters',
      headers: { cookie: await as('coordinator') },
    })
    expect(res.statusCode, res.body).toBe(200)
    const item = res.json().items.find((d: { id: number }) => d.id === dead.id)
    expect(item).toMatchObject({
      title: 'Подтверждение регистрации письма',
      appeal: { id: a.id, regNumber: a.regNumber },
      payload: { appealId: a.id },
      attempts: 8,
    })
    expect(JSON.stringify(item)).not.toContain('314159')
    expect(item.lastError).toBe('550 5.1.1 <i***@mail.ru>: Recipient address rejected')

    const byExecutor = await ctx.app.inject({
      method: 'GET',
      url: '/api/dead-letters',
      headers: { cookie: await as('executor', { unit: 'ugkh' }) },
    })
    expect(byExecutor.statusCode).toBe(403)
  })

  it('replays the chosen ones and says how many; an empty choice is a Russian 400', async () => {
    // A job name no worker handles: once requeued it just waits, and no other test file runs it.
    const [dead] = await ctx.database.db
      .insert(jobs)
      .values({
        name: uniq('test.unhandled'),
        payload: {},
        state: 'dead',
        attempts: 8,
        finishedAt: new Date(),
      })
      .returning({ id: jobs.id })
    const cookie = await as('operator')
    const empty = await ctx.app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      headers: { cookie },
      payload: { ids: [] },
    })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toMatch(/выберите задания/)

    const replay = await ctx.app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      headers: { cookie },
      payload: { ids: [dead.id] },
    })
    expect(replay.json()).toEqual({ requeued: 1 })
    const [row] = await ctx.database.db.select().from(jobs).where(eq(jobs.id, dead.id))
    expect(row).toMatchObject({ state: 'queued', attempts: 0 })
  })
})
