import { describe, expect, it } from 'vitest'
import { jobsWord, replayMessage } from './replayMessage'

describe('replay message', () => {
  it('agrees «задание» with the number', () => {
    expect([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map((n) => `${n} ${jobsWord(n)}`)).toEqual([
      '1 задание',
      '2 задания',
      '4 задания',
      '5 заданий',
      '11 заданий',
      '12 заданий',
      '14 заданий',
      '21 задание',
      '22 задания',
      '25 заданий',
      '101 задание',
      '111 заданий',
    ])
  })

  it('says how many were requeued', () => {
    expect(replayMessage(3)).toMatch(/^Снова поставлено в очередь: 3 задания\./)
  })
})
