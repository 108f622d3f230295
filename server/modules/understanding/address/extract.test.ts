import { describe, expect, it } from 'vitest'
import { extractAddress, parseAddressLine } from './extract'
import { Gazetteer, type GazetteerDoc } from './gazetteer'
import { demoGazetteer } from './gazetteer.store'

const gaz = demoGazetteer()
const read = (text: string) => extractAddress(text, gaz)

describe('extractAddress: streets of the demo gazetteer in many spellings', () => {
  const cases: [string, string, string | null][] = [
    ['Яма на ул. Николаева, д. 12', 'улица Николаева', '12'],
    ['ул.Николаева д.12', 'улица Николаева', '12'],
    ['улица Николаева, дом 12', 'улица Николаева', '12'],
    ['на улице Николаева у дома 12а', 'улица Николаева', '12а'],
    ['Николаева 12', 'улица Николаева', '12'],
    ['Николаева ул., 12', 'улица Николаева', '12'],
    ['по проспекту Гагарина 5 не убирают снег', 'проспект Гагарина', '5'],
    ['пр-т Гагарина, д. 14', 'проспект Гагарина', '14'],
    ['просп. Гагарина 14', 'проспект Гагарина', '14'],
    ['Гагарина пр-т 14/2', 'проспект Гагарина', '14/2'],
    ['на Гагарина, 5', 'проспект Гагарина', '5'],
    ['с Большой Советской', 'улица Большая Советская', null],
    ['Б. Советская 10', 'улица Большая Советская', '10'],
    ['ул. Б.Советская, д.10', 'улица Большая Советская', '10'],
    ['в районе Киевского шоссе темно', 'Киевское шоссе', null],
    ['Краснинское ш., 7 стр. 1', 'Краснинское шоссе', '7 стр1'],
    ['ул. 25 Сентября, 30', 'улица 25 Сентября', '30'],
    ['улица 12 лет Октября д 3', 'улица 12 лет Октября', '3'],
    ['маршала Жукова 5', 'улица Маршала Жукова', '5'],
    ['на ул. Жукова д 5', 'улица Маршала Жукова', '5'],
    ['Нормандии-Неман 5', 'улица Нормандия-Неман', '5'],
    ['ул. Коненкова 3', 'улица Конёнкова', '3'],
    ['в доме 12 по улице Николаева нет воды', 'улица Николаева', '12'],
    ['ул. Никалаева 14', 'улица Николаева', '14'],
    ['ул. Дзержинскаго 5', 'улица Дзержинского', '5'],
    ['<p>Адрес: ул.&nbsp;Николаева,&nbsp;д.&nbsp;12</p>', 'улица Николаева', '12'],
    ['ul. Nikolaeva 12', 'улица Николаева', '12'],
  ]
  for (const [text, street, house] of cases) {
    it(text, () => {
      const r = read(text)
      expect(r.street).toBe(street)
      expect(r.house).toBe(house)
      expect(r.confidence).toBeGreaterThan(0.3)
      expect(r.reason).toMatch(/[а-я]/)
    })
  }
})

describe('extractAddress: house forms', () => {
  const forms: [string, string][] = [
    ['ул. Кирова д. 12', '12'],
    ['ул. Кирова дом 12а', '12а'],
    ['ул. Кирова 12 а, подъезд 2', '12а'],
    ['ул. Кирова 12/3', '12/3'],
    ['ул. Кирова д.12 корп. 2', '12 к2'],
    ['ул. Кирова 12к2', '12 к2'],
    ['ул. Кирова 12 к. 2', '12 к2'],
    ['ул. Кирова д. 12, стр. 1', '12 стр1'],
    ['ул. Кирова 12 лит. А', '12 литА'],
    ['ул. Кирова, д. 12, кв. 5', '12'],
  ]
  for (const [text, house] of forms) it(text, () => expect(read(text).house).toBe(house))

  it('a time, an amount or a date after the name is not a house', () => {
    expect(read('ул. Кирова 12:30 отключили свет').house).toBeNull()
    expect(read('Николаева 12 лет назад').street).toBeNull()
    expect(read('на Николаева 12 лет не ремонтировали')).toMatchObject({
      street: 'улица Николаева',
      house: null,
    })
    expect(read('25 сентября прорвало трубу').street).toBeNull()
  })
})

