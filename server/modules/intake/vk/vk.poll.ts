import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../../platform/db'
import type { Env } from '../../../platform/env'
import { readChannelState, writeChannelState } from '../../channels/channel-state'
import { assessNoise } from '../../understanding/noise'
import { vkPageUrl, vkWallUrl } from '../incidents/incident-url'
import type { Incident } from '../incidents/incidents.schemas'
import { registerIncident } from '../incidents/incidents.service'
import { callVk, VkApiError, type VkComment, type VkList, type VkPost, type VkProfile } from './vk.api'

export const VK_CHANNEL = 'vk'
/** Recent posts per page whose comments are watched. */
export const VK_POSTS_PER_POLL = 20
const COMMENTS_PAGE = 100

/** The per-post cursor in channel_state: the highest comment id already registered. */
export interface VkCommentCursor {
  last: number
}
export const vkCursorKey = (ownerId: number, postId: number) => `comments:${ownerId}_${postId}`

export const vkPollEnabled = (env: Env) => Boolean(env.VECHE_VK_TOKEN && env.VECHE_VK_OWNER_IDS.length > 0)

const ATTACHMENT_NAMES: Record<string, string> = {
  photo: 'фото',
  video: 'видео',
  audio: 'аудио',
  doc: 'документ',
  sticker: 'стикер',
  link: 'ссылка',
  graffiti: 'граффити',
  audio_message: 'голосовое сообщение',
  poll: 'опрос',
}

/** The stored text: the author's text, or what was attached when there is no text (the noise check sees the raw text). */
function textOf(text: string | undefined, attachments: { type: string }[] | undefined) {
  const t = (text ?? '').trim()
  if (t) return t
  const kinds = [...new Set((attachments ?? []).map((a) => ATTACHMENT_NAMES[a.type] ?? a.type))]
  return kinds.length ? `[без текста; вложения: ${kinds.join(', ')}]` : '[без текста]'
}

