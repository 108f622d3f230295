import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatDay, formatRating, formatShare } from './format'

describe('format', () => {
  it('shows Moscow time whatever the browser zone', () => {
    expect(formatDateTime('2026-11-27T21:05:00Z')).toBe('28.11.2026, 00:05')
    expect(formatDate('2026-12-27T20:59:59.999Z')).toBe('27.12.2026')
  })

  it('shows a calendar day without shifting it', () => {
    expect(formatDay('2026-11-01')).toBe('01.11')
  })

  it('uses a dash for missing values and a decimal comma', () => {
    expect(formatDateTime(null)).toBe('—')
    expect(formatRating(null)).toBe('—')
    expect(formatRating(4.25)).toBe('4,3')
    expect(formatShare(0.873).replace(/\s/g, ' ')).toBe('87 %')
  })
})
