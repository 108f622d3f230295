import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { count, eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { users } from '../server/modules/users/users.tables'
import type { Database } from '../server/platform/db'
import { openTestDatabase, uniq } from './helpers'

const run = promisify(execFile)
const CLI = path.resolve('bin/veche.js')

/** Runs `veche …` against the test database; resolves with exit code and output, never throws. */
async function veche(args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'warn' },
    })
    return { code: 0, out: stdout + stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, out: e.stdout + e.stderr }
  }
}

let database: Database
let tmp: string
beforeAll(async () => {
  database = await openTestDatabase()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-cli-'))
})
afterAll(async () => {
  await database.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

// Each call starts a process that compiles TypeScript on the fly (~2.5 s on a quiet machine).
describe('the veche CLI', { timeout: 120_000 }, () => {
  it('prints help in Russian for every command', async () => {
    const top = await veche(['--help'])
    expect(top.code).toBe(0)
    const commands = [...top.out.matchAll(/^ {2}([a-z][a-z0-9-]*)( [a-z]+)?/gm)]
      .map((m) => m[1])
      .filter((c) => c !== 'help')
    expect(commands).toEqual(expect.arrayContaining(['serve', 'migrate', 'seed', 'import', 'user']))
    const results = await Promise.all(
      commands.map((c) => veche([...(c === 'user' ? ['user', 'add'] : [c]), '--help'])),
    )
    for (const res of results) {
      expect(res.code).toBe(0)
      expect(res.out).toMatch(/[а-я]/)
    }
  })

  it('imports a CSV once, rejects bad rows with reasons, and a dry run writes nothing', async () => {
    const tag = uniq('imp')
    const file = path.join(tmp, `${tag}.csv`)
    fs.writeFileSync(
      file,
      [
        'regime,channel,externalId,receivedAt,text,addressText,applicantName,applicantPhone',
        `fz59,import,${tag}-1,2025-03-03T10:00:00+03:00,"Архив ${tag}: яма у дома, просим заделать",ул. Ленина д. 5,Иванов И. И.,89101234567`,
        `fz59,import,${tag}-2,2025-03-04T11:00:00+03:00,"Архив ${tag}: не горит фонарь",,Петров П. П.,`,
        `nonsense,import,${tag}-3,2025-03-04T11:00:00+03:00,"Архив ${tag}: плохой режим",,,`,
        `fz59,import,${tag}-4,not-a-date,"Архив ${tag}: плохая дата",,,`,
      ].join('\n'),
    )
    const countTagged = async () =>
      (
        await database.db
          .select({ n: count() })
          .from(appeals)
          .where(like(appeals.text, `%${tag}%`))
      )[0].n

    const dry = await veche(['import', file, '--dry-run'])
    expect(dry.out).toMatch(/отклонено: 2/)
    expect(await countTagged()).toBe(0)

    const first = await veche(['import', file])
    expect(first.code).toBe(2) // rejected rows make the exit code non-zero
    expect(first.out).toMatch(/зарегистрировано: 2/)
    expect(first.out).toMatch(/строка 4: regime/)
    expect(first.out).toMatch(/строка 5: receivedAt/)
    const second = await veche(['import', file])
    expect(second.out).toMatch(/зарегистрировано: 0; уже были: 2/)
    expect(await countTagged()).toBe(2)
  })

  it('adds a user, and refuses an unknown role or unit in Russian', async () => {
    const login = uniq('cli')
    const ok = await veche([
      'user',
      'add',
      '--login',
      login,
      '--name',
      'Проверкин П. П.',
      '--role',
      'executor',
      '--unit',
      'ugkh',
    ])
    expect(ok.code, ok.out).toBe(0)
    expect(ok.out).toMatch(/Пароль: \S{8,}/)
    const [row] = await database.db.select().from(users).where(eq(users.login, login))
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    const badRole = await veche(['user', 'add', '--login', uniq('x'), '--name', 'X', '--role', 'king'])
    expect(badRole.code).toBe(1)
    expect(badRole.out).toMatch(/Неизвестная роль/)
    const badUnit = await veche([
      'user',
      'add',
      '--login',
      uniq('x'),
      '--name',
      'X',
      '--role',
      'executor',
      '--unit',
      'nope',
    ])
    expect(badUnit.out).toMatch(/не найдено/)
  })
})

describe('veche understand', { timeout: 120_000 }, () => {
  it('reads JSON lines and writes one line per item with the issue’s keys; a bad line gets a Russian error', async () => {
    const input = [
      {
        id: 'a',
        channel: 'vk',
        text: 'Огромная яма на проспекте Гагарина 12, пробил колесо',
        created_at: '2026-03-01T10:00:00Z',
      },
      {
        id: 'b',
        channel: 'telegram',
        text: 'проспект Гагарина, 12 — яма на дороге',
        created_at: '2026-03-02T10:00:00Z',
      },
      { id: 'c', channel: 'email', text: '', created_at: '2026-03-02T10:00:00Z' },
    ]
      .map((x) => JSON.stringify(x))
      .concat(['{не json'])
      .join('\n')
    const file = path.join(tmp, 'understand.jsonl')
    fs.writeFileSync(file, input)
    const res = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = execFile(
        'node',
        [CLI, 'understand'],
        { env: { ...process.env, LOG_LEVEL: 'warn' } },
        (e, out, err) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
      )
      fs.createReadStream(file).pipe(child.stdin as NodeJS.WritableStream)
    })
    expect(res.code).toBe(2)
    const lines = res.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(4)
    const keys = [
      'id',
      'sector',
      'sector_confidence',
      'topic_code',
      'is_request',
      'street',
      'house',
      'district',
      'lat',
      'lon',
      'urgent',
      'group',
    ]
    expect(Object.keys(lines[0]).sort()).toEqual([...keys].sort())
    expect(lines[0]).toMatchObject({ id: 'a', sector: 'roads', street: 'проспект Гагарина', house: '12' })
    expect(lines[1].group).toBe(lines[0].group)
    expect(lines[2]).toMatchObject({ id: 'c', sector: null, sector_confidence: 0 })
    expect(lines[3].error).toMatch(/строка 4: не JSON/)
    expect(res.err).toMatch(/строк с ошибками: 1/)
  })
})
