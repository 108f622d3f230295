/**
 * A tiny XML writer for Open311 GeoReport v2 responses: schemaless, no namespace, UTF-8, with the
 * XML declaration the spec requires. Elements are written in the order given; null becomes an empty
 * element (`<account_id/>`), as in the spec's examples.
 */

export type XmlValue = string | number | boolean | null | undefined | XmlElement[]
export type XmlElement = [name: string, value: XmlValue]

/** Drops what XML 1.0 does not allow at all: control characters other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates. */
function dropInvalidXmlChars(text: string): string {
  let out = ''
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000
    if (ok) out += ch
  }
  return out
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

export function escapeXml(text: string): string {
  return dropInvalidXmlChars(text).replace(/[&<>"']/g, (c) => ESCAPES[c])
}

function writeElement([name, value]: XmlElement, out: string[]): void {
  if (value === null || value === undefined || value === '') {
    out.push(`<${name}/>`)
  } else if (Array.isArray(value)) {
    out.push(`<${name}>`)
    for (const child of value) writeElement(child, out)
    out.push(`</${name}>`)
  } else {
    out.push(`<${name}>${escapeXml(String(value))}</${name}>`)
  }
}

/** The whole document: declaration plus one root element. */
export function xmlDocument(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n']
  writeElement(root, out)
  return out.join('')
}

/** `{a: 1, b: null}` → `[['a', 1], ['b', null]]`, keeping the key order. */
export function fields(obj: Record<string, XmlValue>): XmlElement[] {
  return Object.entries(obj).map(([k, v]) => [k, v])
}
