/**
 * The project's own training corpus: template files under corpus/ru expanded into messages.
 *
 *   corpus/ru/<sector>/<topic>.txt   one template per line, a request of that sector and topic
 *   corpus/ru/_noise/<kind>.txt      social-network items that are not requests (news, thanks, ads, chat…)
 *   corpus/ru/_wrappers/greetings.txt, closings.txt   added around a share of the messages
 *   corpus/ru/_slots/<NAME>.txt      values of $NAME slots (themselves templates)
 *   corpus/ru/_urgency/*.jsonl       messages labelled urgent or not, for the urgency head (urgency-corpus.ts)
 *
 * Template syntax: `{a|b|c}` one alternative (nestable, empty allowed), `[x]` optional, `$NAME` a slot,
 * `#` starts a comment line. Expansion is seeded, so the same corpus gives the same messages.
 */

import fs from 'node:fs'
import path from 'node:path'
import { seededRandom } from '../../../common/random'

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../corpus/ru')

export interface CorpusDoc {
  text: string
  /** Sector code, or null for noise. */
  sector: string | null
  topic: string | null
  request: boolean
  /** file:line of the template (for diagnostics). */
  source: string
}

type Node =
  | { t: 'text'; v: string }
  | { t: 'alt'; options: Node[][] }
  | { t: 'opt'; body: Node[] }
  | { t: 'slot'; name: string }

export class TemplateError extends Error {}

/** Parses one template line into nodes; throws TemplateError with the column on unbalanced brackets. */
export function parseTemplate(line: string): Node[] {
  let i = 0
  const seq = (closers: string): Node[][] => {
    const options: Node[][] = [[]]
    let buf = ''
    const flush = () => {
      if (buf) options[options.length - 1].push({ t: 'text', v: buf })
      buf = ''
    }
    while (i < line.length) {
      const c = line[i]
      if (closers.includes(c)) {
        flush()
        return options
      }
      if (c === '|' && closers === '}') {
        flush()
        options.push([])
        i++
        continue
      }
      if (c === '{') {
        flush()
        i++
        const inner = seq('}')
        if (line[i] !== '}') throw new TemplateError(`не закрыта «{» (позиция ${i + 1})`)
        i++
        options[options.length - 1].push({ t: 'alt', options: inner })
        continue
      }
      if (c === '[') {
        flush()
        i++
        const inner = seq(']')
        if (line[i] !== ']') throw new TemplateError(`не закрыта «[» (позиция ${i + 1})`)
        i++
        options[options.length - 1].push({ t: 'opt', body: inner[0] })
        continue
      }
      if (c === '}' || c === ']') throw new TemplateError(`лишняя «${c}» (позиция ${i + 1})`)
      if (c === '|') throw new TemplateError(`«|» вне фигурных скобок (позиция ${i + 1})`)
      if (c === '$' && /[A-Z]/.test(line[i + 1] ?? '')) {
        flush()
        let j = i + 1
        while (j < line.length && /[A-Z_]/.test(line[j])) j++
        options[options.length - 1].push({ t: 'slot', name: line.slice(i + 1, j) })
        i = j
        continue
      }
      buf += c
      i++
    }
    flush()
    return options
  }
  const top = seq('')
  return top[0]
}

/** How many different strings a template can give (capped), slots counted once. */
export function combinations(nodes: Node[], cap = 1e6): number {
  let n = 1
  for (const node of nodes) {
    if (node.t === 'alt') n *= node.options.reduce((s, o) => s + combinations(o, cap), 0)
    else if (node.t === 'opt') n *= 1 + combinations(node.body, cap)
    if (n > cap) return cap
  }
  return n
}

type Slots = Map<string, Node[][]>

function render(nodes: Node[], rand: () => number, slots: Slots, depth = 0): string {
  let out = ''
  for (const node of nodes) {
    if (node.t === 'text') out += node.v
    else if (node.t === 'alt')
      out += render(node.options[Math.floor(rand() * node.options.length)], rand, slots, depth)
    else if (node.t === 'opt') out += rand() < 0.5 ? render(node.body, rand, slots, depth) : ''
    else {
      const values = slots.get(node.name)
      if (!values || depth > 3) out += node.name.toLowerCase()
      else out += render(values[Math.floor(rand() * values.length)], rand, slots, depth + 1)
    }
  }
  return out
}

/** Squeezes the spaces and stray punctuation that optional parts leave behind. */
function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?;:)])/g, '$1')
    .replace(/([(«])\s+/g, '$1')
    .replace(/,\s*([,.!?])/g, '$1')
    .replace(/^[\s,.;:]+/, '')
    .trim()
}

