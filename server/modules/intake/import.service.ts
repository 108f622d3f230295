import crypto from 'node:crypto'
import fs from 'node:fs'
import { readSheet } from 'read-excel-file/node'
import { z } from 'zod'
import columnsRef from '../../../reference/import-columns.json' with { type: 'json' }
import type { Db } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { ZRegisterAppeal } from '../appeals/appeals.schemas'
import { isRefusal, type RegistrationInput, registerMany } from '../appeals/registration'
import { channels, regimes, sectors, statuses } from '../reference/reference.tables'
import {
  type FileRecord,
  fileExtension,
  INVALID_JSON_REASON,
  parseCsvTable,
  parseJsonLines,
  parseJsonRecords,
  readTextFile,
} from './records'

export interface ImportReport {
  total: number
  registered: number
  duplicates: number
  rejected: { line: number; reason: string }[]
}

/** One row of the file with its line number (for the report); `value` is the raw record. */
export type ImportRow = FileRecord

const FIELDS = Object.keys(columnsRef.columns) as (keyof typeof columnsRef.columns)[]
type Field = (typeof FIELDS)[number]
const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ')

/**
 * Parses `--map "Суть=text;Когда=receivedAt"` (or a JSON file with {"Суть": "text"}) into header → field.
 * Unknown target fields are refused with the list of known ones.
 */
export function parseColumnMap(spec: string | undefined): Map<string, Field> {
  const map = new Map<string, Field>()
  if (!spec) return map
  const pairs: [string, string][] = fs.existsSync(spec)
    ? Object.entries(JSON.parse(fs.readFileSync(spec, 'utf8')) as Record<string, string>)
    : spec.split(';').map((p) => {
        const i = p.lastIndexOf('=')
        return [p.slice(0, i), p.slice(i + 1)] as [string, string]
      })
  for (const [header, field] of pairs) {
    if (!header.trim() || !FIELDS.includes(field.trim() as Field)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Неверное сопоставление столбцов «${header}=${field}»: поле должно быть одним из ${FIELDS.join(', ')}`,
      )
    }
    map.set(norm(header), field.trim() as Field)
  }
  return map
}

/** Header → our field: the explicit map first, then the known Russian and English names. */
function fieldOf(header: string, map: Map<string, Field>): Field | undefined {
  const h = norm(header)
  if (map.has(h)) return map.get(h)
  return FIELDS.find((f) => (columnsRef.columns[f] as string[]).includes(h))
}

/** Russian «31.12.2024» / «31.12.2024 14:30» (Moscow time) or ISO 8601 → ISO 8601. */
export function parseDate(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()
  const s = String(value).trim()
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s)
  if (ru) {
    const [, d, m, y, hh = '12', mm = '00', ss = '00'] = ru
    const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}T${hh.padStart(2, '0')}:${mm}:${ss}+03:00`
    return Number.isNaN(Date.parse(iso)) ? 'invalid' : iso
  }
  return s
}

/** A flat record (CSV/XLSX row with our field names) → the registration shape. */
function flatToInput(flat: Partial<Record<Field, unknown>>): Record<string, unknown> {
  const str = (v: unknown) =>
    v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim()
  const num = (v: unknown) => {
    const s = str(v)
    return s === undefined ? undefined : Number(s.replace(',', '.'))
  }
  return {
    regime: str(flat.regime),
    channel: str(flat.channel),
    status: str(flat.status),
    externalId: str(flat.externalId),
    legacyNumber: str(flat.legacyNumber),
    receivedAt: parseDate(flat.receivedAt),
    text: str(flat.text),
    addressText: str(flat.addressText),
    lat: num(flat.lat),
    lon: num(flat.lon),
    districtCode: str(flat.districtCode),
    sectorCode: str(flat.sectorCode),
    topicCode: str(flat.topicCode),
    applicants: [
      {
        fullName: str(flat.applicantName),
        phone: str(flat.applicantPhone),
        email: str(flat.applicantEmail),
        postalAddress: str(flat.applicantAddress),
      },
    ],
  }
}

/** Table rows (first row = headers) → import rows; columns nobody maps are named in the error if text is missing. */
function tableToRows(table: unknown[][], map: Map<string, Field>, firstLine: number): ImportRow[] {
  const [headers = [], ...body] = table
  const fields = headers.map((h) => fieldOf(String(h ?? ''), map))
  if (!fields.includes('text')) {
    throw new AppError(
      'VALIDATION_FAILED',
      `В файле нет столбца с текстом обращения. Заголовки: ${headers.map((h) => `«${h}»`).join(', ')}. Укажите его ключом --map "Заголовок=text"`,
    )
  }
  return body
    .map((cells, i) => ({ cells, line: firstLine + i + 1 }))
    .filter(({ cells }) => cells.some((c) => c !== null && c !== undefined && String(c).trim() !== ''))
    .map(({ cells, line }) => {
      const flat: Partial<Record<Field, unknown>> = {}
      fields.forEach((f, j) => {
        if (f) flat[f] = cells[j]
      })
      return { line, value: flatToInput(flat) }
    })
}

/** Reads a .csv/.xlsx/.json/.jsonl file into raw rows with their line numbers. */
export async function readImportFile(file: string, opts: { map?: string } = {}): Promise<ImportRow[]> {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `Файл не найден: ${file}`)
  const map = parseColumnMap(opts.map)
  const ext = fileExtension(file)
  if (ext === '.xlsx') {
    let table: unknown[][]
    try {
      table = (await readSheet(fs.readFileSync(file))) as unknown[][]
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', `Не удалось прочитать XLSX-файл: ${(err as Error).message}`)
    }
    return tableToRows(table, map, 1)
  }
  const content = readTextFile(file)
  if (ext === '.csv') return tableToRows(parseCsvTable(content), map, 1)
  if (ext === '.json') return parseJsonRecords(content, 'обращений')
  if (ext === '.jsonl' || ext === '.ndjson') return parseJsonLines(content)
  throw new AppError(
    'VALIDATION_FAILED',
    `Формат «${ext}» не поддерживается: используйте .csv, .xlsx, .json или .jsonl`,
  )
}

