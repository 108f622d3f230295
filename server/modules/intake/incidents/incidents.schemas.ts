import { z } from 'zod'
import { canonicalIncidentUrl, type IncidentPlatform, platformOfUrl } from './incident-url'

export const INCIDENT_PLATFORMS = ['vk', 'ok', 'telegram'] as const satisfies readonly IncidentPlatform[]
const PLATFORM_HOSTS: Record<IncidentPlatform, string> = { vk: 'vk.com', ok: 'ok.ru', telegram: 't.me' }

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `не длиннее ${max} символов`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))

const urlText = (what: string) =>
  z
    .string({ message: `нужна ${what}` })
    .trim()
    .min(1, `нужна ${what}`)
    .max(2000, 'ссылка длиннее 2000 символов')

/** Parses a link into its canonical form inside a schema; a bad link becomes an issue at `path`. */
function canonicalIn(ctx: z.RefinementCtx, raw: string | null | undefined, path: string): string | null {
  if (!raw) return null
  try {
    return canonicalIncidentUrl(raw)
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: [path], message: (err as Error).message })
    return null
  }
}

/**
 * One incident — a post or comment in a social network — as «Инцидент менеджмент» exports it and as
 * the VK connector produces it. Links come out canonical (the canonical `url` is the external id).
 */
export const ZIncident = z
  .object({
    platform: z.enum(INCIDENT_PLATFORMS, 'платформа: vk, ok или telegram'),
    url: urlText('ссылка на пост или комментарий'),
    authorHandle: optionalText(200),
    authorName: optionalText(200),
    text: z
      .string({ message: 'нужен текст' })
      .trim()
      .min(1, 'пустой текст')
      .max(20_000, 'текст длиннее 20 000 символов'),
    publishedAt: z.iso.datetime({ offset: true, message: 'дата публикации в формате ISO 8601' }),
    publicPageUrl: urlText('ссылка на госпаблик'),
    originalUrl: optionalText(2000),
    lat: z.number('широта — число').min(-90).max(90).optional().nullable(),
    lon: z.number('долгота — число').min(-180).max(180).optional().nullable(),
    address: optionalText(500),
  })
  .transform((v, ctx) => {
    const url = canonicalIn(ctx, v.url, 'url')
    const publicPageUrl = canonicalIn(ctx, v.publicPageUrl, 'publicPageUrl')
    let originalUrl = canonicalIn(ctx, v.originalUrl, 'originalUrl')
    if (url && platformOfUrl(url) !== v.platform)
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `ссылка не ведёт на ${PLATFORM_HOSTS[v.platform]} (платформа ${v.platform})`,
      })
    if (originalUrl && !platformOfUrl(originalUrl))
      ctx.addIssue({
        code: 'custom',
        path: ['originalUrl'],
        message: 'ссылка на оригинал не ведёт на vk.com, ok.ru или t.me',
      })
    if ((v.lat == null) !== (v.lon == null))
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'широту и долготу указывают вместе' })
    if (Date.parse(v.publishedAt) > Date.now() + 60_000)
      ctx.addIssue({ code: 'custom', path: ['publishedAt'], message: 'дата публикации в будущем' })
    if (originalUrl === url) originalUrl = null
    return { ...v, url: url ?? '', publicPageUrl: publicPageUrl ?? '', originalUrl }
  })
export type IncidentInput = z.input<typeof ZIncident>
export type Incident = z.output<typeof ZIncident>

export const INCIDENT_BATCH_MAX = 500

export const ZIncidentBatch = z
  .object({
    items: z
      .array(ZIncident)
      .min(1, 'пустой пакет')
      .max(INCIDENT_BATCH_MAX, `не больше ${INCIDENT_BATCH_MAX} инцидентов за раз`),
  })
  .strict()

export const ZIncidentResult = z.object({
  url: z.string(),
  regNumber: z.string(),
  created: z.boolean(),
  /** The number of the appeal this item was counted into (a repost, or a replay of a known item). */
  duplicateOf: z.string().optional(),
  /** Went to the review list («Проверка») instead of the work queue. */
  review: z.boolean(),
})
export type IncidentResult = z.infer<typeof ZIncidentResult>

/** Human-readable issues of a failed parse, one line per field. */
export const issuesText = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || 'строка'}: ${i.message}`).join('; ')
