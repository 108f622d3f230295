/**
 * Personal data inside an appeal's text (152-ФЗ): phones, e-mails, names, flat numbers, СНИЛС, passports
 * and bank cards, found as character spans of the cleaned text and masked with Russian placeholders.
 *
 * Cautious by design: a house number, a date, a sum of money, a route or school number and a street named
 * after a person («улица Гагарина», «ул. А. С. Пушкина») are not personal data and are never masked.
 * Short city numbers count as phones only next to a word that says so («тел.», «звоните»).
 */

export type PersonalDataKind = 'phone' | 'email' | 'name' | 'flat' | 'snils' | 'passport' | 'card'

export interface PersonalDataSpan {
  kind: PersonalDataKind
  /** Offsets into the cleaned text: text.slice(start, end) is the personal data. */
  start: number
  end: number
}

/** What replaces each kind in a masked text. */
export const PERSONAL_DATA_PLACEHOLDERS: Record<PersonalDataKind, string> = {
  phone: '[телефон]',
  email: '[e-mail]',
  name: '[ФИО]',
  flat: 'кв. [№]',
  snils: '[СНИЛС]',
  passport: '[паспорт]',
  card: '[карта]',
}

/** Which kind wins when two spans overlap (a card number also looks like digits of a phone). */
const PRIORITY: PersonalDataKind[] = ['email', 'card', 'snils', 'passport', 'phone', 'flat', 'name']

const SEP = '[\\s\\u00a0\\-–]*'
const digitsOf = (s: string) => s.replace(/\D/g, '')

// ---- phones -------------------------------------------------------------------------------------------

/** +7 / 8 / 7 and ten more digits in any grouping: +7 (4812) 12-34-56, 8-910-123-45-67, 89101234567. */
const PHONE_FULL = new RegExp(
  `(?<![\\d+])(?:\\+${SEP}7|8|7)${SEP}\\(?${SEP}\\d{3,5}${SEP}\\)?${SEP}\\d{1,3}${SEP}\\d{2}${SEP}\\d{2}(?!\\d)`,
  'g',
)
/** A mobile number without the country prefix: 910 123-45-67, (910) 1234567. */
const PHONE_MOBILE = new RegExp(`(?<![\\d+])\\(?9\\d{2}\\)?${SEP}\\d{3}${SEP}\\d{2}${SEP}\\d{2}(?!\\d)`, 'g')
/** An area code in brackets and a local number: (4812) 12-34-56, (495) 123-45-67. */
const PHONE_AREA = new RegExp(`(?<!\\d)\\(\\d{3,5}\\)${SEP}\\d{1,3}${SEP}\\d{2}${SEP}\\d{2}(?!\\d)`, 'g')
/** A short city number: 12-34-56, 123-456, 1-23-45 — a phone only after a word that says so. */
const PHONE_CITY =
  /(?<![\d.,])(?:\d{2}-\d{2}-\d{2}|\d{3}-\d{3}|\d-\d{2}-\d{2}|\d{3}-\d{2}-\d{2})(?![\d.,]\d|-\d)/g
const PHONE_CONTEXT =
  /(?:тел|телеф|тлф|моб|сот|звон|позвон|номер|whatsapp|вотсап|ватсап|viber|вайбер|факс|контакт|т\.|т:)[^\n]{0,14}$/i

function findPhones(text: string, out: PersonalDataSpan[]) {
  const add = (start: number, end: number) => out.push({ kind: 'phone', start, end })
  for (const m of text.matchAll(PHONE_FULL))
    if (digitsOf(m[0]).length === 11) add(m.index, m.index + m[0].length)
  for (const m of text.matchAll(PHONE_MOBILE))
    if (digitsOf(m[0]).length === 10) add(m.index, m.index + m[0].length)
  for (const m of text.matchAll(PHONE_AREA))
    if (digitsOf(m[0]).length === 10) add(m.index, m.index + m[0].length)
  for (const m of text.matchAll(PHONE_CITY)) {
    if (PHONE_CONTEXT.test(text.slice(Math.max(0, m.index - 24), m.index)))
      add(m.index, m.index + m[0].length)
  }
}

// ---- e-mails, documents, cards ------------------------------------------------------------------------

