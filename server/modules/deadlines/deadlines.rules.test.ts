import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadCalendar } from '../calendar/calendar'
import {
  type CheckContext,
  checkRuleSet,
  type DeadlineRule,
  describeTerm,
  explainRule,
  matchRule,
  RuleSetError,
  shadows,
  stageDues,
} from './deadlines.rules'
import { computeDueAt } from './deadlines.service'

const file = JSON.parse(
  fs.readFileSync(new URL('../../../reference/deadlines.json', import.meta.url), 'utf8'),
)
const cal = loadCalendar()
const STATUSES = [
  'registered',
  'moderation',
  'routing',
  'in_work',
  'returned',
  'answer_prepared',
  'answer_approved',
].map((code) => ({ code, isOpen: true }))
const ctx = (now = new Date('2026-03-02T10:00:00+03:00')): CheckContext => ({
  statuses: [...STATUSES, { code: 'closed', isOpen: false }],
  channels: ['phone', 'pos', 'vk', 'email', 'web'],
  tryTerm: (t) => {
    computeDueAt(t, computeDueAt(t, now, cal), cal)
  },
})
const withRules = (rules: unknown[]) => ({ ...file, rules })
const problems = (raw: unknown, c = ctx()) => {
  try {
    checkRuleSet(raw, c)
    return []
  } catch (err) {
    expect(err).toBeInstanceOf(RuleSetError)
    return (err as RuleSetError).problems
  }
}
const rule = (over: Partial<DeadlineRule> & Pick<DeadlineRule, 'code' | 'regime'>): DeadlineRule =>
  ({ kind: 'working_days', amount: 8, description: 'правило для проверки', ...over }) as DeadlineRule
const catchAll = ['fz59', 'pos', 'incident', 'message'].map((regime) =>
  rule({ code: `${regime}-all`, regime: regime as 'pos' }),
)

describe('the shipped rule set (reference/deadlines.json)', () => {
  it('passes every check', () => {
    expect(problems(file)).toEqual([])
  })

  it.each([
    [{ regime: 'fz59', channel: 'phone' }, 'fz59-answer'],
    [{ regime: 'fz59', channel: 'pos', categories: ['social'] }, 'fz59-answer'],
    [{ regime: 'pos', channel: 'pos', categories: ['social'] }, 'pos-social'],
    [{ regime: 'pos', channel: 'pos', categories: ['roads', 'social'] }, 'pos-social'],
    [{ regime: 'pos', channel: 'pos', categories: ['roads'] }, 'pos-answer'],
    [{ regime: 'pos', channel: 'pos' }, 'pos-answer'],
    [{ regime: 'incident', channel: 'vk' }, 'incident-reaction'],
    [{ regime: 'message', channel: 'email' }, 'message-answer'],
  ])('%o → %s', (input, code) => {
    expect(matchRule(checkRuleSet(file, ctx()), input).code).toBe(code)
  })

  it('59-ФЗ: 30 calendar days from registration, to the end of the 30th day in Moscow', () => {
    const set = checkRuleSet(file, ctx())
    const r = matchRule(set, { regime: 'fz59' })
    expect(computeDueAt(r, new Date('2025-03-03T12:00:00+03:00'), cal).toISOString()).toBe(
      '2025-04-02T20:59:59.999Z',
    )
    expect(set.extension).toMatchObject({ maxDays: 30, maxCount: 1, regimes: ['fz59'] })
    expect(set.infoRequest).toMatchObject({ kind: 'calendar_days', amount: 15 })
    expect(set.clarification.regimes).not.toContain('fz59')
  })
})

describe('matchRule: first match wins', () => {
  const set = {
    rules: [
      rule({ code: 'pos-vk-roads', regime: 'pos', channels: ['vk'], categories: ['roads'], amount: 2 }),
      rule({ code: 'pos-roads', regime: 'pos', categories: ['roads', 'pothole'], amount: 3 }),
      rule({ code: 'pos-vk', regime: 'pos', channels: ['vk'], amount: 4 }),
      ...catchAll,
    ],
  }
  it.each([
    [{ regime: 'pos', channel: 'vk', categories: ['roads'] }, 'pos-vk-roads'],
    [{ regime: 'pos', channel: 'pos', categories: ['roads'] }, 'pos-roads'],
    [{ regime: 'pos', channel: 'vk', categories: ['pothole'] }, 'pos-roads'],
    [{ regime: 'pos', channel: 'vk', categories: [] }, 'pos-vk'],
    [{ regime: 'pos', channel: 'vk', categories: [null, undefined, 'waste'] }, 'pos-vk'],
    [{ regime: 'pos', channel: null }, 'pos-all'],
    [{ regime: 'pos' }, 'pos-all'],
    [{ regime: 'fz59', channel: 'vk', categories: ['roads'] }, 'fz59-all'],
  ])('%o → %s', (input, code) => {
    expect(matchRule(set, input).code).toBe(code)
  })
  it('an unknown regime is an error, not a silent default', () => {
    expect(() => matchRule(set, { regime: 'nonsense' })).toThrow('Неизвестный режим обращения «nonsense»')
  })
})

