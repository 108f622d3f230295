import { describe, expect, it } from 'vitest'
import { pluralRu } from './plural'

describe('pluralRu', () => {
  it('picks the form Russian uses with the number', () => {
    const day = (n: number) => `${n} ${pluralRu(n, 'день', 'дня', 'дней')}`
    expect([0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112].map(day)).toEqual([
      '0 дней',
      '1 день',
      '2 дня',
      '4 дня',
      '5 дней',
      '11 дней',
      '12 дней',
      '14 дней',
      '21 день',
      '22 дня',
      '25 дней',
      '101 день',
      '111 дней',
      '112 дней',
    ])
  })
})
