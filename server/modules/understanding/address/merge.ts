/**
 * Merges two gazetteer documents: an ГАР import adds the houses (and streets) that an OpenStreetMap one
 * lacks. Streets are the same when their type and core stems agree, whatever the word order.
 */
import type { GazetteerDoc, GazetteerStreet } from './gazetteer'
import type { ImportReport } from './import-report'
import { nameParts } from './names'

const keyOf = (s: GazetteerStreet) => {
  const p = nameParts(s.name, s.type)
  return `${p.type ?? ''}|${p.stems.join(' ')}`
}

/** The base document with the extra one's missing streets, houses, aliases, districts and landmarks. */
export function mergeGazetteers(
  base: GazetteerDoc,
  extra: GazetteerDoc,
): { doc: GazetteerDoc; report: ImportReport } {
  const streets = base.streets.map((s) => ({
    ...s,
    aliases: [...(s.aliases ?? [])],
    houses: [...(s.houses ?? [])],
  }))
  const byKey = new Map(streets.map((s, i) => [keyOf(s), i]))
  let addedStreets = 0
  let addedHouses = 0
  for (const e of extra.streets) {
    const at = byKey.get(keyOf(e))
    if (at === undefined) {
      streets.push({ ...e, aliases: [...(e.aliases ?? [])], houses: [...(e.houses ?? [])] })
      byKey.set(keyOf(e), streets.length - 1)
      addedStreets++
      addedHouses += e.houses?.length ?? 0
      continue
    }
    const s = streets[at]
    if (e.name !== s.name && !s.aliases.includes(e.name)) s.aliases.push(e.name)
    for (const a of e.aliases ?? []) if (!s.aliases.includes(a) && a !== s.name) s.aliases.push(a)
    const have = new Set(s.houses.map((h) => h.number))
    for (const h of e.houses ?? []) {
      if (have.has(h.number)) continue
      s.houses.push({ ...h, district: h.district ?? s.district ?? null })
      have.add(h.number)
      addedHouses++
    }
  }
  const districts = [...base.districts]
  for (const d of extra.districts) if (!districts.some((x) => x.code === d.code)) districts.push(d)
  const landmarks = [...base.landmarks]
  for (const l of extra.landmarks) if (!landmarks.some((x) => x.name === l.name)) landmarks.push(l)
  return {
    doc: {
      ...base,
      note: [base.note, extra.note].filter(Boolean).join(' + '),
      districts,
      streets,
      landmarks,
    },
    report: {
      source: 'merge',
      streets: addedStreets,
      houses: addedHouses,
      landmarks: landmarks.length - base.landmarks.length,
      districts: districts.length - base.districts.length,
      skipped: [],
    },
  }
}
