import { describe, expect, it } from 'vitest'
import {
  isDefaultRule,
  type MatrixContext,
  type MatrixRule,
  matchRule,
  mismatch,
  validateMatrix,
} from './matrix'

const ctx: MatrixContext = {
  sectors: new Map([
    ['roads', 'Дороги'],
    ['housing', 'ЖКХ'],
    ['improvement', 'Благоустройство'],
  ]),
  topics: new Map([
    ['roads_pothole', { sectorCode: 'roads', name: 'Ямы на дороге' }],
    ['roads_snow', { sectorCode: 'roads', name: 'Уборка снега' }],
    ['housing_heating', { sectorCode: 'housing', name: 'Отопление' }],
  ]),
  districts: new Map([
    ['leninsky', 'Ленинский район'],
    ['zadneprovsky', 'Заднепровский район'],
  ]),
  objectTypes: new Map([
    ['regional_road', 'дорога регионального значения'],
    ['yard', 'двор'],
  ]),
  units: new Map([
    [1, { shortName: 'МЦУ', sectors: ['other'], deleted: false }],
    [2, { shortName: 'Смоленскавтодор', sectors: ['roads'], deleted: false }],
    [
      3,
      {
        shortName: 'Терруправление Ленинского',
        sectors: ['roads', 'improvement', 'housing'],
        deleted: false,
      },
    ],
    [4, { shortName: 'Теплосеть', sectors: ['housing'], deleted: false }],
    [5, { shortName: 'Старое управление', sectors: ['roads'], deleted: true }],
  ]),
  users: new Map([
    ['dep', { fullName: 'Ермаков И. П.', role: 'deputy', disabled: false }],
    ['ex', { fullName: 'Волкова А. И.', role: 'executor', disabled: false }],
    ['gone', { fullName: 'Уволенный', role: 'deputy', disabled: true }],
  ]),
}

const rule = (r: Partial<MatrixRule> & { unitId: number }): MatrixRule => ({
  sectorCode: null,
  topicCode: null,
  districtCode: null,
  objectType: null,
  coExecutorIds: [],
  deputyUserId: null,
  ...r,
})
const q = (x: Partial<Record<'sectorCode' | 'topicCode' | 'districtCode' | 'objectType', string>>) => ({
  sectorCode: null,
  topicCode: null,
  districtCode: null,
  objectType: null,
  ...x,
})

const MATRIX: MatrixRule[] = [
  rule({ sectorCode: 'roads', objectType: 'regional_road', unitId: 2 }),
  rule({ sectorCode: 'roads', topicCode: 'roads_snow', districtCode: 'leninsky', unitId: 3 }),
  rule({ sectorCode: 'roads', districtCode: 'leninsky', unitId: 3, coExecutorIds: [2] }),
  rule({ sectorCode: 'roads', unitId: 2 }),
  rule({ topicCode: 'housing_heating', unitId: 4, deputyUserId: 'dep' }),
  rule({ unitId: 1 }),
]

