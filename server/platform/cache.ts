/**
 * A small time-limited cache for reference data read on every request (statuses, transitions,
 * regimes, district boundaries). Reference data changes rarely and by sync/import, which clears it;
 * the TTL bounds how long another process can serve a stale copy.
 *
 * Only finished values are shared. An in-flight load is never shared between callers: the loader runs
 * on the caller's own connection or transaction, and in embedded mode (one PGlite session) waiting on
 * another caller's load while holding a transaction would deadlock.
 */
const entries = new Map<string, { value: unknown; expires: number }>()

export async function cached<T>(key: string, ttlMs: number, load: () => PromiseLike<T>): Promise<T> {
  const hit = entries.get(key)
  if (hit && hit.expires > Date.now()) return hit.value as T
  const value = await load()
  entries.set(key, { value, expires: Date.now() + ttlMs })
  return value
}

/** Forgets every cached entry (after reference data changed). */
export function clearCache(): void {
  entries.clear()
}
