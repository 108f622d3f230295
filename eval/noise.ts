/**
 * Request or noise for social-network items, on eval/sets/social-noise.jsonl: a labelled set the project
 * wrote itself (never the real corpora). Scores the shipped model's request head, the older rule-based
 * check (understanding/noise.ts), and the product's decision (the model's probability, with the threshold
 * VECHE_NOISE_BELOW that sends an item to the «Проверка» list).
 */
import fs from 'node:fs'
import path from 'node:path'
import { assessNoise } from '../server/modules/understanding/noise'
import { shippedModel } from '../server/modules/understanding/shipped-model'
import { analyse } from '../server/modules/understanding/text'
import { type EvalSection, fmt, runStandalone, table } from './lib'

const SET = path.join(import.meta.dirname, 'sets/social-noise.jsonl')

function prf(truth: boolean[], pred: boolean[]) {
  let tp = 0
  let fp = 0
  let fn = 0
  truth.forEach((t, i) => {
    if (pred[i] && t) tp++
    else if (pred[i]) fp++
    else if (t) fn++
  })
  const p = tp + fp ? tp / (tp + fp) : 0
  const r = tp + fn ? tp / (tp + fn) : 0
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 }
}

const section: EvalSection = async () => {
  const items = fs
    .readFileSync(SET, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string; is_request: boolean; kind?: string })
  const model = shippedModel()
  const probs = items.map((x) => model.predict(analyse(x.text)).request)
  const truth = items.map((x) => x.is_request)
  const rows: (string | number)[][] = []
  const metrics: Record<string, number> = {}
  for (const threshold of [0.2, 0.5]) {
    const m = prf(
      truth,
      probs.map((p) => p >= threshold),
    )
    rows.push([`модель, порог ${threshold}`, fmt(m.p), fmt(m.r), fmt(m.f1)])
    metrics[`requestRecall_${threshold}`] = m.r
    metrics[`requestPrecision_${threshold}`] = m.p
  }
  const rules = prf(
    truth,
    items.map((x) => !assessNoise(x.text).noise),
  )
  rows.push(['правила (noise.ts)', fmt(rules.p), fmt(rules.r), fmt(rules.f1)])
  const kinds = [...new Set(items.filter((x) => !x.is_request).map((x) => x.kind ?? '—'))].sort()
  const caught = kinds.map((k) => {
    const idx = items.map((x, i) => (!x.is_request && (x.kind ?? '—') === k ? i : -1)).filter((i) => i >= 0)
    return [k, idx.length, fmt(idx.filter((i) => probs[i] < 0.5).length / idx.length)]
  })
  return {
    title: 'Запрос или шум (соцсети): набор, написанный проектом',
    metrics,
    lines: [
      `${items.length} сообщений: ${truth.filter(Boolean).length} запросов, ${truth.filter((t) => !t).length} шума`,
      ...table(['решение', 'P (запрос)', 'R (запрос)', 'F1'], rows),
      '',
      'Шум по видам — доля распознанного как шум (порог 0.5):',
      ...table(['вид', 'n', 'распознано'], caught),
    ],
  }
}

export default section

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(section)
