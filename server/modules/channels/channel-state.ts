import { and, eq, lt, sql } from 'drizzle-orm'
import type { Queryable } from '../../platform/db'
import { channelState } from './channels.tables'

/** Reads a connector's saved value (a cursor, an offset), or undefined. */
export async function readChannelState<T>(
  db: Queryable,
  channel: string,
  key: string,
): Promise<T | undefined> {
  const [row] = await db
    .select({ value: channelState.value })
    .from(channelState)
    .where(and(eq(channelState.channel, channel), eq(channelState.key, key)))
  return row?.value as T | undefined
}

/** Saves a connector's value; call it in the transaction that registered what the cursor moves past. */
export async function writeChannelState(db: Queryable, channel: string, key: string, value: unknown) {
  await db
    .insert(channelState)
    .values({ channel, key, value })
    .onConflictDoUpdate({
      target: [channelState.channel, channelState.key],
      set: { value: sql`excluded.value`, updatedAt: sql`now()` },
    })
}

/** Claims a key once (e.g. a one-time form token): true the first time, false on every later call. */
export async function claimChannelKey(db: Queryable, channel: string, key: string, value: unknown = {}) {
  const rows = await db
    .insert(channelState)
    .values({ channel, key, value })
    .onConflictDoNothing()
    .returning({ key: channelState.key })
  return rows.length === 1
}

/** Drops a channel's keys not touched since `before` (old one-time tokens). */
export async function pruneChannelState(db: Queryable, channel: string, before: Date) {
  await db
    .delete(channelState)
    .where(and(eq(channelState.channel, channel), lt(channelState.updatedAt, before)))
}
