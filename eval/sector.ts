/**
 * Sector macro-F1 of the SHIPPED model (trained only on the project's corpus) on all Kursk appeals, and
 * separately on the hackathon's train file (the «dev» rows: the corpus authors look at these aggregate
 * figures, never at rows) and its test file (the «held-out» rows: nobody tunes against them).
 */
import {
  corpusDocs,
  SHIPPED_SETTINGS,
  sectorPrior,
  trainShippedModel,
} from '../server/modules/understanding/shipped-model'
import { analyse } from '../server/modules/understanding/text'
import { trainTextModel } from '../server/modules/understanding/text-model'
import { loadKursk } from './kursk'
import { type EvalSection, f1Report, fmt, runStandalone, table } from './lib'

/**
 * Other seeds of the corpus expansion and the training: the shipped model is one draw, and a corpus edit moves
 * its figure by about ±0.006 for no reason but the draw; the mean over seeds is what a corpus change should move.
 */
const OTHER_SEEDS = [11, 23, 42, 101]

const SECTORS = ['roads', 'housing', 'education', 'social', 'transport', 'waste', 'improvement', 'other']

const section: EvalSection = async (ctx) => {
  const kursk = loadKursk(ctx)
  const started = performance.now()
  const model = trainShippedModel()
  const trainSeconds = (performance.now() - started) / 1000
  const top = kursk.rows.map((r) => model.predict(analyse(r.text), 1).sector[0])
  const predicted = top.map((t) => t?.label ?? 'other')
  const lines: string[] = [
    `Kursk: ${kursk.total} размеченных строк, удалено дублей ${kursk.removed.exact} точных + ${kursk.removed.near} близких, осталось ${kursk.rows.length}; модель ${model.version}, обучение ${fmt(trainSeconds, 1)} с`,
  ]
  const metrics: Record<string, number> = {}
  for (const split of ['all', 'dev', 'heldout'] as const) {
    const idx = kursk.rows
      .map((r, i) => (split === 'all' || r.split === split ? i : -1))
      .filter((i) => i >= 0)
    const rep = f1Report(
      idx.map((i) => kursk.rows[i].sector),
      idx.map((i) => predicted[i]),
    )
    metrics[`macroF1_${split}`] = rep.macroF1
    metrics[`weightedF1_${split}`] = rep.weightedF1
    lines.push(
      '',
      `${split === 'all' ? 'Все строки' : split === 'dev' ? 'dev (train-файл)' : 'held-out (test-файл)'}: n=${idx.length}, macro-F1 ${fmt(rep.macroF1)}, weighted-F1 ${fmt(rep.weightedF1)}, accuracy ${fmt(rep.accuracy)}`,
      ...table(
        ['сектор', 'P', 'R', 'F1', 'n'],
        rep.perClass.map((c) => [c.label, fmt(c.precision), fmt(c.recall), fmt(c.f1), c.support]),
      ),
    )
    if (split === 'dev') {
      const m = SECTORS.map((t) =>
        SECTORS.map((p) => idx.filter((i) => kursk.rows[i].sector === t && predicted[i] === p).length),
      )
      lines.push(
        '',
        'Матрица ошибок dev (строки — истина, столбцы — прогноз):',
        ...table(
          ['', ...SECTORS.map((s) => s.slice(0, 5))],
          SECTORS.map((t, i) => [t, ...m[i]]),
        ),
      )
    }
  }
  const allF1 = (pred: string[]) =>
    f1Report(
      kursk.rows.map((r) => r.sector),
      pred,
    ).macroF1
  const seedF1 = [
    metrics.macroF1_all,
    ...OTHER_SEEDS.map((seed) => {
      const m = trainTextModel(corpusDocs(undefined, seed), {
        ...SHIPPED_SETTINGS,
        seed,
        sectorPrior: sectorPrior(),
      })
      return allF1(kursk.rows.map((r) => m.predict(analyse(r.text), 1).sector[0]?.label ?? 'other'))
    }),
  ]
  const mean = seedF1.reduce((s, x) => s + x, 0) / seedF1.length
  metrics.macroF1_all_seedMean = mean
  lines.push(
    '',
    `Разброс по зёрнам (встроенная модель — зерно ${SHIPPED_SETTINGS.seed}; ещё ${OTHER_SEEDS.join(', ')}): macro-F1 всех строк в среднем ${fmt(mean)}, от ${fmt(Math.min(...seedF1))} до ${fmt(Math.max(...seedF1))}`,
  )
  // Calibration as routing sees it: above a confidence threshold, how much traffic goes without an operator
  // and how often its sector is right (VECHE_AUTOROUTE_CONFIDENCE is such a threshold).
  const calibration = [0.5, 0.7, 0.8, 0.9, 0.95].map((th) => {
    const idx = top.map((t, i) => (t && t.p >= th ? i : -1)).filter((i) => i >= 0)
    const right = idx.filter((i) => predicted[i] === kursk.rows[i].sector).length
    metrics[`autoShare_${th}`] = idx.length / kursk.rows.length
    metrics[`autoPrecision_${th}`] = idx.length ? right / idx.length : 0
    return [th, fmt(idx.length / kursk.rows.length), fmt(idx.length ? right / idx.length : 0)]
  })
  lines.push(
    '',
    'Уверенность и автоматическая маршрутизация (все строки):',
    ...table(['порог', 'доля потока', 'точность'], calibration),
  )
  return { title: 'Сектор: встроенная модель на Kursk', metrics, lines }
}

export default section

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(section)
