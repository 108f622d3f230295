import type { FastifyRequest } from 'fastify'
import { AppError } from '../../../platform/errors'
import { ATTACHMENT_LIMITS, type IncomingFile } from '../../attachments/attachments.service'

/** Text fields: the appeal text is up to 20 000 characters (up to 4 bytes each in UTF-8). */
const FIELD_BYTES = 96 * 1024
const MAX_FIELDS = 20

/** Busboy limits for the portal form; a body bigger than this is refused before it is read. */
export const WEB_FORM_LIMITS = {
  fieldSize: FIELD_BYTES,
  fields: MAX_FIELDS,
  fileSize: ATTACHMENT_LIMITS.maxBytes,
  // One more than allowed, so the sixth file is refused as "too many" (400) by our own check.
  files: ATTACHMENT_LIMITS.maxFiles + 1,
  parts: MAX_FIELDS + ATTACHMENT_LIMITS.maxFiles + 1,
  headerPairs: 100,
}
export const WEB_FORM_MAX_BODY =
  ATTACHMENT_LIMITS.maxFiles * ATTACHMENT_LIMITS.maxBytes + MAX_FIELDS * FIELD_BYTES + 64 * 1024

const MB = ATTACHMENT_LIMITS.maxBytes / 1024 / 1024

/** A Russian 413 before any byte is read when the declared length is already too much. */
export function refuseOversizedBody(req: FastifyRequest): void {
  const length = Number(req.headers['content-length'] ?? 0)
  if (length > WEB_FORM_MAX_BODY) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `Слишком большой запрос: можно приложить не больше ${ATTACHMENT_LIMITS.maxFiles} файлов по ${MB} МБ`,
    )
  }
}

/**
 * Reads the multipart form into text fields and files (in memory, within the limits above). Every
 * problem becomes a Russian AppError naming the field or the file; nothing is stored here.
 */
export async function readWebForm(
  req: FastifyRequest,
): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Форма отправляется как multipart/form-data')
  }
  const fields: Record<string, string> = {}
  const files: IncomingFile[] = []
  let currentFile = ''
  try {
    for await (const part of req.parts({ limits: WEB_FORM_LIMITS })) {
      if (part.type === 'file') {
        currentFile = part.filename || `файл ${files.length + 1}`
        if (part.fieldname !== 'files') {
          throw new AppError('VALIDATION_FAILED', 'Файлы прикладываются в поле «files»', [
            { path: part.fieldname, message: 'неожиданный файл' },
          ])
        }
        if (files.length >= ATTACHMENT_LIMITS.maxFiles) {
          throw new AppError(
            'VALIDATION_FAILED',
            `Можно приложить не больше ${ATTACHMENT_LIMITS.maxFiles} файлов`,
            [{ path: 'files', message: `не больше ${ATTACHMENT_LIMITS.maxFiles} файлов` }],
          )
        }
        const data = await part.toBuffer()
        // A plain HTML form sends an empty part when no file was chosen.
        if (data.length === 0 && !part.filename) continue
        files.push({ fileName: part.filename || currentFile, data })
        continue
      }
      if (part.fieldnameTruncated || part.valueTruncated) {
        throw new AppError('PAYLOAD_TOO_LARGE', `Поле «${part.fieldname}» слишком длинное`, [
          { path: part.fieldname, message: 'слишком длинное значение' },
        ])
      }
      // Two values under one name (two clientIds, two texts) are ambiguous: refuse rather than pick one.
      if (Object.hasOwn(fields, part.fieldname)) {
        throw new AppError('VALIDATION_FAILED', `Поле «${part.fieldname}» передано дважды`, [
          { path: part.fieldname, message: 'передано дважды' },
        ])
      }
      fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value)
    }
  } catch (error) {
    throw toFormError(error, currentFile, files.length)
  }
  return { fields, files }
}

function toFormError(error: unknown, fileName: string, index: number): AppError {
  if (error instanceof AppError) return error
  const code = (error as { code?: string }).code
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('PAYLOAD_TOO_LARGE', `Файл «${fileName}» больше ${MB} МБ`, [
      { path: `files.${index}`, message: `больше ${MB} МБ` },
    ])
  }
  if (code === 'FST_FILES_LIMIT') {
    return new AppError(
      'VALIDATION_FAILED',
      `Можно приложить не больше ${ATTACHMENT_LIMITS.maxFiles} файлов`,
      [{ path: 'files', message: `не больше ${ATTACHMENT_LIMITS.maxFiles} файлов` }],
    )
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new AppError('PAYLOAD_TOO_LARGE', 'Слишком много полей в форме')
  }
  if (code === 'FST_PROTO_VIOLATION') {
    return new AppError('VALIDATION_FAILED', 'Недопустимое имя поля в форме')
  }
  return new AppError('BAD_REQUEST', 'Не удалось прочитать форму: запрос повреждён или прерван')
}
