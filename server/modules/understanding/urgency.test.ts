import { describe, expect, it } from 'vitest'
import { analyse } from './text'
import { assessUrgency, assessUrgencyWith, compileUrgencyRules, triggersOf, urgencyRules } from './urgency'

// Examples written for these tests (not taken from the evaluation data). Dates: winter and summer.
const WINTER = new Date('2025-01-15T10:00:00+03:00')
const SUMMER = new Date('2025-07-15T10:00:00+03:00')
const judge = (text: string, when = WINTER, sector?: string | null) =>
  assessUrgency(analyse(text), when, sector)

const URGENT: [string, string][] = [
  ['Трещина в стене, обрушился угол дома, жильцы внутри', 'life'],
  ['На переходе сбили пешехода, светофор не работает', 'life'],
  ['Пожар в подъезде на третьем этаже', 'life'],
  ['Третий день нет отопления, дома +14, дети мёрзнут', 'heating'],
  ['холодные батареи во всём доме', 'heating'],
  ['Сильный запах газа в подъезде', 'gas'],
  ['Пахнет газом у колонки', 'gas'],
  ['Прорвало трубу, кипяток заливает подвал', 'flooding'],
  ['Соседи сверху топят, вода течёт по стене', 'flooding'],
  ['Оборван провод, лежит на тротуаре', 'wires'],
  ['Искрит щиток в подъезде', 'wires'],
  ['Открытый люк на тротуаре у остановки', 'manhole'],
  ['Нет крышки люка на проезжей части', 'manhole'],
  ['На горке торчат гвозди, ребёнок порезался', 'children'],
  ['Незакрытый колодец у детской площадки, дети бегают', 'children'],
  ['Дерево упало на провода во дворе', 'tree'],
  ['Сосульки над входом в подъезд, люди ходят под ними', 'icicles'],
  ['Третьи сутки нет света, мороз', 'outage'],
  ['Застряли в лифте с ребёнком', 'elevator'],
  ['Двор завален снегом, скорая не смогла подъехать', 'access'],
]

const CALM: string[] = [
  'Газ провели, спасибо!',
  'Отопление дорогое, почему тариф вырос?',
  'Люк закрыли, спасибо',
  'Газовщики проверили: утечки газа нет',
  'Запаха газа больше нет, спасибо аварийке',
  'Газон у дома вытоптан',
  'Соседи затопили нас месяц назад, как взыскать ущерб?',
  'Сосед топит баню, дым в окна',
  'Прошу перерасчёт за отопление: батареи были холодные в октябре',
  'Оборванный провод убрали, спасибо',
  'Упавшее дерево убрали',
  'Открытый урок в школе прошёл отлично',
  'Спасибо пожарным, никто не пострадал',
  'Когда проведут газ в частный сектор?',
  'Лифт грязный, не моют',
  'Застряли в пробке на час',
  'Скорая приехала быстро, спасибо',
  'Срочно нужна справка',
  'Как получить компенсацию за производственную травму?',
  'Дети шумят на площадке',
]

