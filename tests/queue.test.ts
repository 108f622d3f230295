import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { makeAppeal, makeUser, setupTestApp, signIn, uniq } from './helpers'

const ctx = setupTestApp()

describe('the work queue (GET /api/appeals)', () => {
  it('open=true leaves out finished appeals; a status asked for wins; without it everything is listed', async () => {
    const tag = uniq()
    const open = await makeAppeal(ctx.database, { text: `Не горит фонарь во дворе (${tag})` })
    const closed = await makeAppeal(ctx.database, { text: `Не вывезли мусор (${tag})` })
    await ctx.database.db.update(appeals).set({ status: 'closed' }).where(eq(appeals.id, closed.id))
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const ids = async (query: string) => {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/appeals?q=${encodeURIComponent(tag)}${query}`,
        headers: { cookie: operator },
      })
      expect(res.statusCode, res.body).toBe(200)
      return res
        .json()
        .items.map((i: { id: number }) => i.id)
        .sort()
    }
    expect(await ids('&open=true')).toEqual([open.id])
    expect(await ids('')).toEqual([open.id, closed.id].sort())
    expect(await ids('&open=true&status=closed')).toEqual([closed.id])
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/appeals?open=да',
      headers: { cookie: operator },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toMatch(/[а-я]/)
  })
})
