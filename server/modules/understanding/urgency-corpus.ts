/**
 * What the urgency head of the text model learns from, all written by the project:
 * - corpus/ru/_urgency/*.jsonl: messages the project wrote and labelled urgent or not, most of them hard
 *   near-misses («утечки газа нет», planned works, a danger already removed). These were the urgency rules'
 *   development sets; the blind sets that measure the product stay in eval/sets and are never trained on.
 * - the template corpus, one message per template, labelled by the urgency rules themselves and weighing
 *   less: the everyday complaints of every sector, so the head learns what ordinary traffic looks like.
 * The head complements the rules (understand.ts): it catches dangers worded in ways no rule names.
 */
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { CORPUS_DIR } from './corpus'
import { analyse } from './text'
import type { TrainingDoc } from './text-model'
import { assessUrgency } from './urgency'

export const URGENCY_CORPUS_DIR = path.join(CORPUS_DIR, '_urgency')

/** Weight of a rule-labelled corpus message in the urgency head, against 1 for a labelled message. */
export const RULE_LABEL_WEIGHT = 0.3
/** The corpus has no dates: the rules judge it as in the heating season (no heating is urgent then). */
const RULE_LABEL_DATE = new Date('2026-01-15T12:00:00+03:00')

const ZLabelled = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  urgent: z.boolean(),
})

/** The labelled messages of corpus/ru/_urgency (a line that does not parse is an error, with its place). */
export function urgencyCorpusDocs(dir = URGENCY_CORPUS_DIR): TrainingDoc[] {
  if (!fs.existsSync(dir)) return []
  const docs: TrainingDoc[] = []
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    fs.readFileSync(path.join(dir, name), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return
        const where = `Корпус срочности: ${name}, строка ${i + 1}`
        let json: unknown
        try {
          json = JSON.parse(line)
        } catch {
          throw new Error(`${where}: не JSON`)
        }
        const parsed = ZLabelled.safeParse(json)
        if (!parsed.success) throw new Error(`${where}: нужны поля id, text, urgent`)
        const { id, text, urgent } = parsed.data
        docs.push({ text, sector: null, topic: null, request: null, urgent, group: `urgency:${name}:${id}` })
      })
  }
  return docs
}

/**
 * Marks one message of every corpus template with the rules' verdict (a copy of the documents is returned):
 * the rest of each template's variants stay out of the urgency head.
 */
export function withRuleLabels(corpus: TrainingDoc[]): TrainingDoc[] {
  const seen = new Set<string>()
  return corpus.map((d) => {
    const key = d.group ?? d.text
    if (seen.has(key)) return d
    seen.add(key)
    const urgent = assessUrgency(analyse(d.text), RULE_LABEL_DATE).urgent
    return { ...d, urgent, urgencyWeight: RULE_LABEL_WEIGHT }
  })
}
