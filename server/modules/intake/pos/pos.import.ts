import type { Db } from '../../../platform/db'
import { AppError } from '../../../platform/errors'
import {
  type FileRecord,
  fileExtension,
  INVALID_JSON_REASON,
  parseJsonLines,
  parseJsonRecords,
  readTextFile,
} from '../records'
import { ZPosMessage } from './pos.schemas'
import { issueDetails, posToRegisterInput, receivePosMessages } from './pos.service'

export interface PosImportReport {
  total: number
  registered: number
  duplicates: number
  rejected: { line: number; posId: string | null; reason: string }[]
}

/**
 * Reads a ПОС export: `.json` (an array of messages, `{items: […]}` or one message) or `.jsonl` (one
 * message per line). Line numbers are array positions (from 1) for .json and file lines for .jsonl.
 */
export function readPosFile(file: string): FileRecord[] {
  const content = readTextFile(file)
  const ext = fileExtension(file)
  if (ext === '.json') return parseJsonRecords(content, 'сообщений ПОС', { single: true })
  if (ext === '.jsonl' || ext === '.ndjson') return parseJsonLines(content)
  throw new AppError(
    'VALIDATION_FAILED',
    `Формат «${ext || 'без расширения'}» не поддерживается: используйте .json или .jsonl`,
  )
}

const posIdOf = (v: unknown): string | null => {
  const id = v && typeof v === 'object' ? (v as { posId?: unknown }).posId : undefined
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null
}

/**
 * Imports a ПОС export through the same path as the inbound endpoint: each message is checked on its own
 * (a bad one is reported with its line and reason, in Russian) and registered exactly once by posId, so
 * re-running a file registers nothing twice. A dry run checks everything and writes nothing.
 */
export async function importPosMessages(
  db: Db,
  rows: FileRecord[],
  opts: { dryRun: boolean; onProgress?: (done: number) => void },
): Promise<PosImportReport> {
  const report: PosImportReport = { total: rows.length, registered: 0, duplicates: 0, rejected: [] }
  let done = 0
  for (const row of rows) {
    done += 1
    const posId = posIdOf(row.value)
    if (row.invalidJson) {
      report.rejected.push({ line: row.line, posId, reason: INVALID_JSON_REASON })
      continue
    }
    const parsed = ZPosMessage.safeParse(row.value)
    if (!parsed.success) {
      const reason = issueDetails(parsed.error)
        .map((d) => `${d.path || 'сообщение'}: ${d.message}`)
        .join('; ')
      report.rejected.push({ line: row.line, posId, reason })
      continue
    }
    if (opts.dryRun) {
      try {
        posToRegisterInput(parsed.data)
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        report.rejected.push({ line: row.line, posId, reason: err.message })
      }
      continue
    }
    const [result] = await receivePosMessages(db, [parsed.data])
    if (result.error) report.rejected.push({ line: row.line, posId, reason: result.error.message })
    else if (result.created) report.registered += 1
    else report.duplicates += 1
    if (done % 50 === 0) opts.onProgress?.(done)
  }
  opts.onProgress?.(done)
  return report
}
