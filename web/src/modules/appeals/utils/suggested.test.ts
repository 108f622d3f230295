import { describe, expect, it } from 'vitest'
import { appealsWord, canSendBySuggestion, confidenceText, suggestedMessage } from './suggested'

describe('«Направить по предложению» in the queue', () => {
  it('says the number of appeals in Russian', () => {
    expect([1, 2, 5, 11, 21, 22, 112].map((n) => `${n} ${appealsWord(n)}`)).toEqual([
      '1 обращение',
      '2 обращения',
      '5 обращений',
      '11 обращений',
      '21 обращение',
      '22 обращения',
      '112 обращений',
    ])
  })

  it('reports what went and every refusal with its reason', () => {
    const said = suggestedMessage([
      { id: 1, regNumber: 'О-2026-000001', ok: true },
      { id: 2, regNumber: 'О-2026-000002', ok: false, error: 'исполнитель уже назначен' },
      { id: 3, regNumber: null, ok: false, error: 'Обращение не найдено' },
      { id: 4, regNumber: 'О-2026-000004', ok: true },
    ])
    expect(said.sent).toBe('Направлено по предложению: 2 обращения.')
    expect(said.refused).toEqual(['О-2026-000002: исполнитель уже назначен', '№ 3: Обращение не найдено'])
    expect(suggestedMessage([{ id: 5, regNumber: null, ok: false, error: 'нет' }]).sent).toBe(
      'Ничего не направлено.',
    )
  })

  it('offers a row only when the server offers its proposal', () => {
    const row = (sendable: boolean) =>
      ({
        suggestion: {
          sector: { code: 'roads', name: 'Дороги' },
          topic: null,
          confidence: 0.7,
          unit: { id: 1, shortName: 'Автодор' },
          sendable,
          why: sendable ? null : 'уверенность низкая',
        },
      }) as never
    expect(canSendBySuggestion(row(true))).toBe(true)
    expect(canSendBySuggestion(row(false))).toBe(false)
    expect(canSendBySuggestion({ suggestion: null } as never)).toBe(false)
    expect(confidenceText(0.724)).toBe('72 %')
  })
})
