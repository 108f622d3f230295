import fs from 'node:fs'
import { z } from 'zod'

/**
 * The redirect rules as data (reference/redirect.json): the term per regime, which bodies count as
 * "another body", and the notice templates. Checked once, with a Russian message naming the broken field.
 */
const ZRedirectRules = z
  .object({
    description: z.string().min(1),
    ourBody: z.string().min(1),
    deadlines: z.record(
      z.string(),
      z
        .object({
          calendarDays: z.number().int().min(1, 'срок переадресации — не меньше 1 дня').max(60),
          source: z.string().min(1, 'укажите источник срока'),
        })
        .strict(),
    ),
    targetLevels: z.array(z.enum(['municipal', 'regional', 'federal'])).min(1),
    notices: z.object({ redirect: z.string().min(1), copy: z.string().min(1) }).strict(),
  })
  .strict()

export type RedirectRules = z.infer<typeof ZRedirectRules>

const FILE = new URL('../../../reference/redirect.json', import.meta.url)

export function parseRedirectRules(json: unknown): RedirectRules {
  const parsed = ZRedirectRules.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`reference/redirect.json: ${issue.path.join('.') || '(корень)'} — ${issue.message}`)
  }
  for (const [key, text] of Object.entries(parsed.data.notices)) {
    for (const m of text.matchAll(/\{(\w+)\}/g)) {
      if (!NOTICE_FIELDS.has(m[1]))
        throw new Error(`reference/redirect.json: notices.${key} — неизвестная подстановка {${m[1]}}`)
    }
  }
  return parsed.data
}

/** What a notice template may use. */
export const NOTICE_FIELDS = new Set(['number', 'registered', 'date', 'bodies', 'answerer', 'ourBody'])

let cached: RedirectRules | undefined
export function redirectRules(): RedirectRules {
  cached ??= parseRedirectRules(JSON.parse(fs.readFileSync(FILE, 'utf8')))
  return cached
}

/** Fills {field} placeholders; unknown fields were refused when the file was read. */
export function fillNotice(template: string, fields: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => fields[k] ?? '')
}