describe('shadows: a later rule caught entirely by an earlier one', () => {
  it.each([
    [{}, {}, true],
    [{}, { channels: ['vk'] }, true],
    [{}, { categories: ['roads'] }, true],
    [{ channels: ['vk'] }, {}, false],
    [{ channels: ['vk', 'ok'] }, { channels: ['vk'] }, true],
    [{ channels: ['vk'] }, { channels: ['vk', 'ok'] }, false],
    [{ categories: ['roads'] }, { categories: ['roads'], channels: ['vk'] }, true],
    [{ categories: ['roads'], channels: ['vk'] }, { categories: ['roads'] }, false],
    [{ categories: ['roads', 'waste'] }, { categories: ['waste'] }, true],
    [{ categories: ['roads'] }, { categories: ['waste'] }, false],
  ])('%o before %o → %s', (a, b, expected) => {
    expect(shadows(rule({ code: 'a', regime: 'pos', ...a }), rule({ code: 'b', regime: 'pos', ...b }))).toBe(
      expected,
    )
  })
  it('never across regimes', () => {
    expect(shadows(rule({ code: 'a', regime: 'pos' }), rule({ code: 'b', regime: 'fz59' }))).toBe(false)
  })
})

describe('checkRuleSet refuses, naming the rules', () => {
  it('an overlap: a rule shadowed by an earlier one', () => {
    const p = problems(
      withRules([
        rule({ code: 'pos-all-first', regime: 'pos' }),
        rule({ code: 'pos-roads', regime: 'pos', categories: ['roads'] }),
        ...catchAll,
      ]),
    )
    expect(p.join('\n')).toMatch(/Перекрытие: правило «pos-roads» никогда не сработает.*«pos-all-first»/)
    // the shipped catch-all after it is shadowed too
    expect(p.join('\n')).toMatch(/«pos-all» никогда не сработает/)
  })

  it('a gap: a regime without a catch-all rule, or without any rule', () => {
    const p = problems(
      withRules([rule({ code: 'pos-roads', regime: 'pos', categories: ['roads'] }), ...catchAll.slice(0, 1)]),
    )
    expect(p).toContain(
      'Пробел: для режима «pos» нет общего правила (без каналов и категорий) — обращения, не подошедшие под «pos-roads», останутся без срока',
    )
    expect(p).toContain(
      'Пробел: для режима «incident» нет ни одного правила — его обращения останутся без срока',
    )
    expect(p).toContain(
      'Пробел: для режима «message» нет ни одного правила — его обращения останутся без срока',
    )
  })

  it('a rule that needs a calendar year that is not loaded', () => {
    const late = ctx(new Date('2027-12-20T10:00:00+03:00'))
    const p = problems(file, late)
    expect(p).toContain(
      'Правило «pos-answer»: Не удалось рассчитать срок: Производственный календарь на 2028 год не загружен',
    )
    // 59-ФЗ calendar days without moving off days never consult the calendar: still fine
    expect(p.join('\n')).not.toMatch(/fz59-answer/)
  })

  it.each([
    [
      { code: 'Плохой код', regime: 'pos', kind: 'working_days', amount: 8, description: 'описание правила' },
      /код правила/,
    ],
    [
      { code: 'x', regime: 'nope', kind: 'working_days', amount: 8, description: 'описание правила' },
      /режим/,
    ],
    [{ code: 'x', regime: 'pos', kind: 'weeks', amount: 8, description: 'описание правила' }, /вид срока/],
    [
      { code: 'x', regime: 'pos', kind: 'working_days', amount: 0, description: 'описание правила' },
      /не меньше 1/,
    ],
    [
      { code: 'x', regime: 'pos', kind: 'working_days', amount: 1.5, description: 'описание правила' },
      /целое/,
    ],
    [{ code: 'x', regime: 'pos', kind: 'working_days', amount: 8, description: 'нет' }, /источником/],
    [{ code: 'x', regime: 'pos', kind: 'working_days', amount: 8 }, /description/],
    [
      { code: 'x', regime: 'pos', kind: 'calendar_days', amount: 8, description: 'описание правила' },
      /moveOffDay/,
    ],
    [
      {
        code: 'x',
        regime: 'pos',
        kind: 'working_days',
        amount: 8,
        description: 'описание правила',
        extra: 1,
      },
      /extra|Unrecognized|ключ/i,
    ],
    [
      {
        code: 'x',
        regime: 'pos',
        kind: 'working_days',
        amount: 8,
        description: 'описание правила',
        channels: [],
      },
      /пустой список/,
    ],
  ])('a malformed rule %o', (bad, message) => {
    expect(problems(withRules([bad, ...catchAll])).join('\n')).toMatch(message)
  })

  it('duplicate codes and unknown channels', () => {
    const p = problems(withRules([rule({ code: 'pos-all', regime: 'pos', channels: ['fax'] }), ...catchAll]))
    expect(p).toContain('Код правила «pos-all» встречается дважды')
    expect(p).toContain('Правило «pos-all»: неизвестный канал «fax»')
  })

  it('stages: must grow, end at 1 and name open statuses', () => {
    const stages = [
      { code: 'moderation', name: 'Модерация', statuses: ['registered'], until: 0.5 },
      { code: 'routing', name: 'Координация', statuses: ['closed'], until: 0.4 },
      { code: 'execution', name: 'Исполнение', statuses: ['nope'], until: 0.9 },
    ]
    const p = problems({ ...file, stages })
    expect(p).toContain('Этап «Координация»: доли срока этапов должны возрастать (0.4 после 0.5)')
    expect(p).toContain('Этап «Координация»: статус «closed» не открытый')
    expect(p).toContain('Этап «Исполнение»: неизвестный статус «nope»')
    expect(p).toContain('Последний этап должен заканчиваться вместе со сроком ответа (until = 1)')
  })

  it('an extension beyond the law (more than 30 days or twice)', () => {
    expect(problems({ ...file, extension: { ...file.extension, maxDays: 31 } }).join()).toMatch(
      /не больше 30 дней/,
    )
    expect(problems({ ...file, extension: { ...file.extension, maxCount: 2 } }).join()).toMatch(/один раз/)
  })

  it('an empty or shapeless set', () => {
    expect(problems({ ...file, rules: [] }).join()).toMatch(/набор правил пуст/)
    expect(problems(null).length).toBeGreaterThan(0)
    expect(problems({ rules: 'x' }).length).toBeGreaterThan(0)
  })
})

