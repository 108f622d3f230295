import fs from 'node:fs'
import { z } from 'zod'
import { cached } from '../../platform/cache'
import type { Queryable } from '../../platform/db'
import { getReferenceLists } from '../reference/reference.service'

/**
 * The Open311 service list is Вече's topic classifier: service_code = topic code, group = sector name.
 * What Open311 adds (keywords, service definitions) is data in reference/open311-attributes.json.
 */

const ZValue = z.object({ key: z.string().min(1), name: z.string().min(1) })
const ZAttribute = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9_-]+$/),
    variable: z.boolean().default(true),
    datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: z.boolean().default(false),
    description: z.string().min(1),
    datatype_description: z.string().nullable().default(null),
    order: z.number().int().positive().optional(),
    values: z.array(ZValue).optional(),
  })
  .refine((a) => !a.datatype.endsWith('valuelist') || (a.values?.length ?? 0) > 0, {
    message: 'у списка должны быть значения (values)',
  })
const ZAttributesFile = z.object({
  $comment: z.string().optional(),
  hidden: z.array(z.string()).default([]),
  services: z.record(
    z.string(),
    z.object({
      keywords: z.string().optional(),
      description: z.string().optional(),
      attributes: z.array(ZAttribute).default([]),
    }),
  ),
})

export type Open311Attribute = Omit<z.infer<typeof ZAttribute>, 'order'> & { order: number }

export interface Open311Service {
  service_code: string
  service_name: string
  description: string | null
  metadata: boolean
  type: 'realtime'
  keywords: string | null
  group: string | null
  /** Not part of the service list output: the definition and the sector the topic belongs to. */
  attributes: Open311Attribute[]
  sectorCode: string
}

let fileCache: z.infer<typeof ZAttributesFile> | undefined

/** Reads and checks reference/open311-attributes.json; a broken file is a clear error, not silence. */
export function loadAttributesFile() {
  if (fileCache) return fileCache
  const url = new URL('../../../reference/open311-attributes.json', import.meta.url)
  const parsed = ZAttributesFile.safeParse(JSON.parse(fs.readFileSync(url, 'utf8')))
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`reference/open311-attributes.json содержит ошибки:\n${lines.join('\n')}`)
  }
  fileCache = parsed.data
  return fileCache
}

/** Every service offered over Open311, in the classifier's order. */
export function listOpen311Services(db: Queryable): Promise<Open311Service[]> {
  return cached('open311:services', 60_000, async () => {
    const file = loadAttributesFile()
    const hidden = new Set(file.hidden)
    const lists = await getReferenceLists(db)
    const sectorName = new Map(lists.sectors.map((s) => [s.code, s.name]))
    return lists.topics
      .filter((t) => !hidden.has(t.code))
      .map((t) => {
        const extra = file.services[t.code]
        const attributes = (extra?.attributes ?? []).map((a, i) => ({ ...a, order: a.order ?? i + 1 }))
        const group = sectorName.get(t.sectorCode) ?? t.sectorCode
        return {
          service_code: t.code,
          service_name: t.name,
          description: extra?.description ?? t.name,
          metadata: attributes.length > 0,
          type: 'realtime' as const,
          keywords: extra?.keywords ?? group.toLowerCase(),
          group,
          attributes,
          sectorCode: t.sectorCode,
        }
      })
  })
}

export async function findOpen311Service(db: Queryable, code: string) {
  return (await listOpen311Services(db)).find((s) => s.service_code === code) ?? null
}
