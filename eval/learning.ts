/**
 * After learning: 5-fold cross-validation of `veche train` on Kursk — each fold trains on the project's
 * corpus plus the other four folds as the city's confirmed history, and is scored on its own rows.
 * Sector macro-F1 and topic top-3 accuracy (Kursk's own topics: a different classifier version than
 * Вече's, so the topic head learns them from the history only). The trained model also remembers the four
 * folds (memory.ts: nearest neighbours mixed into the heads with weights fixed before measuring).
 */
import { trainCityModel } from '../server/modules/understanding/learning'
import { corpusDocs } from '../server/modules/understanding/shipped-model'
import { analyse } from '../server/modules/understanding/text'
import { loadKursk } from './kursk'
import { type EvalSection, f1Report, fmt, runStandalone, stratifiedFolds, table } from './lib'

const K = 5

const section: EvalSection = async (ctx) => {
  const kursk = loadKursk(ctx)
  const rows = kursk.rows
  const folds = stratifiedFolds(rows, (r) => r.sector, K, ctx.seed)
  const corpus = corpusDocs()
  const predicted: string[] = new Array(rows.length)
  let top1 = 0
  let top3 = 0
  for (let f = 0; f < K; f++) {
    const history = rows
      .filter((_, i) => folds[i] !== f)
      .map((r) => ({ id: r.id, text: r.text, sector: r.sector, topic: r.topic }))
    const model = trainCityModel(history, { topicSource: 'history', seed: ctx.seed }, corpus)
    rows.forEach((r, i) => {
      if (folds[i] !== f) return
      const p = model.predict(analyse(r.text), 3)
      predicted[i] = p.sector[0]?.label ?? 'other'
      if (p.topic[0]?.label === r.topic) top1++
      if (p.topic.some((t) => t.label === r.topic)) top3++
    })
    ctx.log(`  фолд ${f + 1}/${K} готов`)
  }
  const rep = f1Report(
    rows.map((r) => r.sector),
    predicted,
  )
  const topics = new Set(rows.map((r) => r.topic)).size
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
    ],
  }
}

export default section

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(section)