describe('describeTerm and explainRule speak Russian with the right plural', () => {
  it.each([
    [{ kind: 'calendar_days', amount: 1, moveOffDay: 'none' }, '1 календарный день'],
    [{ kind: 'calendar_days', amount: 3, moveOffDay: 'none' }, '3 календарных дня'],
    [{ kind: 'calendar_days', amount: 30, moveOffDay: 'none' }, '30 календарных дней'],
    [{ kind: 'calendar_days', amount: 11, moveOffDay: 'none' }, '11 календарных дней'],
    [{ kind: 'calendar_days', amount: 21, moveOffDay: 'none' }, '21 календарный день'],
    [
      { kind: 'calendar_days', amount: 30, moveOffDay: 'next' },
      '30 календарных дней, последний день на выходном переносится на следующий рабочий',
    ],
    [{ kind: 'working_days', amount: 8 }, '8 рабочих дней'],
    [{ kind: 'working_days', amount: 22 }, '22 рабочих дня'],
    [{ kind: 'working_hours', amount: 4 }, '4 рабочих часа'],
    [{ kind: 'working_hours', amount: 1 }, '1 рабочий час'],
    [{ kind: 'working_hours', amount: 12 }, '12 рабочих часов'],
    [{ kind: 'working_hours', amount: 1.5 }, '1.5 рабочих часа'],
  ] as const)('%o → %s', (term, text) => {
    expect(describeTerm(term)).toBe(text)
  })
  it('explainRule names the rule, what matched and the source', () => {
    const r = rule({ code: 'pos-roads', regime: 'pos', categories: ['roads'], channels: ['pos'] })
    expect(explainRule(r, { regime: 'pos', channel: 'pos', categories: ['x', 'roads'] })).toBe(
      'pos-roads (режим pos, канал pos, категория roads): 8 рабочих дней. правило для проверки',
    )
  })
})

describe('stageDues: shares of the whole term from registration', () => {
  it('splits the term and ends the last stage with the final due', () => {
    const set = checkRuleSet(file, ctx())
    const from = new Date('2026-03-02T09:00:00Z')
    const due = new Date('2026-03-12T09:00:00Z')
    expect(stageDues(set.stages, from, due).map((s) => [s.code, s.dueAt.toISOString()])).toEqual([
      ['moderation', '2026-03-03T09:00:00.000Z'],
      ['routing', '2026-03-04T09:00:00.000Z'],
      ['execution', '2026-03-10T09:00:00.000Z'],
      ['approval', '2026-03-12T09:00:00.000Z'],
    ])
  })
  it('a due before registration gives every stage the registration moment, never a negative span', () => {
    const set = checkRuleSet(file, ctx())
    const from = new Date('2026-03-02T09:00:00Z')
    const stages = stageDues(set.stages, from, new Date('2026-03-01T09:00:00Z'))
    expect(stages.slice(0, 3).every((s) => s.dueAt.getTime() === from.getTime())).toBe(true)
  })
})