interface TemplateLine {
  file: string
  line: number
  nodes: Node[]
}

/** Reads the template lines of one file; errors are collected, not thrown. */
function readTemplates(file: string, errors: string[]): TemplateLine[] {
  const out: TemplateLine[] = []
  const rel = path.relative(process.cwd(), file)
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, n) => {
      const line = raw.trim()
      if (!line || line.startsWith('#')) return
      try {
        out.push({ file: rel, line: n + 1, nodes: parseTemplate(line) })
      } catch (e) {
        errors.push(`${rel}:${n + 1}: ${(e as Error).message}`)
      }
    })
  return out
}

const txtFiles = (dir: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => path.join(dir, f))
    : []

export interface CorpusOptions {
  seed?: number
  /** Variants drawn from each template line (fewer when the line has fewer combinations). */
  variants?: number
  /** Share of messages that get a greeting / a closing. */
  wrapShare?: number
}

export interface LoadedCorpus {
  docs: CorpusDoc[]
  errors: string[]
  /** Template lines and documents per topic (noise kinds as `_noise/<kind>`). */
  counts: Map<string, { lines: number; docs: number }>
}

/** Expands the whole corpus directory into documents. */
export function loadCorpus(dir = CORPUS_DIR, options: CorpusOptions = {}): LoadedCorpus {
  const { seed = 7, variants = 6, wrapShare = 0.3 } = options
  const errors: string[] = []
  const slots: Slots = new Map()
  for (const file of txtFiles(path.join(dir, '_slots'))) {
    slots.set(
      path.basename(file, '.txt'),
      readTemplates(file, errors).map((t) => t.nodes),
    )
  }
  const wrappers = (name: string) =>
    fs.existsSync(path.join(dir, '_wrappers', name))
      ? readTemplates(path.join(dir, '_wrappers', name), errors).map((t) => t.nodes)
      : []
  const greetings = wrappers('greetings.txt')
  const closings = wrappers('closings.txt')

  const groups: { sector: string | null; topic: string | null; key: string; lines: TemplateLine[] }[] = []
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || ['_slots', '_wrappers', '_urgency'].includes(entry.name)) continue
    const noise = entry.name === '_noise'
    for (const file of txtFiles(path.join(dir, entry.name))) {
      const name = path.basename(file, '.txt')
      groups.push({
        sector: noise ? null : entry.name,
        topic: noise ? null : name,
        key: noise ? `_noise/${name}` : name,
        lines: readTemplates(file, errors),
      })
    }
  }

  const rand = seededRandom(seed)
  const docs: CorpusDoc[] = []
  const counts = new Map<string, { lines: number; docs: number }>()
  for (const g of groups) {
    let n = 0
    for (const t of g.lines) {
      const want = Math.min(variants, combinations(t.nodes))
      const seen = new Set<string>()
      for (let k = 0; k < want * 3 && seen.size < want; k++) {
        let text = render(t.nodes, rand, slots)
        if (g.sector && greetings.length && rand() < wrapShare)
          text = `${render(greetings[Math.floor(rand() * greetings.length)], rand, slots)} ${text}`
        if (g.sector && closings.length && rand() < wrapShare)
          text = `${text} ${render(closings[Math.floor(rand() * closings.length)], rand, slots)}`
        text = tidy(text)
        if (!text || seen.has(text)) continue
        seen.add(text)
        docs.push({
          text,
          sector: g.sector,
          topic: g.topic,
          request: g.sector !== null,
          source: `${t.file}:${t.line}`,
        })
        n++
      }
    }
    counts.set(g.key, { lines: g.lines.length, docs: n })
  }
  return { docs, errors, counts }
}

// `tsx server/modules/understanding/corpus.ts --check [dir]`: syntax errors and counts per topic.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? CORPUS_DIR)
  const { docs, errors, counts } = loadCorpus(dir)
  for (const [key, c] of [...counts].sort())
    console.log(
      `${key.padEnd(32)} ${String(c.lines).padStart(5)} строк ${String(c.docs).padStart(6)} текстов`,
    )
  console.log(`Всего: ${docs.length} текстов`)
  if (args.includes('--sample'))
    for (const d of docs.filter((_, i) => i % 97 === 0).slice(0, 40))
      console.log(`  [${d.topic ?? 'шум'}] ${d.text}`)
  for (const e of errors) console.error(`ОШИБКА ${e}`)
  if (errors.length) console.error(`Ошибок: ${errors.length}`)
  process.exitCode = errors.length ? 1 : 0
}
