import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadCalendar } from '../calendar/calendar'
import {
  controlWindows,
  digestDue,
  dueStep,
  type LadderStep,
  loadLadder,
  moscowDay,
  parseLadder,
  stepPoint,
} from './ladder'

const cal = loadCalendar()
const msk = (s: string) => new Date(`${s}+03:00`)
const raw = () =>
  JSON.parse(fs.readFileSync(new URL('../../../reference/escalation.json', import.meta.url), 'utf8'))
const step = (at: LadderStep['at']): Pick<LadderStep, 'at'> => ({ at })

describe('the ladder file', () => {
  it('ships the defaults: 50 %, 80 %, 1 working day left → executors; overdue → head; +1 working day → deputy', () => {
    const l = loadLadder()
    expect(l.steps.map((s) => [s.code, s.at, s.to])).toEqual([
      ['half', { share: 0.5 }, 'executors'],
      ['share80', { share: 0.8 }, 'executors'],
      ['day_left', { workingDaysLeft: 1 }, 'executors'],
      ['overdue', { overdueWorkingDays: 0 }, 'unit_head'],
      ['overdue_1', { overdueWorkingDays: 1 }, 'deputy'],
    ])
    for (const s of l.steps) expect(s.reason.length).toBeGreaterThan(20)
    expect(l.digestMinute).toBe(8 * 60 + 30)
    expect(l.manual.minIntervalMinutes).toBe(60)
    expect(l.urgent.followUpMinutes).toBe(30)
  })

  const bad: Array<[string, (r: ReturnType<typeof raw>) => void, RegExp]> = [
    ['no steps', (r) => (r.steps = []), /нет ни одного шага/],
    ['a share of 1', (r) => (r.steps[0].at = { share: 1 }), /меньше 1/],
    ['a share of 0', (r) => (r.steps[0].at = { share: 0 }), /больше 0/],
    ['an unknown target', (r) => (r.steps[0].to = 'mayor'), /executors, unit_head или deputy/],
    ['no reason', (r) => (r.steps[0].reason = ''), /причина/],
    ['a repeated code', (r) => (r.steps[1].code = 'half'), /«half» повторяется/],
    ['steps out of order', (r) => r.steps.reverse(), /по порядку времени/],
    ['two equal shares', (r) => (r.steps[1].at = { share: 0.5 }), /позже шага «half»/],
    ['0 working days left', (r) => (r.steps[2].at = { workingDaysLeft: 0 }), /не меньше 1/],
    ['fractional days', (r) => (r.steps[4].at = { overdueWorkingDays: 1.5 }), /целое/],
    ['a bad digest time', (r) => (r.digest.time = '8:30'), /ЧЧ:ММ/],
    ['an unknown key', (r) => (r.steps[0].extra = 1), /steps\.0/],
    ['two kinds in one step', (r) => (r.steps[0].at = { share: 0.5, workingDaysLeft: 1 }), /ровно одно/],
    ['no kind', (r) => (r.steps[0].at = {}), /ровно одно/],
    ['no manual limit', (r) => delete r.manual, /manual/],
    ['a follow-up after 1 minute', (r) => (r.urgent.followUpMinutes = 1), /не раньше чем через 5 минут/],
    ['a follow-up in hours', (r) => (r.urgent.followUpMinutes = '2ч'), /целое число/],
    ['no urgent follow-up', (r) => delete r.urgent, /urgent/],
  ]
  it.each(bad)('refuses %s with a Russian message naming the place', (_name, spoil, message) => {
    const r = raw()
    spoil(r)
    expect(() => parseLadder(r)).toThrow(/^Лестница эскалации \(reference\/escalation\.json\) неверна/)
    expect(() => parseLadder(r)).toThrow(message)
  })
})