function author(fromId: number, profiles: Map<number, VkProfile>) {
  const p = profiles.get(fromId)
  const name = [p?.first_name, p?.last_name].filter(Boolean).join(' ') || null
  return { authorName: name, authorHandle: p?.screen_name ? `@${p.screen_name}` : `id${fromId}` }
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString()

/**
 * The VK connector's poller: for each configured page, the recent posts (wall.get) and their new
 * comments (wall.getComments, ascending from the per-post cursor). Comments and citizens' posts on the
 * wall become incidents; the page's own posts and comments (its answers) do not. Each page of comments
 * is registered in one transaction together with the cursor that moves past it, so a crash repeats at
 * most that page and registers nothing twice. VK errors: 6/9/29 (too many requests) stop this poll and
 * back off (1 min, doubling to 15 min) without moving any cursor; 5 (bad token) is logged and backs off
 * 10 min; an error on one post or page (closed comments, no access) skips just it.
 */
export function createVkPoller(opts: { minIntervalMs?: number } = {}) {
  const minInterval = opts.minIntervalMs ?? 350
  let backoffUntil = 0
  let backoffMs = 0
  let lastCall = 0

  async function vk<T>(env: Env, method: string, params: Record<string, string | number | undefined>) {
    const wait = lastCall + minInterval - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    lastCall = Date.now()
    return callVk<T>(env, method, params)
  }

  async function pollComments(db: Db, env: Env, log: FastifyBaseLogger, ownerId: number, post: VkPost) {
    const key = vkCursorKey(ownerId, post.id)
    let cursor = await readChannelState<VkCommentCursor>(db, VK_CHANNEL, key)
    let created = 0
    for (;;) {
      const page = await vk<VkList<VkComment>>(env, 'wall.getComments', {
        owner_id: ownerId,
        post_id: post.id,
        sort: 'asc',
        count: COMMENTS_PAGE,
        extended: 1,
        fields: 'screen_name',
        // VK returns the list from start_comment_id inclusive; what we already have is skipped below.
        start_comment_id: cursor?.last,
      })
      const fresh = page.items.filter((c) => c.id > (cursor?.last ?? 0))
      if (fresh.length === 0) break
      const profiles = new Map((page.profiles ?? []).map((p) => [p.id, p]))
      const last = Math.max(...fresh.map((c) => c.id))
      created += await db.transaction(async (tx) => {
        let n = 0
        for (const c of fresh) {
          if (c.deleted || c.from_id === ownerId) continue
          const item: Incident = {
            platform: 'vk',
            url: vkWallUrl(ownerId, post.id, c.id),
            ...author(c.from_id, profiles),
            text: textOf(c.text, c.attachments),
            publishedAt: iso(c.date),
            publicPageUrl: vkPageUrl(ownerId),
            originalUrl: null,
            lat: null,
            lon: null,
            address: null,
          }
          const r = await registerIncident(tx, item, {
            verdict: assessNoise(c.text ?? ''),
            extraMeta: { vk: { ownerId, postId: post.id, commentId: c.id, fromId: c.from_id } },
          })
          if (r.created) n += 1
        }
        await writeChannelState(tx, VK_CHANNEL, key, { last } satisfies VkCommentCursor)
        return n
      })
      cursor = { last }
      if (page.items.length < COMMENTS_PAGE) break
    }
    if (created)
      log.info({ ownerId, postId: post.id, created }, 'ВКонтакте: новые комментарии зарегистрированы')
    return created
  }

  /** A citizen's post on the page's wall; a repost (copy_history) counts once on the original. */
  async function registerWallPost(db: Db, ownerId: number, post: VkPost) {
    const original = post.copy_history?.[0]
    const item: Incident = {
      platform: 'vk',
      url: vkWallUrl(ownerId, post.id),
      authorName: null,
      authorHandle: `id${post.from_id}`,
      text: textOf(post.text || original?.text, post.attachments),
      publishedAt: iso(post.date),
      publicPageUrl: vkPageUrl(ownerId),
      originalUrl: original ? vkWallUrl(original.owner_id, original.id) : null,
      lat: null,
      lon: null,
      address: null,
    }
    const r = await db.transaction((tx) =>
      registerIncident(tx, item, {
        verdict: assessNoise(post.text || original?.text || ''),
        extraMeta: { vk: { ownerId, postId: post.id, fromId: post.from_id } },
      }),
    )
    return r.created ? 1 : 0
  }

  async function pollOwner(db: Db, env: Env, log: FastifyBaseLogger, ownerId: number) {
    const wall = await vk<VkList<VkPost>>(env, 'wall.get', {
      owner_id: ownerId,
      count: VK_POSTS_PER_POLL,
      filter: 'all',
    })
    let created = 0
    for (const post of [...wall.items].sort((a, b) => a.date - b.date || a.id - b.id)) {
      try {
        if (post.from_id !== ownerId && !post.marked_as_ads)
          created += await registerWallPost(db, ownerId, post)
        if ((post.comments?.count ?? 1) > 0) created += await pollComments(db, env, log, ownerId, post)
      } catch (err) {
        if (err instanceof VkApiError && !err.isRateLimit && !err.isAuth) {
          log.warn(
            { ownerId, postId: post.id, code: err.code },
            `ВКонтакте: запись пропущена — ${err.message}`,
          )
          continue
        }
        throw err
      }
    }
    return created
  }

  return {
    /** When the poller is backing off (ms since epoch), 0 when not. */
    get backoffUntil() {
      return backoffUntil
    },
    /** One poll of every configured page; returns how many appeals it registered. Never throws for a VK error. */
    async run(ctx: { db: Db; env: Env; log: FastifyBaseLogger }): Promise<number> {
      const { db, env, log } = ctx
      if (!vkPollEnabled(env) || Date.now() < backoffUntil) return 0
      let created = 0
      for (const ownerId of env.VECHE_VK_OWNER_IDS) {
        try {
          created += await pollOwner(db, env, log, ownerId)
        } catch (err) {
          if (!(err instanceof VkApiError)) throw err
          if (err.isRateLimit) {
            backoffMs = Math.min(Math.max(backoffMs * 2, 60_000), 15 * 60_000)
            backoffUntil = Date.now() + backoffMs
            log.warn(
              { code: err.code, backoffMs },
              `ВКонтакте: слишком много запросов (ошибка ${err.code}) — опрос отложен на ${Math.round(backoffMs / 1000)} с`,
            )
            return created
          }
          if (err.isAuth) {
            backoffUntil = Date.now() + 10 * 60_000
            log.error(
              { code: err.code },
              `ВКонтакте отклонил токен (ошибка ${err.code}: ${err.vkMessage}). Проверьте VECHE_VK_TOKEN; опрос приостановлен на 10 минут`,
            )
            return created
          }
          log.warn({ ownerId, code: err.code }, `ВКонтакте: страница ${ownerId} пропущена — ${err.message}`)
        }
      }
      backoffMs = 0
      return created
    },
  }
}

/** The scheduler's poller (one per process; its back-off lives in memory). */
export const vkPoller = createVkPoller()
