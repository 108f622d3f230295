import { describe, expect, it } from 'vitest'
import { isRegNumber, normaliseCode, normaliseRegNumber, trackPath } from './trackInput'

describe('tracking input', () => {
  it('fixes a Latin O typed instead of the Cyrillic О and removes spaces', () => {
    expect(normaliseRegNumber(' o-2026-000123 ')).toBe('О-2026-000123')
    expect(normaliseRegNumber('п-2026- 000045')).toBe('П-2026-000045')
  })

  it('recognises registration numbers', () => {
    expect(isRegNumber('О-2026-000123')).toBe(true)
    expect(isRegNumber('12')).toBe(false)
    expect(isRegNumber('О-26-1')).toBe(false)
  })

  it('keeps six digits of the code', () => {
    expect(normaliseCode('12 34-567')).toBe('123456')
  })

  it('encodes the Cyrillic number in the deep link', () => {
    expect(trackPath('О-2026-000123', '123456')).toBe('/track/%D0%9E-2026-000123?code=123456')
  })
})
