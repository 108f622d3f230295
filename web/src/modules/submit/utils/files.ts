/**
 * Checks of picked files that mirror the server's (type by content, size, count), so the citizen learns
 * at once; the server checks again and decides.
 */

export type PickedFile = { key: string; file: File; kind: string; previewUrl: string | null }

const SIGNATURES: { kind: string; test: (b: Uint8Array) => boolean }[] = [
  { kind: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    kind: 'image/png',
    test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  },
  { kind: 'image/gif', test: (b) => /^GIF8[79]a/.test(latin1(b, 0, 6)) },
  { kind: 'image/webp', test: (b) => latin1(b, 0, 4) === 'RIFF' && latin1(b, 8, 12) === 'WEBP' },
  {
    kind: 'image/heic',
    test: (b) => latin1(b, 4, 8) === 'ftyp' && ['heic', 'heix', 'mif1', 'msf1'].includes(latin1(b, 8, 12)),
  },
  { kind: 'application/pdf', test: (b) => latin1(b, 0, 5) === '%PDF-' },
]

function latin1(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to))
}

/** The real type of a file by its first bytes, or null when it is not a photo or a PDF. */
export function sniffKind(head: Uint8Array): string | null {
  if (head.length < 12) return null
  return SIGNATURES.find((s) => s.test(head))?.kind ?? null
}

/** Browsers draw these in <img>; HEIC and PDF get a plain tile. */
export const PREVIEWABLE = ['image/jpeg', 'image/png', 'image/webp', 'image/gif']

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} КБ`
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`
}

/** Why a file cannot be attached (in Russian), or null when it is fine. */
export function fileProblem(file: File, kind: string | null, maxBytes: number): string | null {
  if (file.size === 0) return `Файл «${file.name}» пустой`
  if (file.size > maxBytes) {
    return `Файл «${file.name}» больше ${maxBytes / 1024 / 1024} МБ (${formatSize(file.size)})`
  }
  if (!kind) return `Файл «${file.name}» не фотография и не PDF (подходят JPEG, PNG, WebP, GIF, HEIC, PDF)`
  return null
}
