import type { Env } from '../../../platform/env'

/** VK's error object: `{ error: { error_code, error_msg } }`. */
export class VkApiError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly vkMessage: string,
  ) {
    super(`ВКонтакте: ${method} — ошибка ${code}: ${vkMessage}`)
    this.name = 'VkApiError'
  }
  /** 6 too many requests per second, 9 flood control, 29 the method's daily limit. */
  get isRateLimit() {
    return this.code === 6 || this.code === 9 || this.code === 29
  }
  /** 5 the token is invalid or expired, 27/28 wrong kind of token. */
  get isAuth() {
    return this.code === 5 || this.code === 27 || this.code === 28
  }
}

export type VkSettings = Pick<Env, 'VECHE_VK_API_URL' | 'VECHE_VK_TOKEN' | 'VECHE_VK_API_VERSION'>

/**
 * Calls one VK API method (POST, form-encoded, as VK documents) and returns `response`; a VK error
 * object becomes VkApiError, a network failure or a non-JSON body an Error with a Russian message.
 */
export async function callVk<T>(
  env: VkSettings,
  method: string,
  params: Record<string, string | number | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) body.set(k, String(v))
  body.set('access_token', env.VECHE_VK_TOKEN ?? '')
  body.set('v', env.VECHE_VK_API_VERSION)
  const url = `${env.VECHE_VK_API_URL.replace(/\/+$/, '')}/${method}`
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (err) {
    throw new Error(`ВКонтакте недоступен (${method}): ${(err as Error).message}`)
  }
  const data = (await res.json().catch(() => null)) as {
    response?: T
    error?: { error_code?: number; error_msg?: string }
  } | null
  if (data?.error)
    throw new VkApiError(method, Number(data.error.error_code ?? 0), data.error.error_msg ?? '')
  if (!res.ok || !data || !('response' in data))
    throw new Error(`ВКонтакте (${method}) ответил HTTP ${res.status} без данных`)
  return data.response as T
}

// The parts of VK objects the connector reads (https://dev.vk.com/ru/reference/objects).

export interface VkPost {
  id: number
  owner_id: number
  from_id: number
  date: number
  text: string
  post_type?: string
  comments?: { count: number }
  copy_history?: { id: number; owner_id: number; from_id?: number; text?: string }[]
  attachments?: { type: string }[]
  marked_as_ads?: number
}

export interface VkComment {
  id: number
  from_id: number
  post_id?: number
  owner_id?: number
  date: number
  text: string
  deleted?: boolean
  attachments?: { type: string }[]
  reply_to_comment?: number
}

export interface VkProfile {
  id: number
  first_name?: string
  last_name?: string
  screen_name?: string
}

export interface VkGroup {
  id: number
  name?: string
  screen_name?: string
}

export interface VkList<T> {
  count: number
  items: T[]
  profiles?: VkProfile[]
  groups?: VkGroup[]
}
