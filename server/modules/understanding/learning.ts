/**
 * Learning from the city: the shipped corpus plus the city's confirmed history (appeals whose sector and
 * topic an operator set or confirmed) train a new model; it replaces the active one only if it is not worse
 * on held-out history. Used by `veche train` and by the evaluation's cross-validation.
 */
import { DEFAULT_FEATURES } from './features'
import { MEMORY_LIMIT } from './memory'
import { corpusDocs, sectorPrior } from './shipped-model'
import { type TextModel, type TrainingDoc, trainTextModel } from './text-model'

export interface HistoryDoc {
  id: string
  text: string
  sector: string | null
  topic: string | null
  request?: boolean | null
  /** A person's decision on the urgent flag (set or cleared on the card); null or absent when none. */
  urgent?: boolean | null
}

export interface LearnOptions {
  /** How much one confirmed appeal of the city weighs against one corpus message. */
  historyWeight?: number | 'auto'
  /**
   * Where the topic head learns from: 'both' (the city uses Вече's topic codes), or 'history' (the city's
   * history uses another topic classifier version, so the corpus topics would only compete).
   */
  topicSource?: 'both' | 'history'
  version?: string
  seed?: number
  onProgress?: (stage: string) => void
}

/**
 * 'auto' history weight: the city's history, however small, weighs as much in total as the whole corpus
 * (capped at 20 per appeal) — it is the city's own language. The sector prior stays the configured expected
 * mix (weighting by the history's own mix was measured worse for the small sectors: macro-F1 0.782).
 */
export const LEARN_DEFAULTS = {
  historyWeight: 'auto' as const,
  epochs: 6,
  learningRate: 0.5,
  bits: 18,
  features: DEFAULT_FEATURES,
}

export function trainCityModel(
  history: HistoryDoc[],
  options: LearnOptions = {},
  corpus = corpusDocs(),
): TextModel {
  const asked = options.historyWeight ?? LEARN_DEFAULTS.historyWeight
  const weight =
    asked === 'auto' ? Math.min(20, Math.max(1, corpus.length / Math.max(1, history.length))) : asked
  const prior = sectorPrior()
  const topicFromCorpus = (options.topicSource ?? 'both') === 'both'
  const docs: TrainingDoc[] = [
    ...corpus.map((d) => (topicFromCorpus ? d : { ...d, topic: null })),
    ...history.map((h, i) => ({
      text: h.text,
      sector: h.sector,
      topic: h.topic,
      request: h.request ?? true,
      urgent: h.urgent ?? null,
      weight,
      group: `history:${h.id}`,
      // The most recent confirmed appeals (the history comes oldest first) form the model's memory.
      remember: i >= history.length - MEMORY_LIMIT,
    })),
  ]
  return trainTextModel(docs, {
    ...LEARN_DEFAULTS,
    sectorPrior: prior,
    seed: options.seed ?? 1,
    version: options.version,
    info: { docs: { corpus: corpus.length, history: history.length } },
    onProgress: options.onProgress,
  })
}