describe('matchRule: the first matching rule wins', () => {
  it.each([
    ['regional road anywhere', q({ sectorCode: 'roads', objectType: 'regional_road' }), 1],
    [
      'regional road in Leninsky still the first rule',
      q({ sectorCode: 'roads', objectType: 'regional_road', districtCode: 'leninsky' }),
      1,
    ],
    ['snow in Leninsky', q({ sectorCode: 'roads', topicCode: 'roads_snow', districtCode: 'leninsky' }), 2],
    ['topic alone implies the sector', q({ topicCode: 'roads_snow', districtCode: 'leninsky' }), 2],
    [
      'pothole in Leninsky',
      q({ sectorCode: 'roads', topicCode: 'roads_pothole', districtCode: 'leninsky' }),
      3,
    ],
    ['roads in Leninsky without topic', q({ sectorCode: 'roads', districtCode: 'leninsky' }), 3],
    [
      'snow in another district',
      q({ sectorCode: 'roads', topicCode: 'roads_snow', districtCode: 'zadneprovsky' }),
      4,
    ],
    ['roads with unknown district', q({ sectorCode: 'roads' }), 4],
    ['heating by topic', q({ sectorCode: 'housing', topicCode: 'housing_heating' }), 5],
    ['heating topic without sector', q({ topicCode: 'housing_heating' }), 5],
    ['housing without topic → default', q({ sectorCode: 'housing' }), 6],
    ['nothing known → default', q({}), 6],
    ['improvement in Leninsky → default', q({ sectorCode: 'improvement', districtCode: 'leninsky' }), 6],
  ])('%s → rule %i', (_name, query, expected) => {
    const m = matchRule(MATRIX, query, ctx)
    expect(m?.index).toBe(expected - 1)
    expect(m?.trace).toHaveLength(expected)
    expect(m?.trace.slice(0, -1).every((t) => !t.matched && t.reason)).toBe(true)
  })

  it('explains the match in Russian with names, not codes', () => {
    const m = matchRule(
      MATRIX,
      q({ sectorCode: 'roads', topicCode: 'roads_pothole', districtCode: 'leninsky' }),
      ctx,
    )
    expect(m?.why).toBe(
      'Правило №3 матрицы ответственности: сектор «Дороги», район «Ленинский район» → исполнитель «Терруправление Ленинского».',
    )
    expect(m?.trace[0].reason).toBe(
      'тип объекта: в правиле «дорога регионального значения», у обращения не указан',
    )
    expect(m?.trace[1].reason).toBe('тема: в правиле «Уборка снега», у обращения «Ямы на дороге»')
  })

  it('says when the default rule was used', () => {
    expect(matchRule(MATRIX, q({}), ctx)?.why).toMatch(
      /по умолчанию: ни одно правило выше не подошло, исполнитель — «МЦУ»/,
    )
  })

  it('returns null when no rule matches (no default)', () => {
    expect(matchRule(MATRIX.slice(0, 4), q({ sectorCode: 'housing' }), ctx)).toBeNull()
    expect(matchRule([], q({}), ctx)).toBeNull()
  })

  it('mismatch reports the first differing condition', () => {
    expect(
      mismatch(
        rule({ sectorCode: 'roads', districtCode: 'leninsky', unitId: 3 }),
        q({ sectorCode: 'housing' }),
        ctx,
      ),
    ).toBe('sectorCode')
    expect(
      mismatch(
        rule({ sectorCode: 'roads', districtCode: 'leninsky', unitId: 3 }),
        q({ sectorCode: 'roads' }),
        ctx,
      ),
    ).toBe('districtCode')
    expect(mismatch(rule({ unitId: 1 }), q({ sectorCode: 'roads' }), ctx)).toBeNull()
    expect(isDefaultRule(rule({ unitId: 1 }))).toBe(true)
    expect(isDefaultRule(rule({ unitId: 1, objectType: 'yard' }))).toBe(false)
  })
})

