import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A fake VK API on loopback (127.0.0.1, a free port) for the connector's tests: wall.get,
 * wall.getComments and wall.createComment with VK's parameter names, VK-shaped JSON (`{response}` or
 * `{error: {error_code, error_msg}}`), access_token and v checks, and a log of every call.
 */

export interface FakeComment {
  id: number
  from_id: number
  date: number
  text: string
  attachments?: { type: string }[]
  reply_to_comment?: number
  deleted?: boolean
  guid?: string
}

export interface FakePost {
  id: number
  owner_id: number
  from_id: number
  date: number
  text: string
  copy_history?: { id: number; owner_id: number; from_id: number; text: string }[]
  comments: FakeComment[]
}

export interface FakeVkCall {
  method: string
  params: Record<string, string>
}

export interface FakeVk {
  url: string
  token: string
  calls: FakeVkCall[]
  posts: FakePost[]
  /** Adds a post on a wall (from the page itself unless fromId is given); returns its id. */
  addPost(
    ownerId: number,
    opts?: { fromId?: number; text?: string; copyOf?: { ownerId: number; postId: number } },
  ): number
  /** Adds a comment under a post; returns its id (ids grow per wall, like VK's). */
  addComment(
    ownerId: number,
    postId: number,
    fromId: number,
    text: string,
    extra?: Partial<FakeComment>,
  ): number
  /** The next call of `method` (or of any method with '*') answers with this VK error. */
  failNext(method: string, code: number, message?: string, times?: number): void
  close(): Promise<void>
}

export const fakeProfile = (id: number) => ({
  id,
  first_name: `Имя${id}`,
  last_name: `Фамилия${id}`,
  screen_name: `user${id}`,
})

export async function startFakeVk(opts: { token?: string; version?: string } = {}): Promise<FakeVk> {
  const token = opts.token ?? 'vk-test-token'
  const calls: FakeVkCall[] = []
  const posts: FakePost[] = []
  const failures: { method: string; code: number; message: string; times: number }[] = []
  const nextIds = new Map<number, number>()
  const nextId = (ownerId: number) => {
    const n = (nextIds.get(ownerId) ?? 0) + 1
    nextIds.set(ownerId, n)
    return n
  }
  let clock = Math.floor(Date.now() / 1000) - 3600
  const tick = () => {
    clock += 1
    return clock
  }

  const error = (code: number, msg: string, params: Record<string, string>) => ({
    error: {
      error_code: code,
      error_msg: msg,
      request_params: Object.entries(params)
        .filter(([k]) => k !== 'access_token')
        .map(([key, value]) => ({ key, value })),
    },
  })

  function handle(method: string, p: Record<string, string>): unknown {
    if (!p.v) return error(8, 'Invalid request: v (version) is required', p)
    if (p.access_token !== token) return error(5, 'User authorization failed: invalid access_token (4).', p)
    const fail = failures.find((f) => f.method === method || f.method === '*')
    if (fail) {
      fail.times -= 1
      if (fail.times <= 0) failures.splice(failures.indexOf(fail), 1)
      return error(fail.code, fail.message, p)
    }
    const owner = Number(p.owner_id)
    if (method === 'wall.get') {
      const all = posts.filter((x) => x.owner_id === owner).sort((a, b) => b.id - a.id)
      const offset = Number(p.offset ?? 0)
      const count = Math.min(Number(p.count ?? 20), 100)
      return {
        response: {
          count: all.length,
          items: all.slice(offset, offset + count).map(({ comments, ...post }) => ({
            ...post,
            post_type: 'post',
            comments: { count: comments.length, can_post: 1 },
          })),
        },
      }
    }
    if (method === 'wall.getComments') {
      const post = posts.find((x) => x.owner_id === owner && x.id === Number(p.post_id))
      if (!post)
        return error(100, 'One of the parameters specified was missing or invalid: post_id is undefined', p)
      const list = [...post.comments].sort((a, b) => (p.sort === 'desc' ? b.id - a.id : a.id - b.id))
      let start = 0
      if (p.start_comment_id) {
        const from = Number(p.start_comment_id)
        start = list.findIndex((c) => (p.sort === 'desc' ? c.id <= from : c.id >= from))
        if (start < 0) start = list.length
      }
      start += Number(p.offset ?? 0)
      const count = Math.min(Number(p.count ?? 10), 100)
      const items = list.slice(start, start + count).map((c) => ({
        ...c,
        post_id: post.id,
        owner_id: owner,
        ...(c.deleted ? { text: '' } : {}),
      }))
      const people = [...new Set(items.map((c) => c.from_id).filter((id) => id > 0))]
      return {
        response: {
          count: list.length,
          current_level_count: list.length,
          can_post: true,
          items,
          ...(p.extended === '1' ? { profiles: people.map(fakeProfile), groups: [] } : {}),
        },
      }
    }
    if (method === 'wall.createComment') {
      const post = posts.find((x) => x.owner_id === owner && x.id === Number(p.post_id))
      if (!post) return error(100, 'One of the parameters specified was missing or invalid: post_id', p)
      if (!p.message) return error(100, 'One of the parameters specified was missing or invalid: message', p)
      const same = p.guid ? post.comments.find((c) => c.guid === p.guid) : undefined
      if (same) return { response: { comment_id: same.id, parents_stack: [] } }
      const id = nextId(owner)
      post.comments.push({
        id,
        from_id: p.from_group ? -Number(p.from_group) : 1,
        date: tick(),
        text: p.message,
        reply_to_comment: p.reply_to_comment ? Number(p.reply_to_comment) : undefined,
        guid: p.guid,
      })
      return { response: { comment_id: id, parents_stack: [] } }
    }
    return error(3, 'Unknown method passed.', p)
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const params: Record<string, string> = Object.fromEntries(url.searchParams)
      const body = Buffer.concat(chunks).toString('utf8')
      if (body) Object.assign(params, Object.fromEntries(new URLSearchParams(body)))
      const method = url.pathname.replace(/^\/method\//, '')
      calls.push({ method, params })
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(handle(method, params)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/method`,
    token,
    calls,
    posts,
    addPost(ownerId, o = {}) {
      const id = nextId(ownerId)
      const original = o.copyOf
        ? posts.find((x) => x.owner_id === o.copyOf?.ownerId && x.id === o.copyOf?.postId)
        : undefined
      posts.push({
        id,
        owner_id: ownerId,
        from_id: o.fromId ?? ownerId,
        date: tick(),
        text: o.text ?? '',
        ...(o.copyOf
          ? {
              copy_history: [
                {
                  id: o.copyOf.postId,
                  owner_id: o.copyOf.ownerId,
                  from_id: original?.from_id ?? o.copyOf.ownerId,
                  text: original?.text ?? '',
                },
              ],
            }
          : {}),
        comments: [],
      })
      return id
    },
    addComment(ownerId, postId, fromId, text, extra = {}) {
      const post = posts.find((x) => x.owner_id === ownerId && x.id === postId)
      if (!post) throw new Error(`no post ${ownerId}_${postId}`)
      const id = nextId(ownerId)
      post.comments.push({ id, from_id: fromId, date: tick(), text, ...extra })
      return id
    },
    failNext(method, code, message = code === 6 ? 'Too many requests per second' : 'Error', times = 1) {
      failures.push({ method, code, message, times })
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
