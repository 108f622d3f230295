import { describe, expect, it } from 'vitest'
import { makeAppeal, makeUser, setupTestApp, signIn, unitId } from './helpers'

const ctx = setupTestApp()

describe('who sees what: "not yours" reads as "not found"', () => {
  it('an executor sees only its unit; a deputy only its sectors', async () => {
    const { app, database } = ctx
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const housing = await makeAppeal(database)
    await app.inject({
      method: 'POST',
      url: `/api/appeals/${housing.id}/assign`,
      headers: { cookie: operator },
      payload: { sectorCode: 'housing', unitId: await unitId(database, 'ugkh') },
    })
    const ownExecutor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    const otherExecutor = await signIn(app, await makeUser(database, 'executor', { unit: 'uobr' }))
    const housingDeputy = await signIn(app, await makeUser(database, 'deputy', { sectors: ['housing'] }))
    const schoolDeputy = await signIn(app, await makeUser(database, 'deputy', { sectors: ['education'] }))

    const get = (cookie: string) =>
      app.inject({ method: 'GET', url: `/api/appeals/${housing.id}`, headers: { cookie } })
    expect((await get(ownExecutor)).statusCode).toBe(200)
    expect((await get(housingDeputy)).statusCode).toBe(200)
    const foreign = await get(otherExecutor)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('NOT_FOUND')
    expect((await get(schoolDeputy)).statusCode).toBe(404)

    // Lists are scoped the same way, and acting on a foreign appeal is also "not found".
    const list = await app.inject({
      method: 'GET',
      url: `/api/appeals?q=${encodeURIComponent(housing.text.slice(22, 34))}`,
      headers: { cookie: otherExecutor },
    })
    expect(list.json().total).toBe(0)
    const answer = await app.inject({
      method: 'POST',
      url: `/api/appeals/${housing.id}/answer`,
      headers: { cookie: otherExecutor },
      payload: { text: 'Попытка ответить на чужое обращение, которая должна быть отклонена.' },
    })
    expect(answer.statusCode).toBe(404)
  })

  it('masks personal data for roles that do not work with applicants', async () => {
    const { app, database } = ctx
    const { id } = await makeAppeal(database)
    const head = await signIn(app, await makeUser(database, 'head'))
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const masked = (
      await app.inject({ method: 'GET', url: `/api/appeals/${id}`, headers: { cookie: head } })
    ).json()
    expect(masked.applicants[0]).toEqual({
      fullName: 'И*** И. И.',
      phone: '+7 *** ***-**-67',
      email: null,
      postalAddress: 'ул. Ленина, д. 5',
    })
    const full = (
      await app.inject({ method: 'GET', url: `/api/appeals/${id}`, headers: { cookie: operator } })
    ).json()
    expect(full.applicants[0].fullName).toBe('Иванов Иван Иванович')
  })
})
