import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

/**
 * A real `veche serve` process for tests and benches that need one (crash tests, intake bench):
 * own process, own event loop, started on a free port and ready once /api/health answers.
 */

const CLI = path.resolve('bin/veche.js')

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

export interface VecheProcessOptions {
  port: number
  /** A PostgreSQL server database, or (without it) an embedded data directory. */
  databaseUrl?: string
  dataDir?: string
  /** Extra settings (channel tokens…). */
  env?: Record<string, string>
  /** Node flags before the script (e.g. --cpu-prof). */
  nodeArgs?: string[]
  /** Lead a process group, so the caller can kill the server together with its database process. */
  detached?: boolean
  stdio?: 'pipe' | 'inherit'
}

/** Starts `veche serve` with the api role only and resolves once it answers /api/health. */
export async function startVecheProcess(opts: VecheProcessOptions): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    VECHE_ROLES: 'api',
    VECHE_SEED: 'auto',
    VECHE_DEMO_APPEALS: '0',
    LOG_LEVEL: 'warn',
    ...opts.env,
  }
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl
  else {
    delete env.DATABASE_URL
    env.VECHE_DATA_DIR = opts.dataDir
  }
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), CLI, 'serve'], {
    env,
    stdio: ['ignore', 'ignore', opts.stdio ?? 'pipe'],
    detached: opts.detached ?? false,
  })
  let stderr = ''
  child.stderr?.on('data', (d) => {
    stderr += d
  })
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`veche serve exited: ${stderr}`)
    try {
      if ((await fetch(`http://127.0.0.1:${opts.port}/api/health`)).ok) return child
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  child.kill('SIGKILL')
  throw new Error(`veche serve did not start: ${stderr}`)
}