const EMAIL = /(?<![\p{L}\d._%+-])[\p{L}\d._%+-]{1,64}@[\p{L}\d-]{1,63}(?:\.[\p{L}\d-]{1,63})*\.\p{L}{2,24}/gu
const SNILS = /(?<!\d)\d{3}-\d{3}-\d{3}[\s-]\d{2}(?!\d)/g
const SNILS_PLAIN = /(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{3}[\s-]?\d{2}(?!\d)/g
const SNILS_CONTEXT = /снилс[^\n]{0,20}$/i
const PASSPORT = /(?<!\d)\d{2}\s?\d{2}(?:\s*(?:№|N|номер)\s*|\s?)\d{6}(?!\d)/g
const PASSPORT_CONTEXT = /(?:паспорт|серия|серии)[^\n]{0,30}$/i
const CARD = /(?<!\d)\d{4}([\s-]?)\d{4}\1\d{4}\1\d{4}(?!\d)/g
const CARD_CONTEXT = /(?:карт|card|visa|мир|сбер)[^\n]{0,30}$/i

/** The Luhn checksum every bank card number passes (and most random digit runs fail). */
function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

const before = (text: string, at: number, n = 40) => text.slice(Math.max(0, at - n), at)

function findDocuments(text: string, out: PersonalDataSpan[]) {
  for (const m of text.matchAll(EMAIL))
    out.push({ kind: 'email', start: m.index, end: m.index + m[0].length })
  for (const m of text.matchAll(CARD)) {
    if (luhn(digitsOf(m[0])) || CARD_CONTEXT.test(before(text, m.index)))
      out.push({ kind: 'card', start: m.index, end: m.index + m[0].length })
  }
  for (const m of text.matchAll(SNILS))
    out.push({ kind: 'snils', start: m.index, end: m.index + m[0].length })
  for (const m of text.matchAll(SNILS_PLAIN)) {
    if (SNILS_CONTEXT.test(before(text, m.index)))
      out.push({ kind: 'snils', start: m.index, end: m.index + m[0].length })
  }
  for (const m of text.matchAll(PASSPORT)) {
    if (PASSPORT_CONTEXT.test(before(text, m.index)))
      out.push({ kind: 'passport', start: m.index, end: m.index + m[0].length })
  }
}

// ---- flats --------------------------------------------------------------------------------------------

/**
 * «кв. 12», «кв12», «квартира № 45», «квартиры 7а» — but not «50 кв. м», «в квартире 15 градусов»,
 * «квартира 2 комнаты» (a number followed by a unit is not a flat number).
 */
const FLAT =
  /(?<![\p{L}\d])(?:кв\.?|квартир[аеуыой]{1,2})\s*(?:№\s*)?\d{1,4}(?!\d)(?:\s?[а-гА-Г](?![\p{L}]))?(?![\d.,]\d)(?!\s*(?:°|%|градус|град\b|кв\.?\s?м|м2|м²|метр|человек|чел\b|лет|год|раз|минут|мин\b|час|сут|дн|недел|месяц|тыс|руб|р\.|₽|комнат|окон|семей|жильц))/giu

/** «кв. 12 и 14», «квартиры 5, 7, 9»: more numbers joined to a flat number, unless a noun says they are something else. */
const MORE_FLATS =
  /(?:\s*,\s*|\s+и\s+)(?:№\s*)?\d{1,4}(?!\d)(?:\s?[а-гА-Г](?![\p{L}]))?(?![\d.,]\d)(?!\s*(?:°|%|градус|град\b|кв\.?\s?м|м2|м²|метр|человек|чел\b|лет|год|раз|минут|мин\b|час|сут|дн|недел|месяц|тыс|руб|р\.|₽|комнат|окон|семей|жильц|подъезд|под\.|п\.|этаж|эт\.|дом|д\.|корп|к\.|строен|стр\.|квартал|микрорайон|мкр))/uy

function findFlats(text: string, out: PersonalDataSpan[]) {
  for (const m of text.matchAll(FLAT)) {
    let end = m.index + m[0].length
    for (;;) {
      MORE_FLATS.lastIndex = end
      const more = MORE_FLATS.exec(text)
      if (!more) break
      end += more[0].length
    }
    out.push({ kind: 'flat', start: m.index, end })
  }
}

// ---- names --------------------------------------------------------------------------------------------

const UP = 'А-ЯЁ'
const LO = 'а-яё'
const WORD = `[${UP}][${LO}]+(?:-[${UP}][${LO}]+)?`
const INITIAL = `[${UP}]\\.`
/** «Иванов И.И.», «Петрова-Водкина А. С.». */
const SURNAME_INITIALS = new RegExp(`(?<![\\p{L}])${WORD}\\s+${INITIAL}\\s?${INITIAL}`, 'gu')
/** «И. И. Иванова», «И.И.Иванов». */
const INITIALS_SURNAME = new RegExp(`(?<![\\p{L}.])${INITIAL}\\s?${INITIAL}\\s?${WORD}`, 'gu')
/** A patronymic in any case: Иванович, Сергеевна, Ильинична, Никитичной, Кузьмич. */
const PATRONYMIC = `[${UP}][${LO}]+(?:ович|евич|овн|евн|ичн|ьич|мич|тич|кич)(?:а|у|ем|ом|е|ой|ою|ы)?`
/** Surname Name Patronymic, Name Patronymic Surname, or Name Patronymic. */
const FULL_NAME = new RegExp(
  `(?<![\\p{L}])(?:${WORD}\\s+${WORD}\\s+${PATRONYMIC}(?![\\p{L}])|${WORD}\\s+${PATRONYMIC}(?:\\s+${WORD})?(?![\\p{L}]))`,
  'gu',
)
/** Words after which a name is a street, a school or a monument, not a person writing to the city. */
const PLACE_BEFORE =
  /(?:ул|улиц[аеуы]|пр|просп|проспект[аеу]?|пер|переул(?:ок|ка|ке)|пл|площад[ьи]|б-р|бульвар[аеу]?|ш|шоссе|наб|набережн(?:ая|ой|ую)|им|имени|памятник[аеу]?|сквер[аеу]?|парк[аеу]?|школ[аыеу]|библиотек[аиеу]|музе[йяею]|театр[аеу]?|станци[яиюей]|микрорайон[аеу]?|мкр|пос[её]л(?:ок|ка|ке)|пос|ж\/?д)\.?\s*$/i
/** Capitalised words that start a sentence or a greeting, not a surname. */
const NOT_SURNAME = new Set([
  'Уважаемый',
  'Уважаемая',
  'Уважаемые',
  'Здравствуйте',
  'Прошу',
  'Просим',
  'Спасибо',
  'Благодарю',
  'Ответ',
  'Сообщаю',
  'Город',
  'Улица',
  'Дом',
  'Заявитель',
  'Жалоба',
])

function findNames(text: string, out: PersonalDataSpan[]) {
  const add = (start: number, end: number) => {
    if (PLACE_BEFORE.test(before(text, start, 24))) return
    out.push({ kind: 'name', start, end })
  }
  for (const m of text.matchAll(FULL_NAME)) {
    let start = m.index
    let value = m[0]
    const first = value.split(/\s+/)[0]
    if (NOT_SURNAME.has(first)) {
      start += first.length
      value = value.slice(first.length)
      start += value.length - value.trimStart().length
      value = value.trimStart()
      if (!new RegExp(`^${WORD}\\s+${PATRONYMIC}`, 'u').test(value)) continue
    }
    add(start, start + value.length)
  }
  for (const m of text.matchAll(SURNAME_INITIALS)) {
    if (NOT_SURNAME.has(m[0].split(/\s+/)[0])) continue
    add(m.index, m.index + m[0].length)
  }
  for (const m of text.matchAll(INITIALS_SURNAME)) add(m.index, m.index + m[0].length)
}

// ---- public API ---------------------------------------------------------------------------------------

/** Keeps the highest-priority span where spans overlap; sorted by start. */
function resolveOverlaps(spans: PersonalDataSpan[]): PersonalDataSpan[] {
  const ranked = [...spans].sort(
    (a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start),
  )
  const kept: PersonalDataSpan[] = []
  for (const s of ranked) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s)
  return kept.sort((a, b) => a.start - b.start)
}

/** Personal data spans in a cleaned text (from analyse().clean); never throws, [] for odd input. */
export function findPersonalData(clean: string): PersonalDataSpan[] {
  if (typeof clean !== 'string' || clean.length < 3) return []
  const out: PersonalDataSpan[] = []
  findDocuments(clean, out)
  findPhones(clean, out)
  findFlats(clean, out)
  findNames(clean, out)
  return resolveOverlaps(out)
}

/** The text with every span replaced by its Russian placeholder («[телефон]», «кв. [№]», …). */
export function maskPersonalData(clean: string, spans?: PersonalDataSpan[]): string {
  if (typeof clean !== 'string') return ''
  const list = resolveOverlaps(
    (spans ?? findPersonalData(clean)).filter(
      (s) => s.start >= 0 && s.end <= clean.length && s.start < s.end,
    ),
  )
  let out = ''
  let at = 0
  for (const s of list) {
    out += clean.slice(at, s.start) + PERSONAL_DATA_PLACEHOLDERS[s.kind]
    at = s.end
  }
  return out + clean.slice(at)
}
