/**
 * The shipped model: trained from the project's own corpus (corpus/ru), never from outside data. It is a
 * build product, so it is not kept in git: the first use trains it (seconds) and caches the file under
 * node_modules/.cache/veche, keyed by a hash of the corpus and the model code; later loads take milliseconds.
 */
import fs from 'node:fs'
import path from 'node:path'
import { modelCacheDir } from '../../platform/env'
import { CORPUS_DIR, loadCorpus } from './corpus'
import { DEFAULT_FEATURES } from './features'
import { contentHash, MODEL_FORMAT, TextModel, type TrainingDoc, trainTextModel } from './text-model'
import { urgencyCorpusDocs, withRuleLabels } from './urgency-corpus'

const CACHE_DIR = modelCacheDir(path.resolve(import.meta.dirname, '../../../node_modules/.cache/veche'))

/** Training settings of the shipped model (part of its cache key). */
export const SHIPPED_SETTINGS = {
  bits: 18,
  epochs: 6,
  learningRate: 0.5,
  variants: 6,
  seed: 7,
  features: DEFAULT_FEATURES,
}

function corpusFingerprint(dir: string): string {
  const parts: string[] = [
    `format ${MODEL_FORMAT}`,
    JSON.stringify(SHIPPED_SETTINGS),
    JSON.stringify(sectorPrior()),
  ]
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.txt') || e.name.endsWith('.jsonl'))
        parts.push(path.relative(dir, p), fs.readFileSync(p, 'utf8'))
    }
  }
  walk(dir)
  // The model code itself: a change to features or training must rebuild the model.
  // The urgency rules label the corpus for the urgency head, so they are part of it too.
  for (const f of [
    'features.ts',
    'linear-model.ts',
    'text-model.ts',
    'text.ts',
    'corpus.ts',
    'urgency-corpus.ts',
    'urgency.ts',
  ])
    parts.push(fs.readFileSync(path.join(import.meta.dirname, f), 'utf8'))
  parts.push(fs.readFileSync(URGENCY_RULES_FILE, 'utf8'))
  return contentHash(parts.join('\u0000')).slice(0, 16)
}

/**
 * The corpus as training documents: the templates' messages (one per template also labelled by the urgency
 * rules) and the labelled messages of `_urgency`.
 */
export function corpusDocs(dir = CORPUS_DIR, seed = SHIPPED_SETTINGS.seed): TrainingDoc[] {
  const { docs, errors } = loadCorpus(dir, { variants: SHIPPED_SETTINGS.variants, seed })
  if (errors.length) throw new Error(`Ошибки в корпусе:\n${errors.join('\n')}`)
  const templates = docs.map((d) => ({
    text: d.text,
    sector: d.sector,
    topic: d.topic,
    request: d.request,
    group: d.source,
  }))
  return [...withRuleLabels(templates), ...urgencyCorpusDocs(path.join(dir, '_urgency'))]
}

const URGENCY_RULES_FILE = path.resolve(import.meta.dirname, '../../../reference/understanding/urgency.json')
const SECTORS_FILE = path.resolve(import.meta.dirname, '../../../reference/sectors.json')

/** The expected sector mix of a city's traffic (reference/sectors.json), the sector head's prior. */
export function sectorPrior(): Record<string, number> {
  const list = JSON.parse(fs.readFileSync(SECTORS_FILE, 'utf8')) as { code: string; expectedShare?: number }[]
  return Object.fromEntries(
    list.filter((s) => s.expectedShare).map((s) => [s.code, s.expectedShare as number]),
  )
}

export function trainShippedModel(dir = CORPUS_DIR, onProgress?: (stage: string) => void): TextModel {
  const fp = corpusFingerprint(dir)
  return trainTextModel(corpusDocs(dir), {
    ...SHIPPED_SETTINGS,
    sectorPrior: sectorPrior(),
    version: `shipped-${fp.slice(0, 10)}`,
    onProgress,
  })
}

let cached: TextModel | null = null

/** The shipped model, from the cache file or trained now (and cached). */
export function shippedModel(options: { onTrain?: (message: string) => void } = {}): TextModel {
  if (cached) return cached
  const fp = corpusFingerprint(CORPUS_DIR)
  const file = path.join(CACHE_DIR, `shipped-${fp}.bin.gz`)
  if (fs.existsSync(file)) {
    cached = TextModel.fromBuffer(fs.readFileSync(file))
    return cached
  }
  options.onTrain?.('Обучаю встроенную модель по корпусу проекта (один раз, несколько секунд)…')
  const model = trainShippedModel(CORPUS_DIR)
  fs.mkdirSync(CACHE_DIR, { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, model.toBuffer())
  fs.renameSync(tmp, file)
  cached = model
  return model
}

export function shippedModelFile(): string {
  return path.join(CACHE_DIR, `shipped-${corpusFingerprint(CORPUS_DIR)}.bin.gz`)
}
