/**
 * Throughput of the whole understanding step (`understandBatch`: text model, address, urgency, personal
 * data, duplicate grouping) on one core, and the model's size and load time. The texts are the project's
 * own corpus messages (no outside data is needed to measure speed).
 */
import fs from 'node:fs'
import { loadCorpus } from '../server/modules/understanding/corpus'
import { shippedModel, shippedModelFile } from '../server/modules/understanding/shipped-model'
import { TextModel } from '../server/modules/understanding/text-model'
import { understandBatch } from '../server/modules/understanding/understand'
import { fileUnderstander } from '../server/modules/understanding/understander'
import { loadKursk } from './kursk'
import { type EvalSection, fmt, runStandalone, shuffle } from './lib'

const N = 20_000

const section: EvalSection = async (ctx) => {
  shippedModel()
  const file = shippedModelFile()
  const size = fs.statSync(file).size
  const bytes = fs.readFileSync(file)
  const loads: number[] = []
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    TextModel.fromBuffer(bytes)
    loads.push(performance.now() - t)
  }
  const u = fileUnderstander()
  const docs = shuffle(loadCorpus().docs, ctx.seed).slice(0, N)
  const base = Date.parse('2026-11-02T09:00:00Z')
  const items = docs.map((d, i) => ({
    id: String(i),
    channel: 'vk',
    text: d.text,
    created_at: new Date(base + i * 60_000).toISOString(),
  }))
  understandBatch(u, items.slice(0, 500)) // warm up
  const t = performance.now()
  for (let i = 0; i < items.length; i += 1000) understandBatch(u, items.slice(i, i + 1000))
  const seconds = (performance.now() - t) / 1000
  const avgChars = items.reduce((s, x) => s + x.text.length, 0) / items.length
  // Real appeals are longer than corpus messages: the Kursk texts (evaluation only) as a second load.
  const kursk = loadKursk(ctx).rows
  const real = Array.from({ length: 5000 }, (_, i) => ({
    id: `k${i}`,
    channel: 'pos',
    text: kursk[i % kursk.length].text,
    created_at: new Date(base + i * 60_000).toISOString(),
  }))
  const t2 = performance.now()
  for (let i = 0; i < real.length; i += 1000) understandBatch(u, real.slice(i, i + 1000))
  const realSeconds = (performance.now() - t2) / 1000
  const realChars = real.reduce((s, x) => s + x.text.length, 0) / real.length
  return {
    title: 'Скорость шага понимания и размер модели',
    metrics: {
      textsPerSecond: items.length / seconds,
      realTextsPerSecond: real.length / realSeconds,
      modelMB: size / 1e6,
      loadMs: Math.min(...loads),
    },
    lines: [
      `${items.length} текстов (в среднем ${Math.round(avgChars)} символов), пачками по 1000, один поток: ${fmt(items.length / seconds, 0)} текстов/с`,
      `${real.length} реальных обращений Kursk (в среднем ${Math.round(realChars)} символов, с HTML): ${fmt(real.length / realSeconds, 0)} текстов/с`,
      `модель ${u.model.version}: файл ${fmt(size / 1e6, 1)} МБ, загрузка ${fmt(Math.min(...loads), 0)} мс`,
    ],
  }
}

export default section

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(section)