describe('assessUrgency', () => {
  for (const [text, category] of URGENT) {
    it(`urgent (${category}): «${text}»`, () => {
      const v = judge(text)
      expect(v.urgent, v.reasons.join('; ')).toBe(true)
      expect(v.categories).toContain(category)
      expect(v.score).toBeGreaterThanOrEqual(0.5)
      expect(v.score).toBeLessThanOrEqual(1)
    })
  }
  for (const text of CALM) {
    it(`not urgent: «${text}»`, () => {
      const v = judge(text)
      expect(v.urgent, v.reasons.join('; ')).toBe(false)
      expect(v.score).toBeLessThan(0.5)
    })
  }

  it('quotes the words that triggered, one Russian line each', () => {
    const v = judge('Сильный запах газа в подъезде, а во дворе открытый люк')
    expect(v.categories.sort()).toEqual(['gas', 'manhole'])
    expect(v.reasons).toContain('Запах газа: «запах газа»')
    expect(v.reasons.some((r) => r.includes('«открытый люк»'))).toBe(true)
    for (const r of v.reasons) expect(r).not.toContain('\n')
  })

  it('no heating is urgent in the cold season only, and says why in summer', () => {
    expect(judge('Нет отопления, дома +14', new Date('2024-11-20T12:00:00+03:00')).urgent).toBe(true)
    expect(judge('Нет отопления, дома +14', new Date('2024-04-10T12:00:00+03:00')).urgent).toBe(true)
    const summer = judge('Нет отопления, дома +14', SUMMER)
    expect(summer.urgent).toBe(false)
    expect(summer.reasons.join(' ')).toMatch(/вне сезона/)
    expect(judge('Сосульки над входом в подъезд', SUMMER).urgent).toBe(false)
    // Gas is urgent in any month.
    expect(judge('Запах газа в подъезде', SUMMER).urgent).toBe(true)
  })

  it('the month is read in the city time zone (UTC+3)', () => {
    // 30 September 22:30 UTC is already 1 October in Smolensk.
    expect(judge('нет отопления', new Date('2024-09-30T22:30:00Z')).urgent).toBe(true)
    expect(judge('нет отопления', new Date('2024-09-30T20:30:00Z')).urgent).toBe(false)
  })

  it('negation right before the words cancels them', () => {
    expect(judge('В подъезде не пахнет газом, всё хорошо').urgent).toBe(false)
    expect(judge('Нет запаха газа').urgent).toBe(false)
    expect(judge('Батареи не холодные, просто хотим узнать про счётчик').urgent).toBe(false)
  })

  it('the sector filter skips a rule written for other sectors', () => {
    const text = 'в классе холодно, сидим в куртках'
    expect(judge(text, WINTER, 'education').urgent).toBe(true)
    expect(judge(text, WINTER, null).urgent).toBe(true)
    expect(judge(text, WINTER, 'transport').urgent).toBe(false)
  })

  it('odd input: empty, emoji, transliteration, HTML, Ukrainian, a bad date, 100 KB', () => {
    const empty = judge('')
    expect(empty).toEqual({
      urgent: false,
      score: 0,
      categories: [],
      reasons: ['Пустой текст — срочность не оценить'],
    })
    expect(judge('😀😀😀').reasons[0]).toMatch(/нет слов/)
    const latin = judge('zapah gaza v podezde')
    expect(latin.urgent).toBe(true)
    expect(latin.score).toBeLessThan(0.95)
    expect(latin.reasons.join(' ')).toMatch(/латиницей/)
    expect(judge('<div><b>Запах&nbsp;газа</b> в&nbsp;подъезде</div>').urgent).toBe(true)
    expect(judge('Немає опалення третій день').categories).toEqual(['heating'])
    const noDate = judge('нет отопления', new Date('not a date'))
    expect(noDate.reasons.join(' ')).toMatch(/Дата обращения неизвестна/)
    expect(() => assessUrgency({ norm: undefined, stems: undefined } as never, WINTER)).not.toThrow()
    const big = analyse(`${'Прошу отремонтировать дорогу у дома. '.repeat(3000)}`)
    const t = performance.now()
    expect(assessUrgency(big, WINTER).urgent).toBe(false)
    expect(performance.now() - t).toBeLessThan(200)
  })

  it('weak cues alone do not make a text urgent', () => {
    const v = judge('Срочно! Опасно!')
    expect(v.urgent).toBe(false)
    expect(v.score).toBeGreaterThan(0)
    expect(v.categories).toEqual([])
  })

  it('evaluates thousands of texts per second', () => {
    const texts = [...URGENT.map(([t]) => t), ...CALM].map((t) => analyse(t))
    const n = 5000
    const t = performance.now()
    for (let i = 0; i < n; i++) assessUrgency(texts[i % texts.length], WINTER)
    expect(n / ((performance.now() - t) / 1000)).toBeGreaterThan(5000)
  })
})

describe('urgency rules as data', () => {
  it('the shipped file compiles and every category has a rule', () => {
    const c = urgencyRules()
    const covered = new Set(c.file.rules.map((r) => r.category))
    for (const cat of Object.keys(c.file.categories)) expect(covered.has(cat), cat).toBe(true)
  })

  it('patterns are indexed by their literal first word', () => {
    expect(triggersOf('запах\\w* … газ')).toEqual(['запах'])
    expect(triggersOf('(?:нет|без) тепла')).toEqual(['нет', 'без'])
    expect(triggersOf('пожар(?:а|е)?\\b')).toEqual(['пожар'])
    expect(triggersOf('кв?')).toEqual(['к'])
    expect(() => triggersOf('\\d+ градусов')).toThrow(/буквального начала/)
    expect(() => triggersOf('(?:газ)? утечка')).toThrow(/Необязательное/)
  })

  it('a broken rules file is refused with a Russian message', () => {
    const base = urgencyRules().file
    expect(() => compileUrgencyRules({ ...base, threshold: 2 })).toThrow(/Правила срочности содержат ошибки/)
    const rule = { id: 'x', category: 'nope', match: ['газ'], weight: 0.5, reason: 'r' }
    expect(() => compileUrgencyRules({ ...base, rules: [rule] })).toThrow(/неизвестная категория/)
    const upper = { id: 'x', category: 'gas', match: ['Газ'], weight: 0.5, reason: 'r' }
    expect(() => compileUrgencyRules({ ...base, rules: [upper] })).toThrow(/нормализованном/)
    const season = { id: 'x', category: 'gas', match: ['газ'], season: 'summer', weight: 0.5, reason: 'r' }
    expect(() => compileUrgencyRules({ ...base, rules: [season] })).toThrow(/неизвестный сезон/)
  })

  it('a rule added as data changes the verdict without code', () => {
    const base = urgencyRules().file
    const rule = {
      id: 'flood-river',
      category: 'flooding',
      match: ['разлив\\w* рек\\w*'],
      weight: 0.8,
      reason: 'Паводок: «{match}»',
    }
    const c = compileUrgencyRules({ ...base, rules: [...base.rules, rule] })
    expect(c.rules.length).toBe(base.rules.length + 1)
    const text = analyse('Разлив реки, дома подтоплены')
    expect(assessUrgency(text, WINTER).reasons.join()).not.toMatch(/Паводок/)
    const v = assessUrgencyWith(c, text, WINTER)
    expect(v.urgent).toBe(true)
    expect(v.reasons).toContain('Паводок: «разлив реки»')
  })
})
