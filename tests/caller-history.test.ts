import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { pdAccessLog, users } from '../server/modules/users/users.tables'
import { makeAppeal, makeUser, setupTestApp, signIn, uniq } from './helpers'

const ctx = setupTestApp()

describe("the phone operator sees the caller's earlier appeals from every channel", () => {
  it('finds them by the phone however it is written, or by the beginning of the surname', async () => {
    const { app, database } = ctx
    const digits = String(Math.floor(Math.random() * 9_000_000) + 1_000_000)
    const surname = `Звонарёв${uniq('x').slice(-5)}`
    const first = await makeAppeal(database, {
      channel: 'pos',
      regime: 'pos',
      externalId: uniq('pos'),
      applicants: [{ fullName: `${surname} Пётр Ильич`, phone: `8 (911) ${digits}` }],
    })
    const second = await makeAppeal(database, {
      channel: 'email',
      regime: 'message',
      applicants: [{ fullName: 'Другой Человек', phone: `+7 911 ${digits}` }],
    })
    await makeAppeal(database, { applicants: [{ fullName: 'Посторонний', phone: '+7 900 000-00-01' }] })

    const login = await makeUser(database, 'operator')
    const operator = await signIn(app, login)
    const byPhone = await app.inject({
      method: 'GET',
      url: `/api/appeals/caller-history?phone=${encodeURIComponent(`+7-911-${digits}`)}`,
      headers: { cookie: operator },
    })
    expect(byPhone.statusCode, byPhone.body).toBe(200)
    expect(
      byPhone
        .json()
        .items.map((i: { id: number }) => i.id)
        .sort(),
    ).toEqual([first.id, second.id].sort())
    expect(
      byPhone
        .json()
        .items.map((i: { channel: { code: string } }) => i.channel.code)
        .sort(),
    ).toEqual(['email', 'pos'])

    const byName = await app.inject({
      method: 'GET',
      url: `/api/appeals/caller-history?name=${encodeURIComponent(surname.slice(0, 12))}`,
      headers: { cookie: operator },
    })
    expect(byName.json().items.map((i: { id: number }) => i.id)).toEqual([first.id])
    // Names are masked in the list, yet enough to tell namesakes apart.
    expect(byName.json().items[0].applicantName).toBe('З*** П. И.')

    // Every lookup is written to the personal-data access log.
    const [user] = await database.db.select().from(users).where(eq(users.login, login))
    const logged = await database.db
      .select()
      .from(pdAccessLog)
      .where(and(eq(pdAccessLog.userId, user.id), eq(pdAccessLog.action, 'caller_lookup')))
    expect(logged).toHaveLength(2)
  })

  it('asks for a full phone or three letters, and is closed to roles that do not take calls', async () => {
    const { app, database } = ctx
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const short = await app.inject({
      method: 'GET',
      url: '/api/appeals/caller-history?name=Ив',
      headers: { cookie: operator },
    })
    expect(short.statusCode).toBe(400)
    expect(short.json().error.message).toMatch(/трёх букв/)
    const head = await signIn(app, await makeUser(database, 'head'))
    const forbidden = await app.inject({
      method: 'GET',
      url: '/api/appeals/caller-history?phone=89110000000',
      headers: { cookie: head },
    })
    expect(forbidden.statusCode).toBe(403)
  })
})
