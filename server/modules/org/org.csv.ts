/**
 * The directory of organisations from a CSV file, as pure functions: encoding (UTF-8 or cp1251),
 * delimiter (`;` or `,`), a header row in Russian or as field codes, one unit per record. Every bad row
 * is reported with its line number and a Russian reason; the service writes nothing if any row is bad.
 */
import type { UnitContact } from './org.tables'

export const UNIT_KINDS = [
  'administration',
  'territorial',
  'municipal_enterprise',
  'regional',
  'other',
] as const
export const UNIT_LEVELS = ['municipal', 'regional', 'federal'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]
export type UnitLevel = (typeof UNIT_LEVELS)[number]

export const KIND_NAMES: Record<UnitKind, string> = {
  administration: 'Подразделение администрации',
  territorial: 'Территориальное управление',
  municipal_enterprise: 'Муниципальное предприятие / учреждение',
  regional: 'Региональный орган',
  other: 'Другая организация',
}
export const LEVEL_NAMES: Record<UnitLevel, string> = {
  municipal: 'Муниципальный',
  regional: 'Региональный',
  federal: 'Федеральный',
}

/** One unit as read from a file (codes resolved, parent still a code). */
export interface UnitImportRow {
  line: number
  code: string
  name: string
  shortName: string
  kind: UnitKind
  level: UnitLevel
  sectors: string[]
  districtCode: string | null
  headName: string | null
  headPosition: string | null
  phone: string | null
  email: string | null
  address: string | null
  workingHours: string | null
  parentCode: string | null
  contacts: UnitContact[]
}

export interface RowError {
  line: number
  message: string
}

/** Header names (lower case, ё→е) → field. */
const HEADERS: Record<string, keyof Omit<UnitImportRow, 'line'>> = {}
const alias = (field: keyof Omit<UnitImportRow, 'line'>, ...names: string[]) => {
  for (const n of [field, ...names]) HEADERS[norm(n)] = field
}
function norm(s: string): string {
  return s.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ')
}
alias('code', 'код')
alias('name', 'наименование', 'полное наименование', 'название')
alias('shortName', 'short_name', 'краткое наименование', 'сокращенное наименование')
alias('kind', 'вид', 'тип', 'вид организации')
alias('level', 'уровень')
alias('sectors', 'секторы', 'сектора', 'сектор', 'отвечает за')
alias('districtCode', 'district', 'район')
alias('headName', 'head', 'руководитель', 'фио руководителя')
alias('headPosition', 'head_position', 'должность руководителя', 'должность')
alias('phone', 'телефон')
alias('email', 'e-mail', 'электронная почта', 'почта')
alias('address', 'адрес')
alias('workingHours', 'working_hours', 'часы работы', 'режим работы')
alias('parentCode', 'parent', 'вышестоящая организация', 'код вышестоящей организации', 'входит в')
alias('contacts', 'заместители', 'заместители и контакты', 'контакты')

const KIND_WORDS: [RegExp, UnitKind][] = [
  [/^(administration|подразделение администрации|администрация|управление|комитет|отдел)$/, 'administration'],
  [/^(territorial|территориальное управление|терруправление)$/, 'territorial'],
  [
    /^(municipal_enterprise|муниципальное предприятие|муниципальное учреждение|муп|мбу|муниципальное предприятие \/ учреждение)$/,
    'municipal_enterprise',
  ],
  [/^(regional|региональный орган|орган области|областной орган)$/, 'regional'],
  [/^(other|другая организация|другое|иное|иная организация)$/, 'other'],
]
const LEVEL_WORDS: [RegExp, UnitLevel][] = [
  [/^(municipal|муниципальный|городской)$/, 'municipal'],
  [/^(regional|региональный|областной)$/, 'regional'],
  [/^(federal|федеральный)$/, 'federal'],
]

/** Decodes bytes: UTF-8 when valid (a BOM is dropped), otherwise Windows-1251 (Excel's «CSV» in Russia). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' }
  }
}

/** Splits CSV text into records (quoted fields with "" and line breaks inside), with each record's first line. */
export function splitCsv(text: string, delimiter: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (c === '\n') line++
        cell += c
      }
    } else if (c === '"' && cell === '') quoted = true
    else if (c === delimiter) {
      cells.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      cells.push(cell)
      if (cells.some((x) => x.trim() !== '')) records.push({ line: start, cells })
      cells = []
      cell = ''
      line++
      start = line
    } else cell += c
  }
  cells.push(cell)
  if (cells.some((x) => x.trim() !== '')) records.push({ line: start, cells })
  return records
}

/** `;` unless the header row has more commas than semicolons. */
export function detectDelimiter(text: string): ';' | ',' {
  const header = text.split(/\r?\n/, 1)[0] ?? ''
  const count = (ch: string) => header.split(ch).length - 1
  return count(',') > count(';') ? ',' : ';'
}

