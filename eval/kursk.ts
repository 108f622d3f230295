/**
 * The Kursk set (3 000 real appeals, «Цифровой прорыв» 2022) with sector labels from the project's topic →
 * sector mapping. Rows are read here and only here; nothing of them is written anywhere.
 */
import path from 'node:path'
import { dedupe, type EvalContext, readCsv } from './lib'

export interface KurskRow {
  id: string
  text: string
  topic: string
  sector: string
  /** 'dev' = the hackathon's train file, 'heldout' = its test file. */
  split: 'dev' | 'heldout'
}

export function loadKursk(ctx: EvalContext) {
  const dir = path.join(ctx.dataDir, 'appeals/kursk_cdp2022')
  const sectorOf = new Map(
    readCsv(path.join(dir, 'kursk_topic_to_sector.csv')).map((r) => [r.topic.trim(), r.sector]),
  )
  const rows: KurskRow[] = []
  let unmapped = 0
  for (const [file, split] of [
    ['train_dataset_train.csv', 'dev'],
    ['test_dataset_test.csv', 'heldout'],
  ] as const) {
    for (const r of readCsv(path.join(dir, file))) {
      const topic = (r.Тематика ?? '').trim()
      const sector = sectorOf.get(topic)
      if (!sector) {
        unmapped++
        continue
      }
      if (sector === 'drop') continue
      rows.push({ id: `${split}-${r.id}`, text: r['Текст Сообщения'] ?? '', topic, sector, split })
    }
  }
  const d = dedupe(rows, (r) => r.text)
  return { rows: d.items, removed: { exact: d.exact, near: d.near }, unmapped, total: rows.length }
}
