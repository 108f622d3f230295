/**
 * A small streaming scanner of XML tags for the big flat files of OpenStreetMap and ГАР (100+ MB):
 * it reads the file in chunks and reports each start tag with its attributes and each end tag, never
 * holding the document. Text content, comments, CDATA and processing instructions are skipped — these
 * formats keep everything in attributes.
 */
import fs from 'node:fs'

export type Attrs = Record<string, string>

export interface ScanHandlers {
  open(name: string, attrs: Attrs, selfClosing: boolean): void
  close?(name: string): void
}

const ATTR_RE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g
const ENTITY_RE = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(ENTITY_RE, (_, e: string) => {
    if (e[0] !== '#') return ENTITIES[e]
    const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ''
  })
}

/** Parses the attributes of one start tag's inner text. */
export function parseAttrs(inner: string): Attrs {
  const out: Attrs = {}
  for (const m of inner.matchAll(ATTR_RE)) out[m[1]] = decode(m[2] ?? m[3] ?? '')
  return out
}

/** Streams a file and calls the handlers for each tag; `onBytes` reports progress in bytes. */
export async function scanXml(
  file: string,
  handlers: ScanHandlers,
  onBytes?: (done: number, total: number) => void,
): Promise<void> {
  const total = fs.statSync(file).size
  let done = 0
  let buf = ''
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })
  for await (const chunk of stream as AsyncIterable<string>) {
    buf += chunk
    done += Buffer.byteLength(chunk, 'utf8')
    buf = scanBuffer(buf, handlers)
    onBytes?.(Math.min(done, total), total)
  }
  scanBuffer(`${buf}`, handlers)
}

/** Scans complete tags in `buf`; returns the unfinished tail. */
export function scanBuffer(buf: string, h: ScanHandlers): string {
  let pos = 0
  for (;;) {
    const lt = buf.indexOf('<', pos)
    if (lt < 0) return ''
    if (buf.startsWith('<!--', lt)) {
      const end = buf.indexOf('-->', lt + 4)
      if (end < 0) return buf.slice(lt)
      pos = end + 3
      continue
    }
    if (buf.startsWith('<![CDATA[', lt)) {
      const end = buf.indexOf(']]>', lt + 9)
      if (end < 0) return buf.slice(lt)
      pos = end + 3
      continue
    }
    const gt = findTagEnd(buf, lt + 1)
    if (gt < 0) return buf.slice(lt)
    const c = buf[lt + 1]
    if (c === '?' || c === '!') {
      pos = gt + 1
      continue
    }
    if (c === '/') {
      h.close?.(buf.slice(lt + 2, gt).trim())
      pos = gt + 1
      continue
    }
    const selfClosing = buf[gt - 1] === '/'
    const inner = buf.slice(lt + 1, selfClosing ? gt - 1 : gt)
    const sp = inner.search(/[\s/]/)
    const name = sp < 0 ? inner : inner.slice(0, sp)
    h.open(name, sp < 0 ? {} : parseAttrs(inner.slice(sp)), selfClosing)
    if (selfClosing) h.close?.(name)
    pos = gt + 1
  }
}

/** The `>` that ends a tag, skipping quoted attribute values (they may contain `>`). */
function findTagEnd(buf: string, from: number): number {
  let quote = ''
  for (let i = from; i < buf.length; i++) {
    const ch = buf[i]
    if (quote) {
      if (ch === quote) quote = ''
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '>') return i
  }
  return -1
}
