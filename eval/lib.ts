/**
 * What every evaluation section shares: where the real data lives, a seeded random generator, CSV reading,
 * duplicate removal before any split, k-fold splits, F1 figures and printed tables.
 *
 * The real sets in ../shared/data are for evaluation only: nothing here trains the shipped model on them,
 * and no text of them is written into the repository.
 */

import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { seededRandom } from '../common/random'
import { analyse } from '../server/modules/understanding/text'

export interface EvalContext {
  /** Absolute path of ../shared/data (or VECHE_EVAL_DATA). */
  dataDir: string
  seed: number
  log(line: string): void
}

export interface EvalResult {
  title: string
  /** Headline figures, e.g. { macroF1: 0.83 }: printed and written to eval/last-run.json. */
  metrics: Record<string, number>
  /** Human-readable lines (tables, per-class figures) printed under the title. */
  lines: string[]
}

export type EvalSection = (ctx: EvalContext) => Promise<EvalResult>

export function dataDir(): string {
  const dir = process.env.VECHE_EVAL_DATA ?? path.resolve(import.meta.dirname, '../../shared/data')
  if (!fs.existsSync(dir)) throw new Error(`Нет данных для оценки: ${dir} (укажите VECHE_EVAL_DATA)`)
  return dir
}

export function makeContext(seed = 20261127): EvalContext {
  return { dataDir: dataDir(), seed, log: (line) => process.stderr.write(`${line}\n`) }
}

export const rng = seededRandom

export function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs]
  const r = rng(seed)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

export function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
    bom: true,
  })
}

/** Word 3-shingles of a text's stems, for near-duplicate detection. */
function shingles(text: string): Set<string> {
  const s = analyse(text).stems
  const out = new Set<string>()
  if (s.length < 3) out.add(s.join(' '))
  for (let i = 0; i + 2 < s.length; i++) out.add(`${s[i]} ${s[i + 1]} ${s[i + 2]}`)
  return out
}

/**
 * Removes exact duplicates (same normalised text) and near duplicates (Jaccard ≥ `threshold` of word
 * 3-shingles) keeping the first of each; returns the kept items and how many went.
 */
export function dedupe<T>(items: T[], textOf: (x: T) => string, threshold = 0.8) {
  const seen = new Set<string>()
  const kept: { item: T; sh: Set<string> }[] = []
  const index = new Map<string, number[]>()
  let exact = 0
  let near = 0
  for (const item of items) {
    const key = analyse(textOf(item)).tokens.join(' ')
    if (seen.has(key)) {
      exact++
      continue
    }
    seen.add(key)
    const sh = shingles(textOf(item))
    const candidates = new Set<number>()
    for (const g of sh) for (const k of index.get(g) ?? []) candidates.add(k)
    let dup = false
    for (const k of candidates) {
      const other = kept[k].sh
      let inter = 0
      for (const g of sh) if (other.has(g)) inter++
      if (inter / (sh.size + other.size - inter) >= threshold) {
        dup = true
        break
      }
    }
    if (dup) {
      near++
      continue
    }
    const at = kept.push({ item, sh }) - 1
    for (const g of sh) {
      const list = index.get(g)
      if (list) list.push(at)
      else index.set(g, [at])
    }
  }
  return { items: kept.map((k) => k.item), exact, near }
}

/** Stratified k folds: fold number per item, classes spread evenly, order seeded. */
export function stratifiedFolds<T>(items: T[], labelOf: (x: T) => string, k: number, seed: number): number[] {
  const byLabel = new Map<string, number[]>()
  items.forEach((x, i) => {
    const l = labelOf(x)
    const list = byLabel.get(l)
    if (list) list.push(i)
    else byLabel.set(l, [i])
  })
  const fold = new Array<number>(items.length).fill(0)
  let offset = 0
  for (const label of [...byLabel.keys()].sort()) {
    shuffle(byLabel.get(label) ?? [], seed).forEach((i, n) => {
      fold[i] = (n + offset) % k
    })
    offset += byLabel.get(label)?.length ?? 0
  }
  return fold
}

export interface ClassFigures {
  label: string
  precision: number
  recall: number
  f1: number
  support: number
}

/** Per-class precision/recall/F1, macro-F1, weighted-F1 and accuracy. */
export function f1Report(truth: string[], predicted: string[]) {
  const labels = [...new Set(truth)].sort()
  const perClass: ClassFigures[] = labels.map((label) => {
    let tp = 0
    let fp = 0
    let fn = 0
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === label && truth[i] === label) tp++
      else if (predicted[i] === label) fp++
      else if (truth[i] === label) fn++
    }
    const precision = tp + fp ? tp / (tp + fp) : 0
    const recall = tp + fn ? tp / (tp + fn) : 0
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
    return { label, precision, recall, f1, support: tp + fn }
  })
  const macroF1 = perClass.reduce((s, c) => s + c.f1, 0) / perClass.length
  const weightedF1 = perClass.reduce((s, c) => s + c.f1 * c.support, 0) / truth.length
  const accuracy = truth.filter((t, i) => predicted[i] === t).length / truth.length
  return { perClass, macroF1, weightedF1, accuracy }
}

export const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '—')

/** A plain text table with aligned columns. */
export function table(header: string[], rows: (string | number)[][]): string[] {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)))
  return cells.map((r, i) => {
    const line = r.map((v, c) => v.padEnd(widths[c])).join('  ')
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line
  })
}

/** Runs one section on its own (`tsx eval/<section>.ts`). */
export async function runStandalone(section: EvalSection) {
  const result = await section(makeContext())
  console.log(`\n## ${result.title}`)
  for (const [k, v] of Object.entries(result.metrics)) console.log(`${k}: ${fmt(v)}`)
  for (const l of result.lines) console.log(l)
}
