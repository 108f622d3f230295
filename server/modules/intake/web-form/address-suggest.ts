import { cached } from '../../../platform/cache'
import type { Queryable } from '../../../platform/db'
import { districtsGeoJson, shortStreetName } from '../../geo/geo.service'
import { loadActiveGazetteer } from '../../understanding/address/gazetteer.store'

const normalize = (s: string) => s.toLowerCase().replaceAll('ё', 'е')
const words = (s: string) =>
  normalize(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)

/** A house number as people type it: 5, 12а, 7/2, 14к1. */
const HOUSE = /^\d{1,4}[а-я]?([/к]\d{1,3})?$/u

/**
 * Street suggestions from the city gazetteer for what the citizen typed: every word must begin a word
 * of the street's name («сов 12» → «ул. Большая Советская, 12»); a typed house number is kept.
 */
export async function suggestAddresses(db: Queryable, query: string, limit = 8) {
  // The active gazetteer (demo or imported), the one the understanding step reads; indexed in memory.
  const [gazetteer, districtNames] = await Promise.all([
    loadActiveGazetteer(db),
    cached('web-form:district-names', 60_000, async () => {
      const geo = await districtsGeoJson(db)
      return new Map(geo.features.map((f) => [f.properties.code, f.properties.name]))
    }),
  ])
  const typed = words(query)
  const house = typed.find((w) => HOUSE.test(w))
  const terms = typed.filter((w) => w !== house)
  if (terms.length === 0) return []
  const rows = gazetteer.streets.map((s) => ({
    name: s.name,
    shortName: shortStreetName(s.name),
    districtCode: s.district ?? '',
  }))
  return rows
    .map((s) => ({ s, nameWords: words(`${s.name} ${s.shortName}`) }))
    .filter(({ nameWords }) => terms.every((t) => nameWords.some((w) => w.startsWith(t))))
    .sort((a, b) => a.s.shortName.localeCompare(b.s.shortName, 'ru'))
    .slice(0, limit)
    .map(({ s }) => ({
      addressText: house ? `${s.shortName}, ${house}` : s.shortName,
      street: s.name,
      district: districtNames.has(s.districtCode)
        ? { code: s.districtCode, name: districtNames.get(s.districtCode) as string }
        : null,
    }))
}
