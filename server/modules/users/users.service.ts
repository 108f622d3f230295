import crypto from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { RoleCode } from '../../../common/domain'
import type { Queryable } from '../../platform/db'
import { AppError } from '../../platform/errors'
import { units } from '../org/org.tables'
import { sessions, users } from './users.tables'

/** The signed-in user as every service sees it. */
export interface Actor {
  id: string
  login: string
  fullName: string
  role: RoleCode
  unitId: number | null
  unitName: string | null
  sectors: string[]
}

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

/** Hashes a password with argon2id. */
export const hashPassword = (password: string) => hash(password, ARGON)

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

/** Creates a user; the login must be free. */
export async function createUser(
  db: Queryable,
  input: {
    login: string
    fullName: string
    password: string
    role: RoleCode
    unitId?: number | null
    sectors?: string[]
  },
): Promise<{ id: string }> {
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.login, input.login))
  if (existing.length > 0) throw new AppError('CONFLICT', `Пользователь с логином «${input.login}» уже есть`)
  if ((input.role === 'executor' || input.role === 'unit_head') && !input.unitId) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Исполнителю и руководителю подразделения нужно указать подразделение',
    )
  }
  const [row] = await db
    .insert(users)
    .values({
      login: input.login,
      fullName: input.fullName,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      unitId: input.unitId ?? null,
      sectors: input.sectors ?? [],
    })
    .returning({ id: users.id })
  return row
}

// A fixed hash to verify against when the login is unknown, so timing does not reveal which logins exist.
let dummyHash: Promise<string> | undefined

/** Checks the password and opens a session; returns the cookie token (only its hash is stored). */
export async function logIn(
  db: Queryable,
  input: { login: string; password: string; sessionDays: number },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.login, input.login), isNull(users.disabledAt)))
  dummyHash ??= hashPassword('veche-timing-equaliser')
  let ok = false
  if (user) ok = await verify(user.passwordHash, input.password)
  else await verify(await dummyHash, input.password)
  if (!user || !ok) throw new AppError('INVALID_CREDENTIALS', 'Неверный логин или пароль')
  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + input.sessionDays * 86_400_000)
  await db.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, expiresAt })
  const actor = await findActor(db, token)
  if (!actor) throw new AppError('INTERNAL', 'Не удалось открыть сеанс')
  return { token, expiresAt, actor }
}

/** Ends a session. */
export async function logOut(db: Queryable, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)))
}

/** Resolves a session token to its user, or null when unknown, expired or disabled. */
export async function findActor(db: Queryable, token: string): Promise<Actor | null> {
  const [row] = await db
    .select({
      id: users.id,
      login: users.login,
      fullName: users.fullName,
      role: users.role,
      unitId: users.unitId,
      unitName: units.name,
      sectors: users.sectors,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(
      and(
        eq(sessions.tokenHash, sha256(token)),
        gt(sessions.expiresAt, new Date()),
        isNull(users.disabledAt),
      ),
    )
  return row ? { ...row, role: row.role as RoleCode } : null
}