describe('when a step falls due', () => {
  const appeal = { registeredAt: msk('2026-03-02T18:00:00'), dueAt: msk('2026-04-01T18:00:00') }

  it.each([
    [0.5, '2026-03-17T18:00:00'],
    [0.8, '2026-03-26T18:00:00'],
    [0.25, '2026-03-10T06:00:00'],
  ])('share %s of the term', (share, expected) => {
    expect(stepPoint(cal, step({ share }), appeal).toISOString()).toBe(msk(expected).toISOString())
  })

  it.each([
    // due, working days left, expected point (09:00 MSK of that working day)
    ['2026-03-04T23:59:59.999', 1, '2026-03-04T09:00:00'], // a plain Wednesday: that morning
    ['2026-03-04T18:00:00', 2, '2026-03-03T09:00:00'],
    ['2026-03-07T23:59:59.999', 1, '2026-03-06T09:00:00'], // Saturday → Friday
    ['2026-03-09T23:59:59.999', 1, '2026-03-06T09:00:00'], // 9 March 2026 is a day off (8 March on a Sunday)
    ['2026-03-09T23:59:59.999', 2, '2026-03-05T09:00:00'],
    ['2026-01-09T23:59:59.999', 1, '2025-12-30T09:00:00'], // New Year holidays and 31.12.2025 off
    ['2026-01-12T18:00:00', 1, '2026-01-12T09:00:00'], // the first working day of 2026
    ['2026-01-12T18:00:00', 2, '2025-12-30T09:00:00'],
    ['2026-05-11T23:59:59.999', 1, '2026-05-08T09:00:00'], // a short pre-holiday day still counts
  ])('due %s, %i working day(s) left → %s MSK', (due, n, expected) => {
    const p = stepPoint(cal, step({ workingDaysLeft: n }), {
      registeredAt: msk('2025-12-01T10:00:00'),
      dueAt: msk(due),
    })
    expect(p.toISOString()).toBe(msk(expected).toISOString())
  })

  it.each([
    ['2026-03-04T18:00:00', 0, '2026-03-04T18:00:00'], // overdue: the due moment itself
    ['2026-03-04T18:00:00', 1, '2026-03-05T18:00:00'],
    ['2026-03-06T18:00:00', 1, '2026-03-10T18:00:00'], // over the weekend and 9 March
    ['2025-12-30T18:00:00', 1, '2026-01-12T18:00:00'], // over the New Year holidays
    ['2026-05-07T18:00:00', 1, '2026-05-08T17:00:00'], // the next day is short: 17:00
  ])('due %s, overdue by %i working day(s) → %s MSK', (due, n, expected) => {
    const p = stepPoint(cal, step({ overdueWorkingDays: n }), {
      registeredAt: msk('2025-12-01T10:00:00'),
      dueAt: msk(due),
    })
    expect(p.toISOString()).toBe(msk(expected).toISOString())
  })

  it('names the latest due step only', () => {
    const l = loadLadder()
    const a = { registeredAt: msk('2026-03-02T18:00:00'), dueAt: msk('2026-04-01T18:00:00') }
    const at = (s: string) => dueStep(cal, l, a, msk(s))?.code ?? null
    expect(at('2026-03-10T12:00:00')).toBeNull()
    expect(at('2026-03-17T17:59:59')).toBeNull()
    expect(at('2026-03-17T18:00:00')).toBe('half')
    expect(at('2026-03-26T17:59:59')).toBe('half')
    expect(at('2026-03-26T18:00:00')).toBe('share80')
    expect(at('2026-04-01T08:59:59')).toBe('share80')
    expect(at('2026-04-01T09:00:00')).toBe('day_left')
    expect(at('2026-04-01T17:59:59')).toBe('day_left')
    expect(at('2026-04-01T18:00:00')).toBe('overdue')
    expect(at('2026-04-02T17:59:59')).toBe('overdue')
    expect(at('2026-04-02T18:00:00')).toBe('overdue_1')
    // Registered late at night with the due moment the same morning: straight to the latest step.
    const short = { registeredAt: msk('2026-03-03T20:00:00'), dueAt: msk('2026-03-04T13:00:00') }
    expect(dueStep(cal, l, short, msk('2026-03-04T09:30:00'))?.code).toBe('day_left')
  })
})

describe('board windows and the digest clock', () => {
  it.each([
    ['2026-03-04T12:00:00', '2026-03-04', '2026-03-05'], // Wednesday → Thursday
    ['2026-03-06T12:00:00', '2026-03-06', '2026-03-10'], // Friday → Tuesday (9 March off)
    ['2025-12-30T12:00:00', '2025-12-30', '2026-01-12'], // over the New Year holidays
    ['2026-03-07T12:00:00', '2026-03-07', '2026-03-10'], // on a Saturday: the next working day
  ])('at %s: today ends %s, «tomorrow» ends %s', (now, today, next) => {
    const w = controlWindows(cal, msk(now))
    expect(w.todayEnd.toISOString()).toBe(msk(`${today}T23:59:59.999`).toISOString())
    expect(w.tomorrowEnd.toISOString()).toBe(msk(`${next}T23:59:59.999`).toISOString())
  })

  it.each([
    ['2026-03-04T08:29:59', false],
    ['2026-03-04T08:30:00', true],
    ['2026-03-04T23:00:00', true],
    ['2026-03-07T09:00:00', false], // Saturday
    ['2026-01-05T09:00:00', false], // New Year holidays
    ['2026-03-09T09:00:00', false], // transferred day off
    ['2026-05-08T08:30:00', true], // a short day is a working day
  ])('digest due at %s: %s', (now, expected) => {
    expect(digestDue(cal, msk(now), 8 * 60 + 30)).toBe(expected)
  })

  it('keys the digest by the Moscow date', () => {
    expect(moscowDay(new Date('2026-03-03T21:30:00Z'))).toBe('2026-03-04')
    expect(moscowDay(new Date('2026-03-03T20:59:59Z'))).toBe('2026-03-03')
  })
})