describe('validateMatrix: what may not be saved', () => {
  it('accepts a good matrix', () => {
    expect(validateMatrix(MATRIX, ctx)).toEqual([])
  })

  const withRule = (r: MatrixRule, at = MATRIX.length - 1) => [...MATRIX.slice(0, at), r, ...MATRIX.slice(at)]

  it.each<[string, MatrixRule[], RegExp, string]>([
    ['no default rule (gap)', MATRIX.slice(0, -1), /Нет правила по умолчанию/, 'rules'],
    ['empty matrix', [], /Нет правила по умолчанию/, 'rules'],
    [
      'default rule not last',
      [MATRIX[5], ...MATRIX.slice(0, 5)],
      /Правило №2: никогда не сработает: правило по умолчанию №1 стоит выше/,
      'rules.1.position',
    ],
    [
      'exact duplicate',
      withRule(rule({ sectorCode: 'roads', unitId: 2 })),
      /Правило №6: никогда не сработает: правило №4 выше \(сектор «Дороги»\)/,
      'rules.5.position',
    ],
    [
      'narrower rule below a broader one',
      withRule(rule({ sectorCode: 'roads', topicCode: 'roads_pothole', unitId: 2 })),
      /Правило №6: никогда не сработает: правило №4/,
      'rules.5.position',
    ],
    [
      'topic-only rule under its sector rule',
      withRule(rule({ topicCode: 'roads_pothole', districtCode: 'zadneprovsky', unitId: 2 })),
      /никогда не сработает: правило №4/,
      'rules.5.position',
    ],
    [
      'deleted unit',
      withRule(rule({ sectorCode: 'housing', unitId: 5 })),
      /исполнитель «Старое управление» удалён/,
      'rules.5.unitId',
    ],
    [
      'unknown unit',
      withRule(rule({ sectorCode: 'housing', unitId: 99 })),
      /исполнитель не найден/,
      'rules.5.unitId',
    ],
    [
      'unit does not serve the sector',
      withRule(rule({ sectorCode: 'housing', unitId: 2 })),
      /«Смоленскавтодор» не отвечает за сектор «ЖКХ»/,
      'rules.5.unitId',
    ],
    [
      'unit does not serve the topic’s sector',
      withRule(rule({ topicCode: 'housing_heating', districtCode: 'leninsky', unitId: 2 }), 4),
      /не отвечает за сектор «ЖКХ»/,
      'rules.4.unitId',
    ],
    [
      'deputy who is not a deputy',
      withRule(rule({ sectorCode: 'housing', unitId: 4, deputyUserId: 'ex' })),
      /«Волкова А\. И\.» не заместитель Главы/,
      'rules.5.deputyUserId',
    ],
    [
      'unknown deputy',
      withRule(rule({ sectorCode: 'housing', unitId: 4, deputyUserId: 'nobody' })),
      /заместитель не найден/,
      'rules.5.deputyUserId',
    ],
    [
      'disabled deputy',
      withRule(rule({ sectorCode: 'housing', unitId: 4, deputyUserId: 'gone' })),
      /отключена/,
      'rules.5.deputyUserId',
    ],
    [
      'topic from another sector',
      withRule(rule({ sectorCode: 'housing', topicCode: 'roads_snow', unitId: 4 })),
      /тема «Уборка снега» относится к сектору «Дороги», а не «ЖКХ»/,
      'rules.5.topicCode',
    ],
    [
      'unknown sector',
      withRule(rule({ sectorCode: 'space', unitId: 1 })),
      /неизвестный сектор «space»/,
      'rules.5.sectorCode',
    ],
    [
      'unknown topic',
      withRule(rule({ topicCode: 'nope', unitId: 1 })),
      /неизвестная тема «nope»/,
      'rules.5.topicCode',
    ],
    [
      'unknown district',
      withRule(rule({ sectorCode: 'housing', districtCode: 'mars', unitId: 4 })),
      /неизвестный район «mars»/,
      'rules.5.districtCode',
    ],
    [
      'unknown object type',
      withRule(rule({ sectorCode: 'housing', objectType: 'castle', unitId: 4 })),
      /неизвестный тип объекта «castle»/,
      'rules.5.objectType',
    ],
    [
      'co-executor same as executor',
      withRule(rule({ sectorCode: 'housing', unitId: 4, coExecutorIds: [4] })),
      /«Теплосеть» — уже исполнитель/,
      'rules.5.coExecutorIds',
    ],
    [
      'co-executor twice',
      withRule(rule({ sectorCode: 'housing', unitId: 4, coExecutorIds: [3, 3] })),
      /указан дважды/,
      'rules.5.coExecutorIds',
    ],
    [
      'deleted co-executor',
      withRule(rule({ sectorCode: 'housing', unitId: 4, coExecutorIds: [5] })),
      /соисполнитель «Старое управление» удалён/,
      'rules.5.coExecutorIds',
    ],
    [
      'unknown co-executor',
      withRule(rule({ sectorCode: 'housing', unitId: 4, coExecutorIds: [77] })),
      /соисполнитель не найден/,
      'rules.5.coExecutorIds',
    ],
  ])('%s', (_name, rules, message, path) => {
    const problems = validateMatrix(rules, ctx)
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.map((p) => p.message).join(' | ')).toMatch(message)
    expect(problems.map((p) => p.path)).toContain(path)
  })

  it('a default rule may route to a unit of any sector (it has no sector)', () => {
    expect(validateMatrix([rule({ unitId: 4 })], ctx)).toEqual([])
  })

  it('a narrower rule above a broader one is fine, and different districts do not overlap', () => {
    expect(
      validateMatrix(
        [
          rule({ sectorCode: 'roads', districtCode: 'leninsky', unitId: 3 }),
          rule({ sectorCode: 'roads', districtCode: 'zadneprovsky', unitId: 2 }),
          rule({ sectorCode: 'roads', unitId: 2 }),
          rule({ unitId: 1 }),
        ],
        ctx,
      ),
    ).toEqual([])
  })
})
