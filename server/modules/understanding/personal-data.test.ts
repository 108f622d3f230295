import { describe, expect, it } from 'vitest'
import { findPersonalData, maskPersonalData, type PersonalDataKind } from './personal-data'

// Examples written for these tests; the names, numbers and addresses are invented.
const FOUND: [string, PersonalDataKind, string][] = [
  ['Звоните +7 (4812) 12-34-56 в рабочее время', 'phone', '+7 (4812) 12-34-56'],
  ['мой номер 8-910-123-45-67', 'phone', '8-910-123-45-67'],
  ['89101234567 перезвоните', 'phone', '89101234567'],
  ['+79101234567', 'phone', '+79101234567'],
  ['тел 8 (910) 123 45 67', 'phone', '8 (910) 123 45 67'],
  ['+7 910 123-45-67, Ольга', 'phone', '+7 910 123-45-67'],
  ['мобильный 910 123-45-67', 'phone', '910 123-45-67'],
  ['(4812) 38-12-07 — приёмная', 'phone', '(4812) 38-12-07'],
  ['тел. 38-12-07', 'phone', '38-12-07'],
  ['Звоните: 123-456', 'phone', '123-456'],
  ['Пишите ivan.petrov@mail.ru, отвечу', 'email', 'ivan.petrov@mail.ru'],
  ['почта smolyanin_77@yandex.ru.', 'email', 'smolyanin_77@yandex.ru'],
  ['адрес жалоба@почта.рф', 'email', 'жалоба@почта.рф'],
  ['Заявитель Иванов И.И. просит', 'name', 'Иванов И.И.'],
  ['подписал Петров-Водкин А. С.', 'name', 'Петров-Водкин А. С.'],
  ['С уважением, И. И. Иванова', 'name', 'И. И. Иванова'],
  ['от И.И.Смирнова', 'name', 'И.И.Смирнова'],
  ['Иванова Ирина Ивановна, пенсионерка', 'name', 'Иванова Ирина Ивановна'],
  ['Прошу помочь: Сидоров Пётр Алексеевич, ветеран', 'name', 'Сидоров Пётр Алексеевич'],
  ['Кузнецова Анна Ильинична просит', 'name', 'Кузнецова Анна Ильинична'],
  ['обращалась Мария Никитична Орлова', 'name', 'Мария Никитична Орлова'],
  ['передайте Сергею Викторовичу', 'name', 'Сергею Викторовичу'],
  ['Здравствуйте, Петров Иван Сергеевич', 'name', 'Петров Иван Сергеевич'],
  ['Ленина 5, кв. 12', 'flat', 'кв. 12'],
  ['квартира 45, третий подъезд', 'flat', 'квартира 45'],
  ['кв12', 'flat', 'кв12'],
  ['затопило квартиры 12 и 14 по Ленина', 'flat', 'квартиры 12 и 14'],
  ['жильцы кв. 5, 7, 9 жалуются', 'flat', 'кв. 5, 7, 9'],
  ['кв. 12, 3 подъезд', 'flat', 'кв. 12'],
  ['кв. 12 и 2 этаж', 'flat', 'кв. 12'],
  ['проживаю в квартире № 7а', 'flat', 'квартире № 7а'],
  ['СНИЛС 123-456-789 01', 'snils', '123-456-789 01'],
  ['снилс: 12345678901', 'snils', '12345678901'],
  ['паспорт 66 04 123456 выдан', 'passport', '66 04 123456'],
  ['серия 6604 № 123456', 'passport', '6604 № 123456'],
  ['карта 4276 1234 5678 9012', 'card', '4276 1234 5678 9012'],
  ['переведите на 4111111111111111', 'card', '4111111111111111'],
]

