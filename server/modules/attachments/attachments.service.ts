import crypto from 'node:crypto'
import { and, asc, eq } from 'drizzle-orm'
import type { Queryable, Tx } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { attachments } from '../appeals/appeals.tables'

/** Limits for citizens' files (web form, Telegram, e-mail): photos and scans only. */
export const ATTACHMENT_LIMITS = { maxFiles: 5, maxBytes: 10 * 1024 * 1024 } as const

/** What a file is, judged by its first bytes, never by its name or the sender's claim. */
const SIGNATURES: { mime: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    ext: 'png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { mime: 'image/gif', ext: 'gif', test: (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')) },
  {
    mime: 'image/webp',
    ext: 'webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  {
    mime: 'image/heic',
    ext: 'heic',
    test: (b) =>
      b.subarray(4, 8).toString('latin1') === 'ftyp' &&
      ['heic', 'heix', 'mif1', 'msf1'].includes(b.subarray(8, 12).toString('latin1')),
  },
  { mime: 'application/pdf', ext: 'pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
]

/** The file's real type by content, or null when it is not a photo or a PDF. */
export function sniffMime(data: Buffer): { mime: string; ext: string } | null {
  const hit = SIGNATURES.find((s) => data.length >= 12 && s.test(data))
  return hit ? { mime: hit.mime, ext: hit.ext } : null
}

export interface IncomingFile {
  fileName: string
  data: Buffer
}

/** A safe display name: no path, no control characters, at most 120 characters. */
function cleanFileName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .trim()
    .slice(0, 120)
  return base || `file.${ext}`
}

/**
 * Checks a batch of files before anything is stored: count, size and real type. Throws a Russian
 * VALIDATION_FAILED naming the file, so the whole submission is refused and nothing changes.
 */
export function checkFiles(files: IncomingFile[]): { fileName: string; data: Buffer; mime: string }[] {
  if (files.length > ATTACHMENT_LIMITS.maxFiles) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Можно приложить не больше ${ATTACHMENT_LIMITS.maxFiles} файлов`,
      [{ path: 'files', message: `файлов: ${files.length}` }],
    )
  }
  return files.map((f, i) => {
    if (f.data.length === 0 || f.data.length > ATTACHMENT_LIMITS.maxBytes) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Файл «${f.fileName}» пустой или больше ${ATTACHMENT_LIMITS.maxBytes / 1024 / 1024} МБ`,
        [{ path: `files.${i}`, message: 'недопустимый размер' }],
      )
    }
    const kind = sniffMime(f.data)
    if (!kind) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Файл «${f.fileName}» не является фотографией или PDF (JPEG, PNG, WebP, GIF, HEIC, PDF)`,
        [{ path: `files.${i}`, message: 'недопустимый тип файла' }],
      )
    }
    return { fileName: cleanFileName(f.fileName, kind.ext), data: f.data, mime: kind.mime }
  })
}

/** Stores checked files with the appeal, in the caller's transaction. */
export async function storeAttachments(tx: Tx, appealId: number, files: IncomingFile[]): Promise<number> {
  const checked = checkFiles(files)
  if (checked.length === 0) return 0
  await tx.insert(attachments).values(
    checked.map((f) => ({
      appealId,
      fileName: f.fileName,
      mime: f.mime,
      size: f.data.length,
      sha256: crypto.createHash('sha256').update(f.data).digest('hex'),
      storageKey: 'db',
      content: f.data,
    })),
  )
  return checked.length
}

/** The appeal's files without their content (for the card). */
export function listAttachments(db: Queryable, appealId: number) {
  return db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      mime: attachments.mime,
      size: attachments.size,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(eq(attachments.appealId, appealId))
    .orderBy(asc(attachments.id))
}

/** One file of an appeal (the caller has already checked the appeal is in the actor's scope). */
export async function readAttachment(db: Queryable, appealId: number, attachmentId: number) {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.appealId, appealId)))
  if (!row?.content) throw new AppError('NOT_FOUND', 'Файл не найден')
  return row
}
