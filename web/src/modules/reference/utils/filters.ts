import type { Reference, Topic, Unit } from '../api/reference'

/** Topics of one sector (none when no sector is chosen). */
export function topicsForSector(reference: Reference, sectorCode: string): Topic[] {
  if (!sectorCode) return []
  return reference.topics.filter((topic) => topic.sector === sectorCode)
}

/** Units that work on a sector (none when no sector is chosen). */
export function unitsForSector(reference: Reference, sectorCode: string): Unit[] {
  if (!sectorCode) return []
  return reference.units.filter((unit) => unit.sectors.includes(sectorCode))
}
