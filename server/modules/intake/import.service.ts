import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Db } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { ZRegisterAppeal } from '../appeals/appeals.schemas'
import { registerAppeal } from '../appeals/appeals.service'

export interface ImportReport {
  total: number
  registered: number
  duplicates: number
  rejected: { line: number; reason: string }[]
}

/** CSV columns map onto the registration fields; applicant columns are flattened. */
function csvRowToInput(row: Record<string, string>): unknown {
  const num = (v?: string) => (v === undefined || v === '' ? undefined : Number(v.replace(',', '.')))
  const blank = (v?: string) => (v === undefined || v === '' ? undefined : v)
  return {
    regime: blank(row.regime),
    channel: blank(row.channel) ?? 'import',
    externalId: blank(row.externalId),
    receivedAt: blank(row.receivedAt),
    text: row.text,
    addressText: blank(row.addressText),
    lat: num(row.lat),
    lon: num(row.lon),
    districtCode: blank(row.districtCode),
    sectorCode: blank(row.sectorCode),
    topicCode: blank(row.topicCode),
    applicants: [
      {
        fullName: blank(row.applicantName),
        phone: blank(row.applicantPhone),
        email: blank(row.applicantEmail),
        postalAddress: blank(row.applicantAddress),
      },
    ],
  }
}

/** Reads a .jsonl/.json/.csv file into raw rows with their line numbers. */
export function readImportFile(file: string): { line: number; value: unknown }[] {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `Файл не найден: ${file}`)
  const content = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  const ext = path.extname(file).toLowerCase()
  if (ext === '.csv') {
    const rows = parse(content, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      delimiter: content.includes(';') && !content.split('\n')[0].includes(',') ? ';' : ',',
    }) as Record<string, string>[]
    return rows.map((r, i) => ({ line: i + 2, value: csvRowToInput(r) }))
  }
  if (ext === '.json') {
    const data = JSON.parse(content)
    if (!Array.isArray(data))
      throw new AppError('VALIDATION_FAILED', 'JSON-файл должен содержать массив обращений')
    return data.map((value, i) => ({ line: i + 1, value }))
  }
  if (ext === '.jsonl' || ext === '.ndjson') {
    return content
      .split('\n')
      .map((text, i) => ({ line: i + 1, text: text.trim() }))
      .filter((r) => r.text)
      .map((r) => {
        try {
          return { line: r.line, value: JSON.parse(r.text) as unknown }
        } catch {
          return { line: r.line, value: { __invalidJson: true } }
        }
      })
  }
  throw new AppError(
    'VALIDATION_FAILED',
    `Формат «${ext}» не поддерживается: используйте .csv, .json или .jsonl`,
  )
}

/**
 * Registers historical appeals. Each row is its own transaction, so a bad row is rejected with a
 * reason and nothing else is affected. Re-running the same file registers nothing twice: rows without
 * an externalId get one derived from their content.
 */
export async function importAppeals(
  db: Db,
  rows: { line: number; value: unknown }[],
  opts: { dryRun: boolean; onProgress?: (done: number) => void },
): Promise<ImportReport> {
  const report: ImportReport = { total: rows.length, registered: 0, duplicates: 0, rejected: [] }
  let done = 0
  for (const row of rows) {
    done += 1
    const parsed = ZRegisterAppeal.safeParse(row.value)
    if (!parsed.success) {
      const reason = (row.value as { __invalidJson?: boolean })?.__invalidJson
        ? 'строка — не корректный JSON'
        : parsed.error.issues.map((i) => `${i.path.join('.') || 'строка'}: ${i.message}`).join('; ')
      report.rejected.push({ line: row.line, reason })
      continue
    }
    const input = parsed.data
    input.externalId ??= crypto
      .createHash('sha256')
      .update(`${input.receivedAt ?? ''}|${input.text}`)
      .digest('hex')
      .slice(0, 32)
    if (opts.dryRun) continue
    try {
      const result = await db.transaction((tx) =>
        registerAppeal(
          tx,
          { ...input, registeredAt: input.receivedAt ? new Date(input.receivedAt) : undefined },
          { kind: 'system' },
        ),
      )
      if (result.created) report.registered += 1
      else report.duplicates += 1
    } catch (err) {
      report.rejected.push({
        line: row.line,
        reason: err instanceof AppError ? err.message : `ошибка базы данных: ${(err as Error).message}`,
      })
    }
    if (done % 50 === 0) opts.onProgress?.(done)
  }
  opts.onProgress?.(done)
  return report
}
