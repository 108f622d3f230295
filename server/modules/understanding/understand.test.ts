import { describe, expect, it } from 'vitest'
import { understandBatch, understandText } from './understand'
import { fileUnderstander } from './understander'

const u = fileUnderstander()
const one = (text: string, extra: Record<string, unknown> = {}) =>
  understandText(u, { id: '1', text, created_at: '2026-01-15T10:00:00Z', ...extra })

describe('the understanding step', () => {
  it('reads sector, topic code, street, house, district and point from a plain complaint', () => {
    const r = one('Огромная яма на проезжей части на проспекте Гагарина возле дома 12, пробил колесо')
    expect(r.sector).toBe('roads')
    expect(r.sector_confidence).toBeGreaterThan(0.5)
    expect(r.topic_code).toMatch(/^\d{4}(\.\d{4}){3,4}$/)
    expect(r).toMatchObject({ street: 'проспект Гагарина', house: '12', is_request: true })
    expect(r.district).not.toBeNull()
    expect(r.lat).toBeGreaterThan(54.7)
    expect(r.details.sectors).toHaveLength(3)
  })

  it('recognises the main streets however they are written', () => {
    for (const [text, street] of [
      ['нет горячей воды, Николаева 5', 'улица Николаева'],
      ['на улице Николаева д.5 не вывозят мусор', 'улица Николаева'],
      ['ул.Николаева, д. 5 — протекает крыша', 'улица Николаева'],
      ['пр-т Гагарина 12 не горят фонари', 'проспект Гагарина'],
      ['по проспекту Гагарина нет разметки', 'проспект Гагарина'],
      ['на Большой Советской 10 разбит тротуар', 'улица Большая Советская'],
    ] as const) {
      expect(one(text).street, text).toBe(street)
    }
  })

  it('flags urgency with reasons and finds personal data in the text', () => {
    const r = one(
      'Прорвало трубу, кипятком топит подвал, в доме дети! Звоните 8-910-123-45-67, Иванов И.И., кв. 12',
    )
    expect(r.urgent).toBe(true)
    expect(r.details.urgency.reasons.length).toBeGreaterThan(0)
    expect(r.details.personal_data.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['phone', 'name', 'flat']),
    )
  })

  it('gives a low-confidence answer with a reason to bad input, never an exception', () => {
    for (const text of [
      '',
      '   ',
      '😀😀😀🔥',
      '!!!???',
      'a'.repeat(100_000),
      `<div>${'<p>&nbsp;</p>'.repeat(5000)}</div>`,
    ]) {
      const r = one(text)
      expect(r.sector_confidence, text.slice(0, 20)).toBeLessThan(0.5)
      expect(r.details.notes.length + (r.sector === null ? 1 : 0)).toBeGreaterThan(0)
    }
    const html = one('<p>Во дворе&nbsp;дома не вывозят <b>мусор</b> уже неделю, контейнеры переполнены</p>')
    expect(html.sector).toBe('waste')
    const latin = one('Na ulice Nikolaeva 12 net goryachey vody uzhe nedelyu')
    expect(latin.details.notes.join(' ')).toContain('транслит')
    expect(latin.sector).toBe('housing')
    const mixed = one('Добрий день, на вулиці немає світла, ліхтарі не горять')
    expect(mixed.details.notes.join(' ')).toMatch(/украинск/)
    const outside = one('г. Москва, ул. Тверская, д. 7 — яма на дороге')
    expect(outside.street).toBeNull()
  })

  it('tells a request from noise', () => {
    expect(one('Спасибо администрации за новую детскую площадку, дети в восторге!').is_request).toBe(false)
    expect(one('Когда уберут снег во дворе дома 5 по Николаева? Не пройти').is_request).toBe(true)
  })

  it('groups duplicates of one batch and keeps different problems apart', () => {
    const rs = understandBatch(u, [
      { id: 'a', text: 'Яма на дороге у дома 12 по проспекту Гагарина', created_at: '2026-03-01T10:00:00Z' },
      {
        id: 'b',
        text: 'проспект Гагарина 12 — огромная яма на проезжей части',
        created_at: '2026-03-02T10:00:00Z',
      },
      {
        id: 'c',
        text: 'Не горит фонарь у дома 12 на проспекте Гагарина',
        created_at: '2026-03-02T11:00:00Z',
      },
      { id: 'd', text: 'Яма на дороге у дома 12 по проспекту Гагарина', created_at: '2026-05-01T10:00:00Z' },
    ])
    const g = Object.fromEntries(rs.map((r) => [r.id, r.group]))
    expect(g.a).toBe(g.b)
    expect(g.c).not.toBe(g.a)
    expect(g.d).not.toBe(g.a)
  })

  it('understands 2 000 texts in well under a few seconds (speed is measured in npm run eval)', () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({
      id: String(i),
      text: `Во дворе дома ${i % 50} по улице Николаева не вывозят мусор, контейнеры переполнены`,
      created_at: '2026-03-01T10:00:00Z',
    }))
    const rs = understandBatch(u, items)
    expect(rs).toHaveLength(2000)
    expect(new Set(rs.map((r) => r.sector))).toEqual(new Set(['waste']))
  })
})