describe('extractAddress: landmarks, crossings, districts', () => {
  it('finds numbered and named landmarks with their district and point', () => {
    const school = read('возле школы № 7 разбит тротуар')
    expect(school.landmark).toBe('школа № 7')
    expect(school.district).toBe('leninsky')
    expect(school.lat).toBeCloseTo(54.77, 3)
    expect(read('у 7-й школы').landmark).toBe('школа № 7')
    expect(read('детский сад №17 окна').landmark).toBe('детский сад № 17')
    const stop = read('у остановки «Площадь Победы» лужа')
    expect(stop.landmark).toBe('остановка «Площадь Победы»')
    expect(stop.street).toBeNull()
    expect(read('на площади Ленина').landmark).toBe('площадь Ленина')
  })

  it('reads a crossing of two streets', () => {
    for (const text of [
      'пересечение Ленина и Кирова, не работает светофор',
      'на углу ул. Ленина и ул. Кирова',
    ]) {
      const r = read(text)
      expect(r.street).toBe('улица Ленина')
      expect(r.intersection).toBe('улица Кирова')
      expect(r.lat).not.toBeNull()
      expect(r.confidence).toBeGreaterThanOrEqual(0.7)
    }
  })

  it('takes the district from the house, the street, or says the street crosses districts', () => {
    expect(read('ул. Фрунзе, 10').district).toBe('zadneprovsky')
    expect(read('ул. Рыленкова').district).toBe('promyshlenny')
    const doc: GazetteerDoc = {
      version: 1,
      city: { name: 'Смоленск' },
      districts: [
        {
          code: 'a',
          name: 'А',
          polygon: [
            [32, 54],
            [32.5, 54],
            [32.5, 54.5],
            [32, 54.5],
            [32, 54],
          ],
        },
        {
          code: 'b',
          name: 'Б',
          polygon: [
            [32, 54.5],
            [32.5, 54.5],
            [32.5, 55],
            [32, 55],
            [32, 54.5],
          ],
        },
      ],
      streets: [
        {
          name: 'улица Длинная',
          type: 'улица',
          points: [
            [54.2, 32.2],
            [54.7, 32.2],
          ],
          houses: [{ number: '1', lat: 54.2, lon: 32.2 }],
        },
      ],
      landmarks: [],
    }
    const long = Gazetteer.fromDoc(doc)
    const r = extractAddress('ул. Длинная, 40', long)
    expect(r.street).toBe('улица Длинная')
    expect(r.district).toBeNull()
    expect(r.reason).toContain('улица проходит через несколько районов')
    expect(extractAddress('ул. Длинная, 1', long).district).toBe('a')
  })

  it('places a house the gazetteer lacks between its known neighbours on the same side', () => {
    const doc: GazetteerDoc = {
      version: 1,
      city: { name: 'Смоленск' },
      districts: [
        { code: 'a', name: 'А' },
        { code: 'b', name: 'Б' },
      ],
      streets: [
        {
          name: 'улица Пограничная',
          type: 'улица',
          houses: [
            { number: '1', lat: 54.2, lon: 32.2, district: 'a' },
            { number: '5', lat: 54.24, lon: 32.2, district: 'a' },
            { number: '21', lat: 54.4, lon: 32.2, district: 'b' },
            { number: '23', lat: 54.42, lon: 32.2, district: 'b' },
            { number: '2', lat: 54.2, lon: 32.21, district: 'a' },
            { number: '10', lat: 54.28, lon: 32.21, district: 'a' },
            { number: '12', lat: 54.3, lon: 32.21, district: 'b' },
          ],
        },
      ],
      landmarks: [],
    }
    const street = Gazetteer.fromDoc(doc)
    const at = (text: string) => extractAddress(text, street)

    // Between 2 and 10 on the even side, both in «a»: the district, and a point on the line between them.
    const six = at('ул. Пограничная, 6')
    expect(six.house).toBe('6')
    expect(six.district).toBe('a')
    expect(six.lat).toBeCloseTo(54.24, 5)
    expect(six.lon).toBeCloseTo(32.21, 5)
    expect(six.reason).toContain('по соседним домам (2 и 10)')

    // The odd side: 3 lies between 1 and 5, not next to the even 2 and 4 across the street.
    expect(at('ул. Пограничная, 3').district).toBe('a')
    // One known side close by is enough; far away it says nothing.
    expect(at('ул. Пограничная, 25').district).toBe('b')
    expect(at('ул. Пограничная, 47').district).toBeNull()
    // Neighbours in two districts: the boundary runs between them, so the district stays open.
    const nine = at('ул. Пограничная, 9')
    expect(nine.district).toBeNull()
    expect(nine.reason).toContain('улица проходит через несколько районов')
    expect(at('ул. Пограничная, 11').district).toBeNull()
    // A letter of a known number takes that number's district and point.
    const fiveB = at('ул. Пограничная, 5б')
    expect(fiveB.district).toBe('a')
    expect(fiveB.lat).toBeCloseTo(54.24, 5)
  })
})

