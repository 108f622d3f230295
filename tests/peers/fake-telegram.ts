import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A fake Telegram Bot API server on 127.0.0.1 (port 0): the methods the bot uses, speaking the real wire
 * format (POST /bot<token>/<method> with JSON, `{ok, result}` / `{ok: false, error_code, description}`)
 * and the file download path /file/bot<token>/<file_path>. It records every call and can be told to fail.
 */
export interface FakeCall {
  method: string
  payload: Record<string, unknown>
  /** The HTTP status the fake answered with. */
  status: number
}

export interface FakeTelegram {
  apiRoot: string
  token: string
  calls: FakeCall[]
  /** Successful calls of one method (what Telegram accepted), optionally only to one chat. */
  sent(method: string, chatId?: number): Record<string, unknown>[]
  /** Makes a file downloadable: getFile answers for `fileId`, the bytes are served under its path. */
  addFile(fileId: string, data: Buffer): void
  /** Queues updates for getUpdates (confirmed ones, below the offset, are forgotten as Telegram does). */
  queueUpdates(...updates: Record<string, unknown>[]): void
  /** The next `times` calls of `method` (to `chatId`, when given) fail with this HTTP status and error body. */
  failNext(
    method: string,
    status: number,
    opts?: { times?: number; retryAfter?: number; chatId?: number },
  ): void
  close(): Promise<void>
}

export async function startFakeTelegram(token = '123456:TEST-token_abc'): Promise<FakeTelegram> {
  const calls: FakeCall[] = []
  const files = new Map<string, { path: string; data: Buffer }>()
  let queue: Record<string, unknown>[] = []
  const failures = new Map<string, { status: number; retryAfter?: number; chatId?: number }[]>()
  let messageId = 1000

  const me = { id: 777000, is_bot: true, first_name: 'МЦУ Смоленск', username: 'veche_test_bot' }

  function handle(method: string, p: Record<string, unknown>): { status: number; body: unknown } {
    const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } })
    const bad = (description: string) => ({
      status: 400,
      body: { ok: false, error_code: 400, description: `Bad Request: ${description}` },
    })
    switch (method) {
      case 'getMe':
        return ok(me)
      case 'sendMessage': {
        if (typeof p.chat_id !== 'number' && typeof p.chat_id !== 'string') return bad('chat_id is empty')
        const text = String(p.text ?? '')
        if (!text) return bad('message text is empty')
        if (text.length > 4096) return bad('message is too long')
        return ok({
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: p.chat_id, type: 'private' },
          from: me,
          text,
          ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
        })
      }
      case 'getFile': {
        const f = files.get(String(p.file_id))
        if (!f) return bad('invalid file_id')
        return ok({
          file_id: p.file_id,
          file_unique_id: `u${p.file_id}`,
          file_size: f.data.length,
          file_path: f.path,
        })
      }
      case 'answerCallbackQuery':
        return p.callback_query_id ? ok(true) : bad('query id is empty')
      case 'editMessageReplyMarkup':
        return ok(true)
      case 'getUpdates': {
        const offset = typeof p.offset === 'number' ? p.offset : 0
        queue = queue.filter((u) => (u.update_id as number) >= offset)
        const limit = typeof p.limit === 'number' ? p.limit : 100
        return ok(queue.slice(0, limit))
      }
      case 'setWebhook':
      case 'deleteWebhook':
        return ok(true)
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } }
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      const filePrefix = `/file/bot${token}/`
      if (req.method === 'GET' && url.pathname.startsWith(filePrefix)) {
        const path = decodeURIComponent(url.pathname.slice(filePrefix.length))
        const file = [...files.values()].find((f) => f.path === path)
        if (!file) return reply(404, { ok: false, error_code: 404, description: 'Not Found' })
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.data.length })
        return res.end(file.data)
      }
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname)
      if (!m) return reply(404, { ok: false, error_code: 404, description: 'Not Found' })
      if (m[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' })
      const method = m[2]
      let payload: Record<string, unknown> = {}
      try {
        const raw = Buffer.concat(chunks).toString('utf8')
        payload = raw ? JSON.parse(raw) : {}
      } catch {
        return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' })
      }
      const pending = failures.get(method) ?? []
      const at = pending.findIndex((f) => f.chatId === undefined || f.chatId === payload.chat_id)
      const failure = at >= 0 ? pending.splice(at, 1)[0] : undefined
      if (failure) {
        calls.push({ method, payload, status: failure.status })
        if (failure.status === 429) {
          return reply(429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${failure.retryAfter ?? 1}`,
            parameters: { retry_after: failure.retryAfter ?? 1 },
          })
        }
        return reply(failure.status, {
          ok: false,
          error_code: failure.status,
          description: 'Internal Server Error',
        })
      }
      const { status, body } = handle(method, payload)
      calls.push({ method, payload, status })
      reply(status, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    sent: (method, chatId) =>
      calls
        .filter((c) => c.method === method && c.status === 200)
        .filter((c) => chatId === undefined || c.payload.chat_id === chatId)
        .map((c) => c.payload),
    addFile(fileId, data) {
      files.set(fileId, { path: `photos/file_${files.size + 1}.bin`, data })
    },
    queueUpdates(...updates) {
      queue.push(...updates)
    },
    failNext(method, status, opts = {}) {
      const list = failures.get(method) ?? []
      for (let i = 0; i < (opts.times ?? 1); i++)
        list.push({ status, retryAfter: opts.retryAfter, chatId: opts.chatId })
      failures.set(method, list)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
