/**
 * Canonical URLs of social-network posts and comments. The canonical URL is an incident's external id,
 * so the same post reached by different links (m.vk.com, a utm-tagged share, http://) registers once.
 * Pure functions.
 */

export type IncidentPlatform = 'vk' | 'ok' | 'telegram'

/** Host aliases → the one host we keep. */
const HOSTS: Record<string, { host: string; platform: IncidentPlatform }> = {
  'vk.com': { host: 'vk.com', platform: 'vk' },
  'm.vk.com': { host: 'vk.com', platform: 'vk' },
  'new.vk.com': { host: 'vk.com', platform: 'vk' },
  'vk.ru': { host: 'vk.com', platform: 'vk' },
  'm.vk.ru': { host: 'vk.com', platform: 'vk' },
  'vkontakte.ru': { host: 'vk.com', platform: 'vk' },
  'ok.ru': { host: 'ok.ru', platform: 'ok' },
  'm.ok.ru': { host: 'ok.ru', platform: 'ok' },
  'odnoklassniki.ru': { host: 'ok.ru', platform: 'ok' },
  't.me': { host: 't.me', platform: 'telegram' },
  'telegram.me': { host: 't.me', platform: 'telegram' },
  'telegram.dog': { host: 't.me', platform: 'telegram' },
}

/** Query parameters that identify a comment and so are part of the address; everything else is dropped. */
const KEPT_PARAMS: Record<IncidentPlatform, string[]> = {
  vk: ['reply'],
  ok: ['commentId'],
  telegram: ['comment'],
}

export class IncidentUrlError extends Error {}

/** The platform a URL belongs to, or null for any other site. */
export function platformOfUrl(raw: string): IncidentPlatform | null {
  try {
    return HOSTS[hostOf(parseLoose(raw))]?.platform ?? null
  } catch {
    return null
  }
}

function parseLoose(raw: string): URL {
  const text = raw.trim()
  if (!text) throw new IncidentUrlError('пустая ссылка')
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text.replace(/^\/+/, '')}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new IncidentUrlError(`не ссылка: «${text.slice(0, 80)}»`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new IncidentUrlError(`ссылка должна начинаться с https://: «${text.slice(0, 80)}»`)
  return url
}

const hostOf = (url: URL) =>
  url.hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '')

/**
 * The canonical form: https, lower-case host without www, one host per network (vk.com, ok.ru, t.me),
 * no trailing slash, no fragment, no tracking parameters; comment ids (`?reply=` on VK, `?comment=` on
 * Telegram, `?commentId=` on OK) are kept. VK's `?w=wall-1_2` overlay becomes `/wall-1_2`; Telegram's
 * `/s/channel/1` preview becomes `/channel/1`. Other sites keep their host and path, lose only tracking.
 * Throws IncidentUrlError (Russian message) when it is not an http(s) link.
 */
export function canonicalIncidentUrl(raw: string): string {
  const url = parseLoose(raw)
  const host = hostOf(url)
  const known = HOSTS[host]
  let path = url.pathname.replace(/\/{2,}/g, '/')
  if (path.length > 1) path = path.replace(/\/+$/, '')
  const params = new URLSearchParams()
  if (known?.platform === 'vk') {
    const overlay = url.searchParams.get('w')
    if (overlay && /^wall-?\d+_\d+$/.test(overlay)) path = `/${overlay}`
  }
  if (known?.platform === 'telegram') path = path.replace(/^\/s\//, '/')
  if (known) {
    for (const key of KEPT_PARAMS[known.platform]) {
      const value = url.searchParams.get(key)
      if (value) params.set(key, value)
    }
  } else {
    const rest = [...url.searchParams].filter(([k]) => !isTracking(k)).sort(([a], [b]) => a.localeCompare(b))
    for (const [k, v] of rest) params.append(k, v)
  }
  const query = params.toString()
  const port = url.port && !known ? `:${url.port}` : ''
  return `https://${known?.host ?? host}${port}${path}${query ? `?${query}` : ''}`
}

const TRACKING = new Set([
  'fbclid',
  'gclid',
  'yclid',
  'ysclid',
  'from',
  'ref',
  'ref_src',
  'share',
  'si',
  'igshid',
])
const isTracking = (key: string) => key.toLowerCase().startsWith('utm_') || TRACKING.has(key.toLowerCase())

/** A VK wall address: owner (negative for communities), post and, for a comment, the comment id. */
export interface VkWallRef {
  ownerId: number
  postId: number
  commentId: number | null
}

/** Parses a canonical (or any) VK post/comment URL; null when it is not a VK wall address. */
export function parseVkWallUrl(raw: string): VkWallRef | null {
  let canonical: string
  try {
    canonical = canonicalIncidentUrl(raw)
  } catch {
    return null
  }
  const m = /^https:\/\/vk\.com\/wall(-?\d+)_(\d+)(?:\?reply=(\d+))?$/.exec(canonical)
  if (!m) return null
  return { ownerId: Number(m[1]), postId: Number(m[2]), commentId: m[3] ? Number(m[3]) : null }
}

/** The canonical URL of a VK post or (with commentId) of a comment on it. */
export function vkWallUrl(ownerId: number, postId: number, commentId?: number | null): string {
  return `https://vk.com/wall${ownerId}_${postId}${commentId ? `?reply=${commentId}` : ''}`
}

/** The public address of a VK page (community or person) by its owner id. */
export function vkPageUrl(ownerId: number): string {
  return ownerId < 0 ? `https://vk.com/club${-ownerId}` : `https://vk.com/id${ownerId}`
}
