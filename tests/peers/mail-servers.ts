/**
 * Real mail servers on loopback for the e-mail channel's tests: Debian's Dovecot (IMAP) as an
 * unprivileged child process with its own config in a temp dir, and an SMTP sink (npm smtp-server)
 * that keeps every letter it is given, parsed by mailparser.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ImapFlow } from 'imapflow'
import { type ParsedMail, simpleParser } from 'mailparser'
import nodemailer from 'nodemailer'
import type Mail from 'nodemailer/lib/mailer'
import { SMTPServer } from 'smtp-server'

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/** Resolves when something accepts TCP connections on the port (and answers with a greeting). */
async function waitForGreeting(port: number, timeoutMs: number, alive: () => boolean) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (!alive()) throw new Error('dovecot exited during start-up')
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1')
      s.once('data', (d) => {
        s.destroy()
        resolve(d.toString().startsWith('* OK'))
      })
      s.once('error', () => resolve(false))
      s.setTimeout(1000, () => {
        s.destroy()
        resolve(false)
      })
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`dovecot did not answer on 127.0.0.1:${port}`)
}

export interface ImapPeer {
  host: string
  port: number
  user: string
  password: string
  /** Settings for testEnv(). */
  env: Record<string, string>
  /** Delivers a letter into INBOX by IMAP APPEND, as an MTA would; returns its UID. */
  append(raw: Buffer | string, flags?: string[]): Promise<number>
  /** Flags of every letter in INBOX by UID. */
  flags(): Promise<Map<number, Set<string>>>
  removeFlags(uid: number, flags: string[]): Promise<void>
  stop(): Promise<void>
  log(): string
}

/** Starts Dovecot on a free loopback port with one passwd-file user and a maildir in a temp dir. */
export async function startImapServer(): Promise<ImapPeer> {
  if (!DOVECOT) throw new Error('Dovecot is not installed: apt-get install -y dovecot-imapd (see .ci/run)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-dovecot-'))
  const port = await freePort()
  const user = 'mcu'
  const password = 'imap-test-password'
  // Root drops to «nobody»; anyone else runs it as themselves. Dovecot refuses mail access as uid 0.
  const asRoot = process.getuid?.() === 0
  const uid = asRoot ? 65534 : (process.getuid?.() ?? 1000)
  const gid = asRoot ? 65534 : (process.getgid?.() ?? 1000)
  const userName = asRoot ? 'nobody' : os.userInfo().username
  const groupName = execFileSync('id', ['-gn', userName]).toString().trim()
  fs.mkdirSync(path.join(dir, 'run'))
  fs.mkdirSync(path.join(dir, 'home', user), { recursive: true })
  fs.writeFileSync(
    path.join(dir, 'passwd'),
    `${user}:{PLAIN}${password}:${uid}:${gid}::${path.join(dir, 'home', user)}::\n`,
  )
  const conf = path.join(dir, 'dovecot.conf')
  fs.writeFileSync(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = /dev/stderr
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${userName}
default_internal_group = ${groupName}
default_login_user = ${userName}
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
mail_location = maildir:~/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  )
  if (asRoot) execFileSync('chown', ['-R', `${uid}:${gid}`, dir])
  let output = ''
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid, gid } : {}),
  })
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await waitForGreeting(port, 15_000, () => child.exitCode === null)
  } catch (err) {
    child.kill('SIGKILL')
    throw new Error(`${(err as Error).message}\n${output}`)
  }

  const withClient = async <T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    })
    await c.connect()
    try {
      return await fn(c)
    } finally {
      await c.logout()
    }
  }

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    env: {
      VECHE_IMAP_HOST: '127.0.0.1',
      VECHE_IMAP_PORT: String(port),
      VECHE_IMAP_SECURE: 'false',
      VECHE_IMAP_USER: user,
      VECHE_IMAP_PASSWORD: password,
    },
    append: (raw, flags = []) =>
      withClient(async (c) => {
        const res = await c.append('INBOX', raw, flags)
        if (res === false || !res.uid) throw new Error('IMAP APPEND returned no UID')
        return res.uid
      }),
    flags: () =>
      withClient(async (c) => {
        const lock = await c.getMailboxLock('INBOX')
        try {
          const out = new Map<number, Set<string>>()
          if (!c.mailbox || c.mailbox.exists === 0) return out
          for await (const m of c.fetch('1:*', { uid: true, flags: true })) {
            out.set(m.uid, new Set(m.flags ?? []))
          }
          return out
        } finally {
          lock.release()
        }
      }),
    removeFlags: (uid, flags) =>
      withClient(async (c) => {
        const lock = await c.getMailboxLock('INBOX')
        try {
          await c.messageFlagsRemove(String(uid), flags, { uid: true })
        } finally {
          lock.release()
        }
      }),
    async stop() {
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (child.exitCode === null) child.kill('SIGKILL')
      fs.rmSync(dir, { recursive: true, force: true })
    },
    log: () => output,
  }
}

export interface SentLetter {
  envelope: { from: string | false; to: string[] }
  raw: Buffer
  parsed: ParsedMail
}

export interface SmtpPeer {
  port: number
  env: Record<string, string>
  letters: SentLetter[]
  /** Refuses the next `n` letters to the address with a temporary error (451), as a busy server does. */
  failNext(address: string, n: number): void
  /** Letters sent to the address. */
  to(address: string): SentLetter[]
  stop(): Promise<void>
}

/** An SMTP server on a free loopback port that accepts and keeps every letter. */
export async function startSmtpServer(): Promise<SmtpPeer> {
  const letters: SentLetter[] = []
  const failing = new Map<string, number>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const rcpt = session.envelope.rcptTo.map((r) => r.address).find((a) => (failing.get(a) ?? 0) > 0)
        if (rcpt) {
          failing.set(rcpt, (failing.get(rcpt) ?? 0) - 1)
          const err = new Error('Временная ошибка, попробуйте позже') as Error & { responseCode: number }
          err.responseCode = 451
          callback(err)
          return
        }
        const raw = Buffer.concat(chunks)
        simpleParser(raw).then(
          (parsed) => {
            letters.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
            })
            callback()
          },
          (err) => callback(err),
        )
      })
    },
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    port,
    env: {
      VECHE_SMTP_HOST: '127.0.0.1',
      VECHE_SMTP_PORT: String(port),
      VECHE_SMTP_SECURE: 'false',
    },
    letters,
    failNext(address, n) {
      failing.set(address, n)
    },
    to: (address) => letters.filter((l) => l.envelope.to.includes(address)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Builds a raw RFC 5322 letter with nodemailer's composer (no network). */
export async function composeLetter(opts: Mail.Options): Promise<Buffer> {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  const info = await t.sendMail(opts)
  return info.message as Buffer
}
