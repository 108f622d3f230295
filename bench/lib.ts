/** What both benches share: percentiles, the result rows and the printed table. */

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
