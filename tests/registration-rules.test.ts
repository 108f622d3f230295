import { describe, expect, it } from 'vitest'
import { makeAppeal, makeUser, setupTestApp, signIn, uniq } from './helpers'

const ctx = setupTestApp()
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString()

describe('registration rules (issue 3, item 10)', () => {
  it('keeps receipt and registration apart and flags a 59-ФЗ appeal registered later than 3 days after receipt', async () => {
    const operator = await signIn(ctx.app, await makeUser(ctx.database, 'operator'))
    const card = async (id: number) =>
      (
        await ctx.app.inject({ method: 'GET', url: `/api/appeals/${id}`, headers: { cookie: operator } })
      ).json()

    const late = await makeAppeal(ctx.database, { receivedAt: daysAgo(5) })
    const onTime = await makeAppeal(ctx.database, { receivedAt: daysAgo(2) })
    const message = await makeAppeal(ctx.database, {
      regime: 'message',
      channel: 'email',
      externalId: uniq('mail'),
      receivedAt: daysAgo(5),
    })

    const lateCard = await card(late.id)
    expect(Date.parse(lateCard.registeredAt) - Date.parse(lateCard.receivedAt)).toBeGreaterThan(
      4.9 * 86_400_000,
    )
    expect(lateCard.registeredLate).toBe(true)
    expect((await card(onTime.id)).registeredLate).toBe(false)
    // The 3-day rule is 59-ФЗ's (reference/regimes.json): messages outside it carry no such flag.
    expect((await card(message.id)).registeredLate).toBe(false)

    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/appeals?q=${encodeURIComponent(late.regNumber)}`,
      headers: { cookie: operator },
    })
    expect(list.json().items[0].registeredLate).toBe(true)
  })

  it('numbers each regime separately, per year, with its own prefix', async () => {
    const a = await makeAppeal(ctx.database, { regime: 'fz59' })
    const b = await makeAppeal(ctx.database, { regime: 'pos', channel: 'pos', externalId: uniq('pos') })
    const c = await makeAppeal(ctx.database, { regime: 'incident', channel: 'vk', externalId: uniq('vk') })
    const d = await makeAppeal(ctx.database, {
      regime: 'message',
      channel: 'telegram',
      externalId: uniq('tg'),
    })
    const year = new Date(Date.now() + 3 * 3_600_000).getUTCFullYear() // numbers follow the Moscow year
    expect([a, b, c, d].map((x) => x.regNumber.slice(0, 6))).toEqual([
      `О-${year}`,
      `П-${year}`,
      `И-${year}`,
      `С-${year}`,
    ])
  })
})
