import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface PosRequest {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: Record<string, unknown>
}

/**
 * A fake ПОС on loopback: accepts status and answer pushes (`POST /messages/{posId}/status|answers`),
 * checks the bearer token, records every request it accepted, and can be told to fail (an HTTP status,
 * or dropping the connection) until it is fixed. Started and stopped by the test itself.
 */
const BASE = '/pos-gateway'

export async function startFakePos(opts: { token: string }) {
  const received: PosRequest[] = []
  const refused: { path: string; status: number }[] = []
  let failWith: number | 'drop' | null = null

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = (req.url ?? '').replace(BASE, '')
      const refuse = (status: number, message: string) => {
        refused.push({ path, status })
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }))
      }
      if (failWith === 'drop') {
        refused.push({ path, status: 0 })
        req.socket.destroy()
        return
      }
      if (failWith !== null) return refuse(failWith, 'temporarily unavailable')
      if (req.headers.authorization !== `Bearer ${opts.token}`) return refuse(401, 'bad token')
      if (!req.url?.startsWith(`${BASE}/`)) return refuse(404, 'no such endpoint')
      if (req.method !== 'POST' || !/^\/messages\/[^/]+\/(status|answers)$/.test(path))
        return refuse(404, 'no such endpoint')
      let body: Record<string, unknown>
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return refuse(400, 'not json')
      }
      received.push({ method: req.method, path, headers: req.headers, body })
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    /** The base URL for VECHE_POS_PUSH_URL (with a path prefix, as a real gateway would have). */
    url: `http://127.0.0.1:${port}${BASE}`,
    received,
    refused,
    /** Makes every next request fail with this HTTP status, or drop the connection; null = work again. */
    fail(mode: number | 'drop' | null) {
      failWith = mode
    },
    /** Requests about one ПОС message. */
    forMessage(posId: string) {
      return received.filter((r) => r.path.startsWith(`/messages/${encodeURIComponent(posId)}/`))
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
export type FakePos = Awaited<ReturnType<typeof startFakePos>>
