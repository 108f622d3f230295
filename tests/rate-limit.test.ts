import { describe, expect, it } from 'vitest'
import { makeAppeal, setupTestApp } from './helpers'

const ctx = setupTestApp()

describe('guessing a tracking code', () => {
  it('is cut off after 30 tries a minute from one address, in Russian, and the right code then waits too', async () => {
    const { regNumber, trackingCode } = await makeAppeal(ctx.database)
    const url = (code: string) => `/api/public/appeals/${encodeURIComponent(regNumber)}?code=${code}`
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      const guess = String(i).padStart(6, '0')
      statuses.push(
        (await ctx.app.inject({ method: 'GET', url: url(guess === trackingCode ? '999999' : guess) }))
          .statusCode,
      )
    }
    expect(new Set(statuses)).toEqual(new Set([404]))
    const blocked = await ctx.app.inject({ method: 'GET', url: url(trackingCode as string) })
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json().error).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/Подождите/),
    })
    // Another address is not affected.
    const other = await ctx.app.inject({
      method: 'GET',
      url: url(trackingCode as string),
      remoteAddress: '10.0.0.9',
    })
    expect(other.statusCode).toBe(200)
  })
})
