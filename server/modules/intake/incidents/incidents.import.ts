import type { Db } from '../../../platform/db'
import { AppError } from '../../../platform/errors'
import {
  type FileRecord,
  fileExtension,
  INVALID_JSON_REASON,
  parseCsvTable,
  parseJsonLines,
  parseJsonRecords,
  readTextFile,
} from '../records'
import { type Incident, issuesText, ZIncident } from './incidents.schemas'
import { registerIncident } from './incidents.service'

export interface IncidentImportReport {
  total: number
  registered: number
  /** Already known: replays and reposts counted on an existing appeal. */
  duplicates: number
  /** Of the registered, how many went to the review list as noise. */
  review: number
  rejected: { line: number; reason: string }[]
}

/** CSV columns of an incident export (header row required; `,` or `;`). */
export const INCIDENT_CSV_COLUMNS = [
  'platform',
  'url',
  'authorHandle',
  'authorName',
  'text',
  'publishedAt',
  'publicPageUrl',
  'originalUrl',
  'lat',
  'lon',
  'address',
] as const

function csvRow(row: Record<string, string>): unknown {
  const blank = (v?: string) => (v === undefined || v.trim() === '' ? undefined : v)
  const num = (v?: string) => (blank(v) === undefined ? undefined : Number(v?.replace(',', '.')))
  return {
    platform: blank(row.platform),
    url: blank(row.url),
    authorHandle: blank(row.authorHandle),
    authorName: blank(row.authorName),
    text: row.text ?? '',
    publishedAt: blank(row.publishedAt),
    publicPageUrl: blank(row.publicPageUrl),
    originalUrl: blank(row.originalUrl),
    lat: num(row.lat),
    lon: num(row.lon),
    address: blank(row.address),
  }
}

/** Reads an incident file (.json: an array or {items: […]}; .jsonl: one per line; .csv) into raw rows. */
export function readIncidentFile(file: string): FileRecord[] {
  const content = readTextFile(file)
  const ext = fileExtension(file)
  if (ext === '.csv') {
    const [header = [], ...cells] = parseCsvTable(content)
    const unknown = header.filter((c) => !(INCIDENT_CSV_COLUMNS as readonly string[]).includes(c))
    if (unknown.length)
      throw new AppError(
        'VALIDATION_FAILED',
        `Неизвестные колонки CSV: ${unknown.join(', ')}. Ожидаются: ${INCIDENT_CSV_COLUMNS.join(', ')}`,
      )
    return cells.map((row, i) => ({
      line: i + 2,
      value: csvRow(Object.fromEntries(header.map((h, j) => [h, row[j] ?? '']))),
    }))
  }
  if (ext === '.json') return parseJsonRecords(content, 'инцидентов')
  if (ext === '.jsonl' || ext === '.ndjson') return parseJsonLines(content)
  throw new AppError(
    'VALIDATION_FAILED',
    `Формат «${ext}» не поддерживается: используйте .json, .jsonl или .csv`,
  )
}

/** Validates raw rows; the good ones come back parsed, the bad ones with a Russian reason. */
export function validateIncidentRows(rows: FileRecord[]) {
  const good: { line: number; item: Incident }[] = []
  const rejected: { line: number; reason: string }[] = []
  for (const row of rows) {
    if (row.invalidJson) {
      rejected.push({ line: row.line, reason: INVALID_JSON_REASON })
      continue
    }
    const parsed = ZIncident.safeParse(row.value)
    if (parsed.success) good.push({ line: row.line, item: parsed.data })
    else rejected.push({ line: row.line, reason: issuesText(parsed.error) })
  }
  return { good, rejected }
}

/**
 * Imports an incident file: bad rows are refused with reasons and never registered; good rows are
 * registered exactly once each (a re-run registers nothing twice), each in its own transaction.
 */
export async function importIncidents(
  db: Db,
  rows: { line: number; value: unknown }[],
  opts: { dryRun: boolean; onProgress?: (done: number) => void },
): Promise<IncidentImportReport> {
  const { good, rejected } = validateIncidentRows(rows)
  const report: IncidentImportReport = {
    total: rows.length,
    registered: 0,
    duplicates: 0,
    review: 0,
    rejected,
  }
  if (opts.dryRun) return report
  let done = rejected.length
  for (const { line, item } of good) {
    done += 1
    try {
      const r = await db.transaction((tx) => registerIncident(tx, item))
      if (r.created) report.registered += 1
      else report.duplicates += 1
      if (r.review) report.review += 1
    } catch (err) {
      report.rejected.push({
        line,
        reason: err instanceof AppError ? err.message : `ошибка базы данных: ${(err as Error).message}`,
      })
    }
    if (done % 50 === 0) opts.onProgress?.(done)
  }
  opts.onProgress?.(rows.length)
  report.rejected.sort((a, b) => a.line - b.line)
  return report
}
