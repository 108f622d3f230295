// A PostgreSQL wire-protocol server in front of one PGlite instance.
//
// Why our own instead of @electric-sql/pglite-socket: PGlite is a single backend session, so messages of
// different client connections must never interleave. pglite-socket queues each protocol *message* on its
// own, and under concurrency one client's Bind lands between another's Parse and Execute ("bind message
// supplies 1 parameters, but prepared statement "" requires 4" — seen here with 4 concurrent HTTP
// requests). This server runs each client's batch — everything up to and including Sync, or one simple
// Query — as one exclusive unit, and while a client has a transaction open it keeps the session until
// the transaction ends, so transactions of different connections are serialised, never mixed.
import fs from 'node:fs'
import net from 'node:net'

const SSL_REQUEST = 80877103
const CANCEL_REQUEST = 80877102
const GSS_REQUEST = 80877104
const PROTOCOL_3 = 196608
// A client that keeps a transaction open this long without sending anything is cut off and rolled back.
const IDLE_IN_TRANSACTION_MS = 60_000

/** FIFO ownership of the one PGlite session. */
class SessionLock {
  owner = null
  waiters = []
  acquire(conn) {
    if (this.owner === null || this.owner === conn) {
      this.owner = conn
      return Promise.resolve()
    }
    return new Promise((resolve) => this.waiters.push({ conn, resolve }))
  }
  release(conn) {
    if (this.owner !== conn) return
    const next = this.waiters.shift()
    this.owner = next ? next.conn : null
    next?.resolve()
  }
  drop(conn) {
    this.waiters = this.waiters.filter((w) => w.conn !== conn)
  }
}

/** Starts listening on a unix socket path; returns { close() }. */
export async function startWireServer(db, socketPath) {
  const lock = new SessionLock()
  const connections = new Set()

  async function runBatch(conn, bytes) {
    await lock.acquire(conn)
    if (conn.closed) {
      await endConnection(conn)
      return
    }
    try {
      const out = await db.execProtocolRaw(bytes)
      if (out.length > 0 && !conn.socket.destroyed) conn.socket.write(out)
    } finally {
      clearTimeout(conn.idleTimer)
      if (db.isInTransaction()) {
        // Keep the session for this client until its transaction ends.
        conn.idleTimer = setTimeout(() => conn.socket.destroy(), IDLE_IN_TRANSACTION_MS)
      } else {
        lock.release(conn)
      }
    }
  }

  async function endConnection(conn) {
    clearTimeout(conn.idleTimer)
    lock.drop(conn)
    if (lock.owner === conn) {
      if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => {})
      lock.release(conn)
    }
  }

  function onData(conn, chunk) {
    conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk
    for (;;) {
      const buf = conn.buffer
      if (!conn.started) {
        if (buf.length < 8) return
        const len = buf.readInt32BE(0)
        if (buf.length < len) return
        const code = buf.readInt32BE(4)
        conn.buffer = buf.subarray(len)
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          conn.socket.write('N') // no encryption on a local socket
          continue
        }
        if (code === CANCEL_REQUEST) {
          conn.socket.end()
          return
        }
        if (code !== PROTOCOL_3) {
          conn.socket.destroy()
          return
        }
        conn.started = true
        enqueue(conn, buf.subarray(0, len))
        continue
      }
      if (buf.length < 5) return
      const len = 1 + buf.readInt32BE(1)
      if (buf.length < len) return
      const type = String.fromCharCode(buf[0])
      const message = buf.subarray(0, len)
      conn.buffer = buf.subarray(len)
      if (type === 'X') {
        conn.socket.end()
        return
      }
      conn.pending.push(message)
      // A batch ends with Sync (extended protocol) or is one simple Query; Flush sends what is ready.
      if (type === 'S' || type === 'Q' || type === 'H') {
        enqueue(conn, Buffer.concat(conn.pending))
        conn.pending = []
      }
    }
  }

  function enqueue(conn, bytes) {
    conn.chain = conn.chain
      .then(() => runBatch(conn, bytes))
      .catch((err) => {
        console.error('embedded-wire: batch failed', err)
        conn.socket.destroy()
      })
  }

  const server = net.createServer((socket) => {
    const conn = {
      socket,
      buffer: Buffer.alloc(0),
      pending: [],
      started: false,
      closed: false,
      chain: Promise.resolve(),
      idleTimer: undefined,
    }
    connections.add(conn)
    socket.on('data', (chunk) => onData(conn, chunk))
    socket.on('error', () => {})
    socket.on('close', () => {
      conn.closed = true
      connections.delete(conn)
      conn.chain = conn.chain.then(() => endConnection(conn))
    })
  })
  fs.rmSync(socketPath, { force: true })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, resolve)
  })
  return {
    async close() {
      for (const c of connections) c.socket.destroy()
      await new Promise((resolve) => server.close(resolve))
      fs.rmSync(socketPath, { force: true })
    },
  }
}
