import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

/** What both benches share: a fresh store per mode, percentiles, the result rows and the printed table. */

export const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

/** A fresh place for the data: an embedded data directory, or a new database on the PostgreSQL server. */
export async function freshStore(
  mode: string,
): Promise<{ url?: string; dir?: string; drop(): Promise<void> }> {
  if (mode === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-bench-'))
    return { dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) }
  }
  const name = `veche_bench_${Date.now()}`
  const admin = new pg.Client({ connectionString: SERVER_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(SERVER_URL)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: SERVER_URL })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

export const ms = (x: number) => `${x.toFixed(1)} ms`

export interface Row {
  mode: string
  measure: string
  value: string
  p50: string
  p99: string
}

/** The result table as Markdown (it goes into the issue note and bench/results/). */
export function markdownTable(rows: Row[]): string {
  return [
    '| mode | measure | throughput | p50 | p99 |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.mode} | ${r.measure} | ${r.value} | ${r.p50} | ${r.p99} |`),
  ].join('\n')
}
