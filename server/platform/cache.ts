/**
 * A small time-limited cache for reference data read on every request (statuses, transitions,
 * regimes, district boundaries). Reference data changes rarely and by sync/import, which clears it;
 * the TTL bounds how long another process can serve a stale copy.
 */
const entries = new Map<string, { value: Promise<unknown>; expires: number }>()

export function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const now = Date.now()
  const hit = entries.get(key)
  if (hit && hit.expires > now) return hit.value as Promise<T>
  // Awaited once here: a drizzle query is a thenable that runs again on every await.
  const value = (async () => await load())()
  entries.set(key, { value, expires: now + ttlMs })
  value.catch(() => entries.delete(key))
  return value
}

/** Forgets every cached entry (after reference data changed). */
export function clearCache(): void {
  entries.clear()
}
