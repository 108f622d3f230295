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

describe('guessing a password', () => {
  it('is cut off after 20 sign-ins a minute from one address (VECHE_LOGIN_PER_MINUTE), in Russian', async () => {
    const login = (remoteAddress: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        payload: { login: 'nobody', password: 'wrong-password' },
      })
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) statuses.push((await login('10.0.0.20')).statusCode)
    expect(new Set(statuses)).toEqual(new Set([401]))
    const blocked = await login('10.0.0.20')
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json().error.message).toMatch(/Подождите/)
    expect((await login('10.0.0.21')).statusCode).toBe(401)
  })
})
