/**
 * `veche understand`: JSON lines in ({"id", "channel", "text", "created_at"}), one JSON line out per item,
 * in the input order. The whole input is one batch, so `group` links duplicates anywhere in it. A line that
 * is not a JSON object gets an error line in Russian (with the line number) instead; nothing stops the run.
 */
import readline from 'node:readline'
import { type UnderstandInput, understandBatch } from '../modules/understanding/understand'
import { fileUnderstander, type UnderstanderFiles } from '../modules/understanding/understander'

/** Items per duplicate-grouping batch: a bigger input is processed in batches of this size. */
const BATCH = 50_000

export interface UnderstandCliOptions extends UnderstanderFiles {
  details?: boolean
}

type Line = { n: number; item?: UnderstandInput; error?: string; id?: unknown }

function parseLine(raw: string, n: number): Line | null {
  if (!raw.trim()) return null
  let v: unknown
  try {
    v = JSON.parse(raw)
  } catch {
    return { n, error: `строка ${n}: не JSON` }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { n, error: `строка ${n}: нужен JSON-объект` }
  const o = v as Record<string, unknown>
  const id = o.id ?? n
  if (o.text != null && typeof o.text !== 'string')
    return { n, id, error: `строка ${n}: поле text должно быть строкой` }
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null)
  return {
    n,
    item: {
      id: String(id),
      channel: typeof o.channel === 'string' ? o.channel : null,
      text: (o.text as string | undefined) ?? '',
      created_at: typeof o.created_at === 'string' ? o.created_at : null,
      address: typeof o.address === 'string' ? o.address : null,
      lat: num(o.lat),
      lon: num(o.lon),
      applicant: typeof o.applicant === 'string' ? o.applicant : null,
    },
  }
}

export async function runUnderstand(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  opts: UnderstandCliOptions = {},
): Promise<{ items: number; errors: number }> {
  const u = fileUnderstander({ ...opts, onTrain: opts.onTrain ?? ((m) => process.stderr.write(`${m}\n`)) })
  const lines: Line[] = []
  let n = 0
  let items = 0
  let errors = 0
  const flush = () => {
    const batch = lines.filter((l) => l.item).map((l) => l.item as UnderstandInput)
    const results = understandBatch(u, batch)
    let k = 0
    for (const l of lines) {
      if (l.error) {
        errors++
        output.write(`${JSON.stringify({ id: l.id ?? null, error: l.error })}\n`)
        continue
      }
      const { details, ...r } = results[k++]
      items++
      output.write(`${JSON.stringify(opts.details ? { ...r, details } : r)}\n`)
    }
    lines.length = 0
  }
  for await (const raw of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    n++
    const line = parseLine(raw, n)
    if (!line) continue
    lines.push(line)
    if (lines.length >= BATCH) flush()
  }
  flush()
  return { items, errors }
}