describe('extractAddress: precision and bad input', () => {
  it('does not make streets out of ordinary words', () => {
    for (const text of [
      'во всём мире так не делают',
      'Мира и добра вам',
      'спасибо за победу',
      'жду уже 12 дней, никто не приходит',
      'Советская власть тут ни при чём',
    ]) {
      expect(read(text).street, text).toBeNull()
    }
  })

  it('does not map an address in another city onto ours', () => {
    const r = read('г. Москва, ул. Ленина, 5')
    expect(r.street).toBeNull()
    expect(r.confidence).toBeLessThan(0.2)
    expect(r.reason).toContain('Москва')
    expect(read('г. Смоленск, ул. Ленина, 5').street).toBe('улица Ленина')
  })

  it('knows other towns without «г.»: «в Москве», «в Вязьме», «Брянск, …» (Smolensk has a улица Ленина too)', () => {
    for (const [text, place] of [
      ['В Москве на ул. Ленина 5 яма на дороге', 'Москва'],
      ['в Вязьме на Ленина 5 нет света', 'Вязьма'],
      ['во Владимире, ул. Ленина, 5', 'Владимир'],
      ['Брянск, улица Ленина 5, яма', 'Брянск'],
      ['в Санкт-Петербурге на Ленина 5 яма', 'Санкт-Петербург'],
      ['в ярцево на ленина 5 нет воды', 'Ярцево'],
    ]) {
      const r = read(text)
      expect(r.street, text).toBeNull()
      expect(r.reason, text).toContain(place)
    }
    // Still ours: the city named nearer the street, a comparison, where the writer came from, a person's name.
    for (const text of [
      'Я живу в Смоленске, на Ленина 5 яма',
      'Сын в Москве, а у мамы в Смоленске на Ленина 5 нет отопления',
      'сделайте как в Москве, на Ленина 5 яма',
      'Приехал из Москвы, на Ленина 5 яма',
      'Владимир, ул. Ленина 5, кв. 3 — нет отопления',
      'ул. Ленина 5, у Брянского поворота яма',
    ]) {
      expect(read(text).street, text).toBe('улица Ленина')
    }
  })

  it('answers bad input with confidence 0 and a reason, never an exception', () => {
    const inputs = [
      '',
      '   ',
      '😀😀😀🔥',
      '<div><span></span></div>',
      'ул. '.repeat(30_000),
      'Николаева 12 '.repeat(10_000),
      'вул. Миколаєва 12, Київ',
      'вуліца Леніна, 5',
      null as unknown as string,
      undefined as unknown as string,
    ]
    for (const input of inputs) {
      const r = extractAddress(input, gaz)
      expect(r.confidence).toBeGreaterThanOrEqual(0)
      expect(r.confidence).toBeLessThanOrEqual(1)
      expect(r.reason.length).toBeGreaterThan(5)
    }
    expect(read('').confidence).toBe(0)
    expect(read('😀😀😀').street).toBeNull()
  })
})

describe('parseAddressLine', () => {
  it('reads a form or ПОС address line; the flat is not part of the house', () => {
    const r = parseAddressLine('г. Смоленск, ул. Николаева, д. 12, кв. 5', gaz)
    expect(r).toMatchObject({ street: 'улица Николаева', house: '12', district: 'leninsky' })
    expect(parseAddressLine('Смоленск, Николаева 12-5', gaz).street).toBe('улица Николаева')
    expect(parseAddressLine('Смоленская обл., г. Смоленск, Краснинское ш., д. 7', gaz)).toMatchObject({
      street: 'Краснинское шоссе',
      house: '7',
    })
    expect(parseAddressLine('', gaz).street).toBeNull()
  })
})

describe('speed and loading', () => {
  it('builds the index of a 30 000-house gazetteer well under a second', () => {
    const streets = Array.from({ length: 600 }, (_, s) => ({
      name: `улица Тестовая-${s}`,
      type: 'улица',
      points: [[54.7 + s * 0.0001, 32.0] as [number, number], [54.7 + s * 0.0001, 32.05] as [number, number]],
      houses: Array.from({ length: 50 }, (_, h) => ({
        number: String(h + 1),
        lat: 54.7 + s * 0.0001,
        lon: 32 + h * 0.001,
        district: null,
      })),
    }))
    const doc: GazetteerDoc = { version: 1, city: { name: 'Город' }, districts: [], streets, landmarks: [] }
    const t0 = performance.now()
    const big = Gazetteer.fromDoc(doc)
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(big.stats().houses).toBe(30_000)
  })
})
