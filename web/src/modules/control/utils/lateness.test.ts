import { describe, expect, it } from 'vitest'
import { latenessText } from './lateness'

describe('lateness text', () => {
  it.each([
    [null, ''],
    [{ minutes: 0, workingDays: 0 }, '0 мин'],
    [{ minutes: 59, workingDays: 0 }, '59 мин'],
    [{ minutes: 60, workingDays: 0 }, '1 ч'],
    [{ minutes: 23 * 60 + 59, workingDays: 0 }, '23 ч'],
    [{ minutes: 3 * 24 * 60, workingDays: 1 }, '1 раб. дн.'],
    [{ minutes: 20 * 24 * 60, workingDays: 12 }, '12 раб. дн.'],
  ])('%j → «%s»', (late, text) => {
    expect(latenessText(late)).toBe(text)
  })
})
