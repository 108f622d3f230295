/** What an import of a gazetteer found and what it left out, with reasons. */
export interface ImportReport {
  source: 'osm' | 'gar' | 'merge'
  streets: number
  houses: number
  landmarks: number
  districts: number
  skipped: { reason: string; count: number; examples: string[] }[]
}

export type Progress = (done: number, total: number) => void

/** Counts skipped items by reason, keeping a few examples (ids) of each. */
export class SkipCounter {
  private readonly byReason = new Map<string, { count: number; examples: string[] }>()

  add(reason: string, example?: string) {
    let entry = this.byReason.get(reason)
    if (!entry) {
      entry = { count: 0, examples: [] }
      this.byReason.set(reason, entry)
    }
    entry.count++
    if (example && entry.examples.length < 5) entry.examples.push(example)
  }

  list(): ImportReport['skipped'] {
    return [...this.byReason].map(([reason, e]) => ({ reason, ...e })).sort((a, b) => b.count - a.count)
  }
}
