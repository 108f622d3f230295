import fs from 'node:fs'
import { z } from 'zod'
import { SECTOR_CODES, type SectorCode, STATUS_CODES } from '../../../../common/domain'

/**
 * ПОС reference data as files: the rubricator mapping (reference/pos-categories.json) and the stages
 * reported back to ПОС (reference/pos-statuses.json). Validated on first use; a broken file is a
 * startup-time error with a Russian message, never a silent wrong mapping.
 */

const ZNames = z.array(z.string().min(1)).min(1)
const ZCategories = z.object({
  categories: z.array(
    z.object({
      names: ZNames,
      sector: z.enum(SECTOR_CODES),
      topic: z.string().optional(),
      subcategories: z
        .array(
          z.object({ names: ZNames, topic: z.string().optional(), sector: z.enum(SECTOR_CODES).optional() }),
        )
        .optional(),
    }),
  ),
})
const ZStages = z.object({
  stages: z.record(z.enum(STATUS_CODES), z.object({ stage: z.string().min(1), name: z.string().min(1) })),
})
const ZTopics = z.array(z.object({ code: z.string(), sector: z.enum(SECTOR_CODES) }))

const readJson = (name: string): unknown =>
  JSON.parse(fs.readFileSync(new URL(`../../../../reference/${name}`, import.meta.url), 'utf8'))

function parse<T>(schema: z.ZodType<T>, name: string): T {
  const parsed = schema.safeParse(readJson(name))
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Справочник reference/${name} содержит ошибки:\n${lines.join('\n')}`)
  }
  return parsed.data
}

/** Names compare without case, «ё», punctuation spacing and repeated blanks. */
export const normalizeName = (s: string) =>
  s
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/\s*([,/;.-])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()

export interface Classification {
  sectorCode: SectorCode | null
  topicCode: string | null
}

interface Rubricator {
  classify(category?: string | null, subcategory?: string | null): Classification
  stageOf(status: string): { stage: string; name: string } | undefined
}

let loaded: Rubricator | undefined

/** The ПОС rubricator and stage table, loaded and checked against reference/topics.json once. */
export function posReference(): Rubricator {
  if (loaded) return loaded
  const { categories } = parse(ZCategories, 'pos-categories.json')
  const { stages } = parse(ZStages, 'pos-statuses.json')
  const topicSector = new Map(parse(ZTopics, 'topics.json').map((t) => [t.code, t.sector]))
  const missing = STATUS_CODES.filter((s) => !stages[s])
  if (missing.length > 0)
    throw new Error(`reference/pos-statuses.json: нет этапа ПОС для статусов ${missing.join(', ')}`)

  const resolve = (topic: string | undefined, sector: SectorCode): Classification => {
    if (topic === undefined) return { sectorCode: sector, topicCode: null }
    const own = topicSector.get(topic)
    if (!own) throw new Error(`reference/pos-categories.json: неизвестная тема «${topic}»`)
    return { sectorCode: own, topicCode: topic }
  }
  const byCategory = new Map<string, { self: Classification; subs: Map<string, Classification> }>()
  for (const c of categories) {
    const self = resolve(c.topic, c.sector)
    const subs = new Map<string, Classification>()
    for (const s of c.subcategories ?? []) {
      const cls = resolve(s.topic, s.sector ?? c.sector)
      for (const n of s.names) subs.set(normalizeName(n), cls)
    }
    for (const n of c.names) byCategory.set(normalizeName(n), { self, subs })
  }

  loaded = {
    classify(category, subcategory) {
      const entry = category ? byCategory.get(normalizeName(category)) : undefined
      if (!entry) return { sectorCode: null, topicCode: null }
      return (subcategory && entry.subs.get(normalizeName(subcategory))) || entry.self
    },
    stageOf: (status) => stages[status as (typeof STATUS_CODES)[number]],
  }
  return loaded
}
