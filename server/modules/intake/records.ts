import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { AppError } from '../../platform/errors'

/**
 * Reading import files, shared by every importer (`veche import`, `import-pos`, `import-incidents`):
 * one record per row with the line it came from, so a report can point at it.
 */
export interface FileRecord {
  line: number
  value: unknown
  /** The line is not valid JSON (JSON lines files): reported, not guessed at. */
  invalidJson?: true
}

/** The file's text: missing files and files not in UTF-8 are refused in Russian; a BOM is dropped. */
export function readTextFile(file: string): string {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `Файл не найден: ${file}`)
  const content = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  if (content.includes('\uFFFD')) {
    throw new AppError('VALIDATION_FAILED', 'Файл не в кодировке UTF-8: сохраните его в UTF-8 и повторите')
  }
  return content
}

export const fileExtension = (file: string) => path.extname(file).toLowerCase()

/**
 * A .json file: an array of records, or `{"items": […]}`; with `single` a lone object is one record.
 * `what` names the records in the error («обращений», «сообщений ПОС»).
 */
export function parseJsonRecords(
  content: string,
  what: string,
  opts: { single?: boolean } = {},
): FileRecord[] {
  let data: unknown
  try {
    data = JSON.parse(content)
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Файл — не корректный JSON')
  }
  const items = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items)
      ? (data as { items: unknown[] }).items
      : opts.single && data && typeof data === 'object'
        ? [data]
        : null
  if (!items)
    throw new AppError('VALIDATION_FAILED', `JSON-файл должен содержать массив ${what} или {"items": […]}`)
  return items.map((value, i) => ({ line: i + 1, value }))
}

/** A .jsonl / .ndjson file: one JSON record per line; blank lines are skipped, broken ones marked. */
export function parseJsonLines(content: string): FileRecord[] {
  return content
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((r) => r.text)
    .map((r): FileRecord => {
      try {
        return { line: r.line, value: JSON.parse(r.text) as unknown }
      } catch {
        return { line: r.line, value: null, invalidJson: true }
      }
    })
}

/** A CSV table (`,` or `;` judged by the header line) as rows of cells, header row first. */
export function parseCsvTable(content: string): string[][] {
  const header = content.split('\n')[0] ?? ''
  try {
    return parse(content, {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      delimiter: header.includes(';') && !header.includes(',') ? ';' : ',',
    }) as string[][]
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `CSV не разобран: ${(err as Error).message}`)
  }
}

/** The Russian reason for a record that is not valid JSON. */
export const INVALID_JSON_REASON = 'строка — не корректный JSON'
