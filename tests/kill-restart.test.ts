import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { uniq } from './helpers'
import { freePort, startVecheProcess } from './peers/veche-process'

/**
 * Exactly once across a crash (issue 3, item 9): the server process is killed with SIGKILL in the middle
 * of a 10 000-item import and a concurrent burst of single deliveries, restarted on the same database,
 * and everything is sent again. Nothing acknowledged before the kill may be lost or changed, nothing
 * may be registered twice, and the numbers stay gapless (a killed transaction gives its numbers back).
 * The server is a real `veche serve` process: in embedded mode on its own data directory (PGlite allows
 * one process per directory), in server mode on the test database.
 */

const TOKEN = 'kill-restart-inbound-token-0123456789'
const IMPORT_ITEMS = 10_000
const BATCH = 500
const BURST = 300
const serverUrl = inject('databaseUrl')
const dataDir = serverUrl ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'veche-kill-'))
const children: ChildProcess[] = []

afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
})

/** `veche serve` on the run's database, leading its own process group (to kill it with its database). */
function startServer(port: number) {
  return startVecheProcess({
    port,
    databaseUrl: serverUrl || undefined,
    dataDir,
    env: { VECHE_POS_INBOUND_TOKEN: TOKEN },
    detached: true,
  }).then((child) => {
    children.push(child)
    return child
  })
}

const message = (tag: string, id: string) => ({
  posId: `${tag}-${id}`,
  fz59: false,
  category: 'Дороги',
  text: `Проверка сбоя ${tag}: яма на дороге, сообщение ${id}`,
  createdAt: '2026-11-20T10:00:00+03:00',
  applicant: { fullName: 'Житель Смоленска' },
})

type Ack = Map<string, string> // posId → registration number, for every acknowledged item

/** POSTs to the ПОС endpoint; records acknowledged items; a dead server ends the sender quietly. */
async function send(port: number, body: unknown, acks: Ack): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/channels/pos/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    })
    if (res.status >= 300) throw new Error(`ПОС endpoint answered ${res.status}: ${await res.text()}`)
    const json = (await res.json()) as { items: { posId: string; regNumber: string | null }[] }
    for (const item of json.items) {
      if (!item.regNumber) throw new Error(`refused: ${JSON.stringify(item)}`)
      acks.set(item.posId, item.regNumber)
    }
    return true
  } catch (err) {
    if (err instanceof TypeError) return false // connection refused / reset: the server is gone
    throw err
  }
}

/** The import in batches and the burst of single deliveries (8 in flight), concurrently. */
async function sendEverything(port: number, tag: string, acks: Ack, onProgress?: () => void) {
  const importer = (async () => {
    for (let i = 0; i < IMPORT_ITEMS; i += BATCH) {
      const items = Array.from({ length: BATCH }, (_, j) => message(tag, `imp-${i + j}`))
      if (!(await send(port, { items }, acks))) return
      onProgress?.()
    }
  })()
  let next = 0
  const burst = Array.from({ length: 8 }, async () => {
    while (next < BURST) {
      const i = next++
      if (!(await send(port, message(tag, `hook-${i}`), acks))) return
      onProgress?.()
    }
  })
  await Promise.all([importer, ...burst])
}

async function registered(tag: string) {
  const url = serverUrl || null
  if (!url) return null
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ external_id: string; reg_number: string }>(
      `select external_id, reg_number from appeal where channel = 'pos' and external_id like $1`,
      [`${tag}-%`],
    )
    return rows
  } finally {
    await client.end()
  }
}

describe('exactly once across a SIGKILL', { timeout: 600_000 }, () => {
  it.each([
    ['the server process', false],
    ['the server and, in embedded mode, its database process (as in a power cut)', true],
  ])(
    'loses nothing acknowledged and doubles nothing when %s is killed mid-import',
    async (_what, wholeGroup) => {
      const tag = uniq('kill')
      const port = await freePort()
      const server = await startServer(port)

      // 1. Import and burst run until about a third of the import is acknowledged, then SIGKILL.
      const before: Ack = new Map()
      let killed = false
      await sendEverything(port, tag, before, () => {
        if (!killed && before.size >= IMPORT_ITEMS / 3) {
          killed = true
          if (wholeGroup) process.kill(-(server.pid as number), 'SIGKILL')
          else server.kill('SIGKILL')
        }
      })
      expect(killed).toBe(true)
      if (server.exitCode === null && server.signalCode === null) await once(server, 'exit')
      // Without its parent the embedded database process shuts down by itself; wait for the lock to free.
      for (
        let i = 0;
        i < 100 && !wholeGroup && dataDir && fs.existsSync(path.join(dataDir, 'veche.lock'));
        i++
      ) {
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(before.size).toBeGreaterThan(0)
      expect(before.size).toBeLessThan(IMPORT_ITEMS + BURST)

      // 2. Restart on the same database and send everything again.
      const restarted = await startServer(port)
      const after: Ack = new Map()
      await sendEverything(port, tag, after)
      expect(after.size).toBe(IMPORT_ITEMS + BURST)

      // 3. Every item acknowledged before the kill kept its number: nothing lost, nothing changed.
      for (const [posId, regNumber] of before) expect(after.get(posId), posId).toBe(regNumber)
      // Nothing doubled: one number per item and every number different.
      expect(new Set(after.values()).size).toBe(IMPORT_ITEMS + BURST)
      // Gapless: the killed transactions gave their numbers back.
      const seq = [...after.values()].map((n) => Number(n.slice(-6))).sort((a, b) => a - b)
      expect(seq.at(-1)! - seq[0]).toBe(IMPORT_ITEMS + BURST - 1)

      // On the PostgreSQL server the rows can be read directly as well.
      const rows = await registered(tag)
      if (rows) {
        expect(rows).toHaveLength(IMPORT_ITEMS + BURST)
        expect(new Set(rows.map((r) => r.external_id)).size).toBe(IMPORT_ITEMS + BURST)
      }
      restarted.kill('SIGTERM')
      await once(restarted, 'exit')
    },
  )
})
