import crypto from 'node:crypto'
import { convert } from 'html-to-text'
import { type AddressObject, type HeaderValue, simpleParser } from 'mailparser'
import type { IncomingFile } from '../../attachments/attachments.service'

/** One incoming letter, reduced to what intake needs. */
export interface IncomingMail {
  /** Message-ID as sent (with angle brackets), or null when the letter has none. */
  messageId: string | null
  /** The exactly-once key: the Message-ID, or `sha256:<hex>` of the raw letter when it is missing or too long. */
  externalId: string
  subject: string
  from: { address: string; name: string | null } | null
  inReplyTo: string[]
  references: string[]
  /** Plain text of the body (HTML turned into clean text); may be empty. */
  text: string
  files: IncomingFile[]
  /** Lower-cased header name → its raw values, for the automated-mail rules. */
  headers: Map<string, string[]>
  /** The top-level content type, e.g. `multipart/report; report-type=delivery-status`. */
  contentType: string
}

const MAX_TEXT = 20_000
const MESSAGE_ID = /<[^<>\s]+>/g

/**
 * HTML of a letter as readable text: no tags, scripts, styles or image placeholders; links keep their
 * words, not their addresses; paragraphs and list items stay on their own lines.
 */
export function htmlToCleanText(html: string): string {
  try {
    const text = convert(html, {
      wordwrap: false,
      limits: { maxInputLength: 2_000_000, maxDepth: 500 },
      selectors: [
        { selector: 'head', format: 'skip' },
        { selector: 'script', format: 'skip' },
        { selector: 'style', format: 'skip' },
        { selector: 'noscript', format: 'skip' },
        { selector: 'img', format: 'skip' },
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'h1', options: { uppercase: false } },
        { selector: 'h2', options: { uppercase: false } },
        { selector: 'h3', options: { uppercase: false } },
        { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
      ],
    })
    // Inline elements leave a space before punctuation («темно .»).
    return text.replace(/[^\S\n]+([.,;:!?)»])/g, '$1')
  } catch {
    // A letter whose HTML the converter cannot walk still gets its words: tags stripped crudely.
    return html
      .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<br\s*\/?>|<\/p\s*>|<\/div\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
  }
}

/** Text as people read it: no control characters or replacement marks, no runs of blank lines. */
export function cleanText(text: string, max = MAX_TEXT): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/(?![\n\t])\p{Cc}|[\u200b\u00ad\ufeff\ufffd]/gu, '')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[ \t]+|[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return cleaned.length > max ? `${cleaned.slice(0, max - 1).trimEnd()}…` : cleaned
}

/** A citizen's reply without the quoted letter below it («> …» lines and the «… написал:» line). */
export function stripQuoted(text: string): string {
  const lines = text.split('\n')
  const firstQuote = lines.findIndex((l) => l.startsWith('>'))
  let end = firstQuote === -1 ? lines.length : firstQuote
  const attribution = /(wrote|написал[аи]?|пишет)\s*:\s*$/i
  while (end > 0 && (lines[end - 1].trim() === '' || attribution.test(lines[end - 1]))) end--
  const own = lines.slice(0, end).join('\n').trim()
  return own || text.trim()
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(', ')
  if (value && typeof value === 'object' && 'value' in value) {
    const v = value as { value: unknown; params?: Record<string, string>; text?: string }
    if (typeof v.text === 'string') return v.text
    const params = Object.entries(v.params ?? {}).map(([k, p]) => `; ${k}=${p}`)
    return `${String(v.value)}${params.join('')}`
  }
  return String(value)
}

/**
 * Old mail programs send Russian text as 8-bit windows-1251 without naming the charset; decoded as
 * UTF-8 it is all replacement marks. For such a single-part letter the body is read as windows-1251.
 */
function legacyText(raw: Buffer, decoded: string): string | null {
  const marks = decoded.match(/\ufffd/g)?.length ?? 0
  if (marks === 0 || marks < decoded.replace(/\s/g, '').length * 0.1) return null
  let split = raw.indexOf('\r\n\r\n')
  let skip = 4
  if (split === -1) {
    split = raw.indexOf('\n\n')
    skip = 2
  }
  if (split === -1) return null
  const head = raw.subarray(0, split).toString('latin1')
  if (/^content-type:\s*multipart\//im.test(head)) return null
  if (/^content-transfer-encoding:\s*(base64|quoted-printable)/im.test(head)) return null
  const text = new TextDecoder('windows-1251').decode(raw.subarray(split + skip))
  return /[а-яё]/i.test(text) ? text : null
}

const idsOf = (v: string | string[] | undefined): string[] =>
  ((Array.isArray(v) ? v.join(' ') : (v ?? '')).match(MESSAGE_ID) ?? [])
    .map((id) => id.replace(/\p{Cc}/gu, ''))
    .filter((id) => id.length <= 250)

function firstAddress(from: AddressObject | AddressObject[] | undefined) {
  const list = (Array.isArray(from) ? from : from ? [from] : []).flatMap((a) => a.value)
  const first = list.find((a) => a.address)
  if (!first?.address) return null
  return { address: first.address.trim().toLowerCase(), name: cleanText(first.name ?? '', 200) || null }
}

/** Parses a raw letter (RFC 5322) with mailparser: text, HTML made clean, attachments, threading headers. */
export async function parseMail(raw: Buffer): Promise<IncomingMail> {
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
  })
  const headers = new Map<string, string[]>()
  for (const line of parsed.headerLines ?? []) {
    const key = line.key.toLowerCase()
    const value = line.line.slice(line.line.indexOf(':') + 1).trim()
    headers.set(key, [...(headers.get(key) ?? []), value])
  }
  let text = cleanText(legacyText(raw, parsed.text ?? '') ?? parsed.text ?? '')
  if (!text && typeof parsed.html === 'string') text = cleanText(htmlToCleanText(parsed.html))
  const messageId = idsOf(parsed.messageId)[0] ?? null
  const externalId =
    messageId && messageId.length <= 200
      ? messageId
      : `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`
  const ct = parsed.headers.get('content-type')
  return {
    messageId,
    externalId,
    subject: cleanText(parsed.subject ?? '', 500).replace(/\s+/g, ' '),
    from: firstAddress(parsed.from),
    inReplyTo: idsOf(parsed.inReplyTo),
    references: idsOf(parsed.references),
    text,
    files: parsed.attachments
      .filter((a) => a.contentType !== 'message/delivery-status')
      .map((a, i) => ({
        fileName: cleanText(a.filename ?? '', 200) || `вложение-${i + 1}`,
        data: a.content,
      })),
    headers,
    contentType: ct ? headerText(ct).toLowerCase() : 'text/plain',
  }
}