export interface Names {
  sectors: { code: string; name: string }[]
  districts: { code: string; name: string }[]
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/
const CODE = /^[a-z][a-z0-9_-]{0,63}$/

/** «Иванов И. И. — заместитель — +7 … — mail@…» items separated by «|». */
function parseContacts(s: string): UnitContact[] | string {
  const out: UnitContact[] = []
  for (const item of s
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const parts = item.split(/\s+[—–-]\s+/).map((x) => x.trim())
    const [name, ...rest] = parts
    if (!name) return 'в контактах пустое имя'
    const contact: UnitContact = { name }
    for (const p of rest) {
      if (EMAIL.test(p)) contact.email = p
      else if (/^[+\d(][\d\s()+-]{5,}$/.test(p)) contact.phone = p
      else contact.position = p
    }
    out.push(contact)
  }
  return out
}

/** Reads the whole file; `rows` are the good records, `errors` every bad one (line and reason). */
export function parseUnitsCsv(
  bytes: Uint8Array,
  names: Names,
): { rows: UnitImportRow[]; errors: RowError[]; encoding: string; delimiter: string } {
  const { text, encoding } = decodeCsv(bytes)
  const delimiter = detectDelimiter(text)
  const records = splitCsv(text, delimiter)
  const errors: RowError[] = []
  if (records.length === 0)
    return { rows: [], errors: [{ line: 1, message: 'файл пуст' }], encoding, delimiter }
  const [header, ...data] = records
  const fields = header.cells.map((h) => HEADERS[norm(h)] ?? null)
  const unknown = header.cells.filter((h, i) => fields[i] === null && h.trim() !== '')
  if (unknown.length)
    errors.push({
      line: header.line,
      message: `неизвестные столбцы: ${unknown.map((u) => `«${u.trim()}»`).join(', ')}`,
    })
  for (const need of ['code', 'name'] as const)
    if (!fields.includes(need))
      errors.push({
        line: header.line,
        message: `нет столбца «${need === 'code' ? 'Код' : 'Наименование'}» в заголовке`,
      })
  if (errors.length) return { rows: [], errors, encoding, delimiter }
  if (data.length === 0)
    return {
      rows: [],
      errors: [{ line: header.line, message: 'в файле только заголовок, нет ни одной строки' }],
      encoding,
      delimiter,
    }

  const sectorBy = new Map<string, string>()
  for (const s of names.sectors) {
    sectorBy.set(norm(s.code), s.code)
    sectorBy.set(norm(s.name), s.code)
  }
  const districtBy = new Map<string, string>()
  for (const d of names.districts) {
    districtBy.set(norm(d.code), d.code)
    districtBy.set(norm(d.name), d.code)
    districtBy.set(norm(d.name.replace(/\s*район$/i, '')), d.code)
  }
  const seen = new Map<string, number>()
  const rows: UnitImportRow[] = []
  for (const rec of data) {
    const get = (f: keyof Omit<UnitImportRow, 'line'>) => {
      const i = fields.indexOf(f)
      const v = i >= 0 ? (rec.cells[i] ?? '').trim() : ''
      return v === '' ? null : v
    }
    const problems: string[] = []
    if (rec.cells.length > header.cells.length && rec.cells.slice(header.cells.length).some((c) => c.trim()))
      problems.push(
        `в строке ${rec.cells.length} полей, а в заголовке ${header.cells.length} (проверьте разделитель и кавычки)`,
      )
    const code = get('code')
    if (!code) problems.push('не указан код')
    else if (!CODE.test(code))
      problems.push(`код «${code}» — только латиница в нижнем регистре, цифры, «_» и «-», с буквы`)
    else if (seen.has(code)) problems.push(`код «${code}» уже был в строке ${seen.get(code)}`)
    const name = get('name')
    if (!name) problems.push('не указано наименование')
    const kindText = get('kind') ?? 'administration'
    const kind = KIND_WORDS.find(([re]) => re.test(norm(kindText)))?.[1]
    if (!kind)
      problems.push(
        `неизвестный вид «${kindText}» (подразделение администрации, территориальное управление, муниципальное предприятие, региональный орган, другая организация)`,
      )
    const levelText = get('level') ?? (kind === 'regional' ? 'regional' : 'municipal')
    const level = LEVEL_WORDS.find(([re]) => re.test(norm(levelText)))?.[1]
    if (!level) problems.push(`неизвестный уровень «${levelText}» (муниципальный, региональный, федеральный)`)
    const sectors: string[] = []
    for (const s of (get('sectors') ?? '')
      .split(/[,;|]/)
      .map((x) => x.trim())
      .filter(Boolean)) {
      const c = sectorBy.get(norm(s))
      if (!c) problems.push(`неизвестный сектор «${s}»`)
      else if (!sectors.includes(c)) sectors.push(c)
    }
    if (sectors.length === 0 && !problems.some((p) => p.startsWith('неизвестный сектор')))
      problems.push('не указан ни один сектор (например: «ЖКХ, Благоустройство»)')
    const districtText = get('districtCode')
    const districtCode = districtText ? (districtBy.get(norm(districtText)) ?? null) : null
    if (districtText && !districtCode) problems.push(`неизвестный район «${districtText}»`)
    if (kind === 'territorial' && !districtText) problems.push('для территориального управления нужен район')
    const email = get('email')
    if (email && !EMAIL.test(email)) problems.push(`неверный e-mail «${email}»`)
    const parentCode = get('parentCode')
    if (parentCode && parentCode === code) problems.push('организация не может входить сама в себя')
    const contactsText = get('contacts')
    const contacts = contactsText ? parseContacts(contactsText) : []
    if (typeof contacts === 'string') problems.push(contacts)
    const tooLong = (['name', 'shortName', 'address', 'headName', 'workingHours'] as const).find(
      (f) => (get(f)?.length ?? 0) > 500,
    )
    if (tooLong) problems.push('слишком длинное значение (больше 500 символов)')
    if (code && !seen.has(code)) seen.set(code, rec.line)
    if (problems.length) {
      errors.push({ line: rec.line, message: problems.join('; ') })
      continue
    }
    rows.push({
      line: rec.line,
      code: code as string,
      name: name as string,
      shortName: get('shortName') ?? (name as string),
      kind: kind as UnitKind,
      level: level as UnitLevel,
      sectors,
      districtCode,
      headName: get('headName'),
      headPosition: get('headPosition'),
      phone: get('phone'),
      email,
      address: get('address'),
      workingHours: get('workingHours'),
      parentCode,
      contacts: contacts as UnitContact[],
    })
  }
  return { rows, errors, encoding, delimiter }
}
