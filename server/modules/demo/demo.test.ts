import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CHANNEL_CODES, REGIME_CODES, SECTOR_CODES } from '../../../common/domain'
import { districtAt, loadDemoCity, loadTopics, pointInRing, TOTKO_REGEX } from './demo-city'
import { generateDemoAppeals } from './generate-appeals'

const NOW = new Date('2026-11-27T09:00:00Z')
const city = loadDemoCity()
const topics = loadTopics()

describe('the demo city', () => {
  it('has three districts whose polygons contain their centres and their streets', () => {
    expect(city.districts.map((d) => d.code).sort()).toEqual(['leninsky', 'promyshlenny', 'zadneprovsky'])
    for (const d of city.districts) expect(pointInRing(d.center[0], d.center[1], d.polygon)).toBe(true)
    for (const s of city.streets)
      for (const p of s.points) expect(districtAt(city, p[0], p[1]), s.name).toBe(s.district)
  })

  it('has a responsible unit for every sector and the eight demo users', () => {
    for (const sector of SECTOR_CODES)
      expect(
        city.units.some((u) => u.sectors.includes(sector)),
        sector,
      ).toBe(true)
    expect(city.users.map((u) => u.login).sort()).toEqual([
      'admin',
      'coordinator',
      'cur',
      'deputy',
      'executor',
      'head',
      'operator',
      'unit_head',
    ])
    expect(city.units.find((u) => u.code === 'ugkh')?.sectors).toContain('housing')
  })

  it('uses only official ТОТКО codes for topics', () => {
    const official = fs.readFileSync(
      new URL('../../../../shared/data/classifiers/typical_classifier_municipal_subset.csv', import.meta.url),
      'utf8',
    )
    for (const t of topics.filter((x) => x.totko)) {
      expect(t.totko).toMatch(TOTKO_REGEX)
      expect(official, `${t.code} ${t.totko}`).toContain(t.totko as string)
    }
  })
})

describe('the demo appeals', () => {
  const items = generateDemoAppeals({ seed: 7, count: 6000, now: NOW })

  it('are deterministic for a seed and mostly distinct', () => {
    const again = generateDemoAppeals({ seed: 7, count: 20, now: NOW })
    expect(again.map((a) => a.text)).toEqual(items.slice(0, 20).map((a) => a.text))
    expect(new Set(items.map((a) => a.text)).size / items.length).toBeGreaterThan(0.9)
  })

  it('lie in the year before now, with a coherent regime, channel, topic and place', () => {
    const topicCodes = new Set(topics.map((t) => t.code))
    for (const a of items) {
      expect(a.registeredAt.getTime()).toBeLessThanOrEqual(NOW.getTime())
      expect(NOW.getTime() - a.registeredAt.getTime()).toBeLessThan(366 * 86_400_000)
      expect(a.receivedAt.getTime()).toBeLessThanOrEqual(a.registeredAt.getTime())
      if (a.regime === 'fz59')
        expect(a.registeredAt.getTime() - a.receivedAt.getTime()).toBeLessThanOrEqual(3 * 86_400_000)
      expect(REGIME_CODES).toContain(a.regime)
      expect(CHANNEL_CODES).toContain(a.channel)
      if (['vk', 'ok', 'telegram'].includes(a.channel)) expect(a.regime).toBe('incident')
      if (a.channel === 'email') expect(a.regime).toBe('message')
      expect(topicCodes.has(a.topicCode)).toBe(true)
      expect(city.units.find((u) => u.code === a.unitCode)?.sectors).toContain(a.sectorCode)
      if (a.lat !== null && a.lon !== null) expect(districtAt(city, a.lat, a.lon)).toBe(a.districtCode)
      if (a.answeredAt) expect(a.answeredAt.getTime()).toBeGreaterThan(a.registeredAt.getTime())
      if (a.rating !== null) expect(a.rating).toBeGreaterThanOrEqual(1)
    }
  })

  it('follow the seasons: heating in January, none in July', () => {
    const month = (a: (typeof items)[number]) =>
      new Date(a.registeredAt.getTime() + 3 * 3_600_000).getUTCMonth()
    const heating = items.filter((a) => a.topicCode === 'housing_heating')
    expect(heating.filter((a) => month(a) === 0).length).toBeGreaterThan(
      5 * Math.max(1, heating.filter((a) => month(a) === 6).length),
    )
  })

  it('are mostly finished when old and mostly open when fresh', () => {
    const old = items.filter((a) => NOW.getTime() - a.registeredAt.getTime() > 60 * 86_400_000)
    const finished = old.filter((a) =>
      ['answered', 'rated', 'closed', 'rejected', 'redirected'].includes(a.status),
    )
    expect(finished.length / old.length).toBeGreaterThan(0.95)
    const share45 =
      items.filter((a) => a.rating !== null && a.rating >= 4).length /
      items.filter((a) => a.rating !== null).length
    expect(share45).toBeGreaterThan(0.5)
    expect(share45).toBeLessThan(0.8)
  })
})
