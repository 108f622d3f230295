/**
 * The Russian form of a noun that goes with a number: pluralRu(1, 'день', 'дня', 'дней') → «день»,
 * 3 → «дня», 11 → «дней», 21 → «день». One rule for the server's messages and the web's.
 */
export function pluralRu(n: number, one: string, few: string, many: string): string {
  const m10 = Math.abs(n) % 10
  const m100 = Math.abs(n) % 100
  if (m10 === 1 && m100 !== 11) return one
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few
  return many
}