/** A historical row: the registration fields plus the old system's number and the status it ended in. */
const ZImportRow = ZRegisterAppeal.safeExtend({
  status: z.string().trim().optional(),
  legacyNumber: z.string().trim().max(100).optional(),
})

/** Codes by code or by Russian name (case-insensitive), for regime, channel, sector and status columns. */
async function codeLookups(db: Db) {
  const build = (rows: { code: string; name: string }[]) =>
    new Map(rows.flatMap((r) => [[norm(r.code), r.code] as const, [norm(r.name), r.code] as const]))
  const [reg, ch, sec, st] = await Promise.all([
    db.select({ code: regimes.code, name: regimes.name }).from(regimes),
    db
      .select({ code: channels.code, name: channels.name, defaultRegime: channels.defaultRegime })
      .from(channels),
    db.select({ code: sectors.code, name: sectors.name }).from(sectors),
    db.select({ code: statuses.code, name: statuses.name }).from(statuses),
  ])
  return {
    regime: build(reg),
    channel: build(ch),
    sectorCode: build(sec),
    status: build(st),
    defaultRegime: new Map(ch.map((c) => [c.code, c.defaultRegime])),
  }
}

type Checked = { line: number; input: RegistrationInput }

/** Validates one raw row; returns the registration input or the Russian reason it is refused. */
function checkRow(
  row: ImportRow,
  codes: Awaited<ReturnType<typeof codeLookups>>,
  defaultStatus: string,
): Checked | { line: number; reason: string } {
  const raw = row.value as Record<string, unknown> | null
  if (row.invalidJson) return { line: row.line, reason: INVALID_JSON_REASON }
  const value = raw && typeof raw === 'object' ? { ...raw } : raw
  if (value && typeof value === 'object') {
    ;(value as Record<string, unknown>).channel ??= 'import'
    for (const key of ['regime', 'channel', 'sectorCode', 'status'] as const) {
      const v = (value as Record<string, unknown>)[key]
      if (typeof v === 'string') (value as Record<string, unknown>)[key] = codes[key].get(norm(v)) ?? v
    }
    // A row without a regime takes its channel's usual one (reference/channels.json).
    const rec = value as Record<string, unknown>
    rec.regime ??= codes.defaultRegime.get(String(rec.channel))
  }
  const parsed = ZImportRow.safeParse(value)
  if (!parsed.success) {
    return {
      line: row.line,
      reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'строка'}: ${i.message}`).join('; '),
    }
  }
  const { legacyNumber, status = defaultStatus, ...input } = parsed.data
  if (input.receivedAt && Date.parse(input.receivedAt) > Date.now() + 60_000) {
    return { line: row.line, reason: 'receivedAt: дата поступления в будущем' }
  }
  if (!codes.status.has(norm(status)))
    return { line: row.line, reason: `status: неизвестный статус «${status}»` }
  // Re-importing the same file registers nothing twice: the old number, or a hash of the content, is the id.
  const externalId =
    input.externalId ??
    legacyNumber ??
    crypto
      .createHash('sha256')
      .update(`${input.receivedAt ?? ''}|${input.text}`)
      .digest('hex')
      .slice(0, 32)
  return {
    line: row.line,
    input: {
      ...input,
      externalId,
      status,
      registeredAt: input.receivedAt ? new Date(input.receivedAt) : undefined,
      meta: legacyNumber ? { import: { legacyNumber } } : { import: {} },
    },
  }
}

const BATCH = 1000

/**
 * Registers historical appeals in batches of a thousand (registerMany: one statement and one transaction
 * per batch; a batch with a refused row is redone row by row, so a bad row is rejected with its reason and
 * nothing else is affected). Re-running the same file registers nothing twice.
 */
export async function importAppeals(
  db: Db,
  rows: ImportRow[],
  opts: { dryRun: boolean; defaultStatus?: string; onProgress?: (done: number) => void },
): Promise<ImportReport> {
  const report: ImportReport = { total: rows.length, registered: 0, duplicates: 0, rejected: [] }
  const codes = await codeLookups(db)
  const checked: Checked[] = []
  for (const row of rows) {
    const r = checkRow(row, codes, opts.defaultStatus ?? 'closed')
    if ('reason' in r) report.rejected.push(r)
    else checked.push(r)
  }
  let done = rows.length - checked.length
  const count = (created: boolean) => {
    if (created) report.registered += 1
    else report.duplicates += 1
  }
  // Two batches in flight: while the database writes one, the next is checked and prepared. (Their
  // statements still queue on the number counters, so numbers stay gapless.)
  let next = 0
  const worker = async () => {
    while (next < checked.length) {
      const batch = checked.slice(next, next + BATCH)
      next += BATCH
      if (!opts.dryRun) {
        const results = await registerMany(
          db,
          batch.map((b) => b.input),
          { kind: 'system' },
        )
        results.forEach((r, j) => {
          if (isRefusal(r)) report.rejected.push({ line: batch[j].line, reason: r.message })
          else count(r.created)
        })
      }
      done += batch.length
      opts.onProgress?.(done)
    }
  }
  await Promise.all([worker(), worker()])
  report.rejected.sort((a, b) => a.line - b.line)
  opts.onProgress?.(rows.length)
  return report
}
