// The embedded PostgreSQL (PGlite) runs in this child process behind a PostgreSQL wire-protocol
// socket (embedded-wire.mjs). Why a separate process: PGlite blocks its event loop for the whole length of a query
// (shared/docs/stack.md §1), so in-process it would freeze the HTTP server; over the socket the app
// uses the same `pg` driver and the same code path as with a real PostgreSQL server.
//
// Protocol with the parent (IPC): it sends {ready: true} once listening, or {error: "..."}.
// It exits when the parent goes away (IPC disconnect), so a killed server never leaves it behind.
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { startWireServer } from './embedded-wire.mjs'

const [dataDir, socketPath] = process.argv.slice(2)
const lockPath = path.join(dataDir, 'veche.lock')

function send(message) {
  if (process.connected) process.send(message)
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return err.code === 'EPERM'
  }
}

/** PGlite has no lock between processes (two writers silently lose data), so we keep our own. */
async function acquireLock() {
  const deadline = Date.now() + 5000
  for (;;) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' })
      return
    } catch (err) {
      if (err.code !== 'EEXIST') throw err
    }
    const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10)
    if (!Number.isFinite(holder) || !isAlive(holder)) {
      fs.rmSync(lockPath, { force: true })
      continue
    }
    // A previous server may still be closing the database after its parent died: give it a moment.
    if (Date.now() > deadline) {
      throw new Error(
        `Каталог данных ${dataDir} уже открыт другим процессом Вече (pid ${holder}). ` +
          'Остановите его или укажите другой каталог в VECHE_DATA_DIR.',
      )
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}

let db
let server
let closing = false
let ownsSocket = false

async function shutdown(code = 0) {
  if (closing) return
  closing = true
  try {
    await server?.close()
    await db?.close()
  } finally {
    try {
      if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.rmSync(lockPath, { force: true })
    } catch {}
    if (ownsSocket) fs.rmSync(path.dirname(socketPath), { recursive: true, force: true })
    process.exit(code)
  }
}

process.on('disconnect', () => shutdown(0))
process.on('SIGTERM', () => shutdown(0))
process.on('SIGINT', () => shutdown(0))

try {
  fs.mkdirSync(dataDir, { recursive: true })
  await acquireLock()
  ownsSocket = true
  fs.mkdirSync(path.dirname(socketPath), { recursive: true })
  fs.rmSync(socketPath, { force: true })
  db = await PGlite.create(path.join(dataDir, 'pg'), { extensions: { pg_trgm } })
  server = await startWireServer(db, socketPath)
  send({ ready: true })
} catch (err) {
  send({ error: err instanceof Error ? err.message : String(err) })
  await shutdown(1)
}