const CLEAN = [
  'улица Гагарина, дом 5',
  'На ул. Николаева, 12 яма',
  'Дом 12-34 по проспекту',
  'маршрут 27 не ходит, автобус № 41',
  'школа № 33 и детский сад № 5',
  'заплатил 15 000 руб. 12.03.2024',
  'Сумма 1 234 567 рублей',
  'с 10.06.2024 по 20.06.2024',
  'в квартире 15 градусов',
  'в квартире +14',
  'квартира 2 комнаты, 50 кв. м',
  'площадь 50 кв.м',
  'на ул. А. С. Пушкина',
  'улица Маршала Соколовского, 7',
  'памятник М. И. Глинке',
  'школа имени Н. М. Пржевальского',
  'Уважаемые коллеги!',
  'ИНН 6731234567',
  'ОГРН 1026701234567',
  'Время 12:30-14:00',
  'Индекс 214000, Смоленск',
  'Номер обращения 2024-000123',
  'координаты 54.7826, 32.0453',
  'в 2023 году 8 раз',
  'ТОТКО 0003.0009.0099.0742',
  '',
  '😀😀😀',
]

describe('findPersonalData', () => {
  for (const [text, kind, value] of FOUND) {
    it(`${kind}: «${text}»`, () => {
      const spans = findPersonalData(text)
      const hit = spans.find((s) => s.kind === kind)
      expect(hit, JSON.stringify(spans)).toBeDefined()
      expect(text.slice(hit!.start, hit!.end)).toBe(value)
    })
  }
  for (const text of CLEAN) {
    it(`nothing in «${text}»`, () => {
      expect(findPersonalData(text)).toEqual([])
    })
  }

  it('finds several kinds in one message, in order, without overlaps', () => {
    const text =
      'Иванова Ирина Ивановна, ул. Ленина, д. 5, кв. 17, тел. 8-910-123-45-67, e-mail irina@mail.ru. Яма у дома 5.'
    const spans = findPersonalData(text)
    expect(spans.map((s) => s.kind)).toEqual(['name', 'flat', 'phone', 'email'])
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end)
  })

  it('a random 16-digit number is not a card unless a word says so', () => {
    expect(findPersonalData('номер 1234 5678 9012 3456')).toEqual([])
    expect(findPersonalData('карта 1234 5678 9012 3456').map((s) => s.kind)).toEqual(['card'])
  })

  it('never throws on odd input and stays fast on 100 KB', () => {
    expect(findPersonalData(undefined as unknown as string)).toEqual([])
    expect(findPersonalData(null as unknown as string)).toEqual([])
    const big = `${'Просим отремонтировать дорогу, дом 12-34, 15 000 руб. '.repeat(2000)}тел. 8-910-123-45-67`
    const t = performance.now()
    const spans = findPersonalData(big)
    expect(performance.now() - t).toBeLessThan(1000)
    expect(spans.map((s) => s.kind)).toEqual(['phone'])
  })
})

describe('maskPersonalData', () => {
  it('replaces each span by its Russian placeholder', () => {
    const text =
      'Иванов И.И., Ленина 5, кв. 12, тел. +7 (4812) 12-34-56, ivanov@mail.ru, СНИЛС 123-456-789 01'
    expect(maskPersonalData(text)).toBe('[ФИО], Ленина 5, кв. [№], тел. [телефон], [e-mail], СНИЛС [СНИЛС]')
  })

  it('keeps house numbers, dates, sums, routes and streets as they are', () => {
    const text = 'улица Гагарина, д. 12, 12.03.2024, 15 000 руб., маршрут 27, школа № 33'
    expect(maskPersonalData(text)).toBe(text)
  })

  it('uses the spans it is given (and ignores spans outside the text)', () => {
    const text = 'позвоните Ольге'
    expect(maskPersonalData(text, [{ kind: 'name', start: 10, end: 15 }])).toBe('позвоните [ФИО]')
    expect(maskPersonalData(text, [{ kind: 'phone', start: 10, end: 99 }])).toBe(text)
  })

  it('passport, card and an empty text', () => {
    expect(maskPersonalData('паспорт 66 04 123456')).toBe('паспорт [паспорт]')
    expect(maskPersonalData('карта 4276 1234 5678 9012')).toBe('карта [карта]')
    expect(maskPersonalData('')).toBe('')
  })
})
