/**
 * After learning: 5-fold cross-validation of `veche train` on Kursk — each fold trains on the project's
 * corpus plus the other four folds as the city's confirmed history, and is scored on its own rows.
 * Sector macro-F1 and topic top-3 accuracy (Kursk's own topics: a different classifier version than
 * Вече's, so the topic head learns them from the history only). The trained model also remembers the four
 * folds (memory.ts: nearest neighbours mixed into the heads with weights fixed before measuring).
 *
 * The learning curve repeats the cross-validation with a quarter and a half of each fold's history (the
 * same seeded subset for every fold): how much a city gains as its confirmed history grows. On Kursk the
 * sector figure flattens (about +0.01 per doubling) while the topic top-3 keeps rising (+0.04–0.07).
 */
import { trainCityModel } from '../server/modules/understanding/learning'
import { corpusDocs } from '../server/modules/understanding/shipped-model'
import { analyse } from '../server/modules/understanding/text'
import { loadKursk } from './kursk'
import { type EvalSection, f1Report, fmt, runStandalone, stratifiedFolds, table } from './lib'

const K = 5
/** Shares of each fold's history for the learning curve (1 is the headline run). */
const CURVE = [0.25, 0.5, 1]

/** A seeded share of the rows: the same subset whatever the fold (a hash of the row's position). */
function keep(i: number, share: number, seed: number): boolean {
  return share >= 1 || ((Math.imul(i + 1, 2654435761) ^ seed) >>> 0) / 0x100000000 < share
}

interface FoldRun {
  predicted: string[]
  top1: number
  top3: number
  history: number
}

const section: EvalSection = async (ctx) => {
  const kursk = loadKursk(ctx)
  const rows = kursk.rows
  const folds = stratifiedFolds(rows, (r) => r.sector, K, ctx.seed)
  const corpus = corpusDocs()
  const crossValidate = (share: number): FoldRun => {
    const run: FoldRun = { predicted: new Array(rows.length), top1: 0, top3: 0, history: 0 }
    for (let f = 0; f < K; f++) {
      const history = rows
        .filter((_, i) => folds[i] !== f && keep(i, share, ctx.seed))
        .map((r) => ({ id: r.id, text: r.text, sector: r.sector, topic: r.topic }))
      run.history += history.length / K
      const model = trainCityModel(history, { topicSource: 'history', seed: ctx.seed }, corpus)
      rows.forEach((r, i) => {
        if (folds[i] !== f) return
        const p = model.predict(analyse(r.text), 3)
        run.predicted[i] = p.sector[0]?.label ?? 'other'
        if (p.topic[0]?.label === r.topic) run.top1++
        if (p.topic.some((t) => t.label === r.topic)) run.top3++
      })
      ctx.log(`  доля истории ${share}: фолд ${f + 1}/${K} готов`)
    }
    return run
  }
  const runs = CURVE.map((share) => ({ share, run: crossValidate(share) }))
  const { predicted, top1, top3 } = runs[runs.length - 1].run
  const rep = f1Report(
    rows.map((r) => r.sector),
    predicted,
  )
  const topics = new Set(rows.map((r) => r.topic)).size
  const curve = runs.map(({ share, run }) => {
    const r = f1Report(
      rows.map((x) => x.sector),
      run.predicted,
    )
    return [
      share,
      Math.round(run.history),
      fmt(r.macroF1),
      fmt(run.top1 / rows.length),
      fmt(run.top3 / rows.length),
    ]
  })
  return {
    title: `После обучения: ${K}-кратная перекрёстная проверка на Kursk (корпус + история)`,
    metrics: {
      sectorMacroF1: rep.macroF1,
      sectorWeightedF1: rep.weightedF1,
      topicTop1: top1 / rows.length,
      topicTop3: top3 / rows.length,
    },
    lines: [
      `n=${rows.length} после удаления дублей; тем ${topics}; сектор macro-F1 ${fmt(rep.macroF1)}, weighted-F1 ${fmt(rep.weightedF1)}; тема top-1 ${fmt(top1 / rows.length)}, top-3 ${fmt(top3 / rows.length)}`,
      ...table(
        ['сектор', 'P', 'R', 'F1', 'n'],
        rep.perClass.map((c) => [c.label, fmt(c.precision), fmt(c.recall), fmt(c.f1), c.support]),
      ),
      '',
      'Кривая обучения: та же проверка с частью истории каждого фолда',
      ...table(['доля', 'обращений в истории', 'сектор macro-F1', 'тема top-1', 'тема top-3'], curve),
    ],
  }
}

export default section

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(section)
