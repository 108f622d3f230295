import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractAddress } from './extract'
import { Gazetteer } from './gazetteer'
import { demoGazetteer, demoGazetteerDoc } from './gazetteer.store'
import { importGar } from './import-gar'
import { importOsm, normaliseHouseNumber } from './import-osm'
import { mergeGazetteers } from './merge'
import { scanBuffer } from './xml-scan'

const FIXTURES = path.join(import.meta.dirname, 'fixtures')

describe('importOsm', () => {
  it('reads streets, houses with districts by polygon, landmarks and reports what it skipped', async () => {
    const calls: number[] = []
    const { doc, report } = await importOsm(path.join(FIXTURES, 'city.osm'), {
      onProgress: (d, t) => calls.push(d / t),
    })
    expect(report).toMatchObject({ source: 'osm', streets: 2, houses: 5, landmarks: 2, districts: 2 })
    expect(report.skipped.map((s) => s.reason)).toEqual(
      expect.arrayContaining([
        'номер дома не распознан',
        'номер дома без addr:street (addr:place или без улицы)',
      ]),
    )
    expect(calls.at(-1)).toBe(1)
    expect(doc.city.name).toBe('Смоленск')
    const gaz = Gazetteer.fromDoc(doc)
    const nik = gaz.street('улица Николаева')
    expect([...(nik?.houses.keys() ?? [])].sort()).toEqual(['12', '12 к2', '14 к1'])
    expect(nik?.district).toBe('leninskiy')
    expect(gaz.street('проспект Гагарина')?.district).toBeNull() // crosses both districts
    expect(extractAddress('пр-т Гагарина 5а', gaz)).toMatchObject({ house: '5а', district: 'zadneprovskiy' })
    expect(extractAddress('у СОШ № 5', gaz).landmark).toBe('школа № 5')
    // The building outline's centroid is the house point.
    expect(nik?.houses.get('14 к1')).toMatchObject({ lat: 54.7725, lon: 32.0255 })
  })

  it('normalises OSM house numbers', () => {
    expect(normaliseHouseNumber('12к2')).toBe('12 к2')
    expect(normaliseHouseNumber('12 корп. 2')).toBe('12 к2')
    expect(normaliseHouseNumber('5А')).toBe('5а')
    expect(normaliseHouseNumber('12/3')).toBe('12/3')
    expect(normaliseHouseNumber('б/н')).toBeNull()
  })
})

describe('importGar', () => {
  it('reads one city: streets with types, houses with корпус/строение/литера, district from the hierarchy', async () => {
    const demo = demoGazetteerDoc()
    const { doc, report } = await importGar(path.join(FIXTURES, 'gar'), {
      city: { name: 'Смоленск' },
      districts: demo.districts,
    })
    expect(report).toMatchObject({ source: 'gar', streets: 3, houses: 5 })
    expect(report.skipped[0]).toMatchObject({ reason: 'дом не актуален (ISACTUAL/ISACTIVE = 0)', count: 1 })
    const names = doc.streets.map((s) => s.name).sort()
    expect(names).toEqual(['Краснинское шоссе', 'улица Большая Советская', 'улица Николаева'])
    const nik = doc.streets.find((s) => s.name === 'улица Николаева')
    expect(nik?.houses?.map((h) => h.number)).toEqual(['12', '12 к2', '14а стр1'])
    expect(nik?.district).toBe('leninsky') // mapped onto the known district by name
    expect(doc.streets.find((s) => s.name === 'Краснинское шоссе')?.district).toBeNull()
    expect(doc.streets.find((s) => s.name === 'улица Большая Советская')?.houses?.[0].number).toBe('5 литА')
  })

  it('adds ГАР houses to the streets of another gazetteer with mergeGazetteers', async () => {
    const demo = demoGazetteerDoc()
    const { doc: gar } = await importGar(path.join(FIXTURES, 'gar'), {
      city: { name: 'Смоленск' },
      districts: demo.districts,
    })
    const { doc, report } = mergeGazetteers(demo, gar)
    expect(report.streets).toBe(0)
    expect(report.houses).toBeGreaterThan(0)
    const gaz = Gazetteer.fromDoc(doc)
    expect(gaz.street('улица Николаева')?.houses.has('14а стр1')).toBe(true)
    expect(extractAddress('ул. Николаева, д. 14а, стр. 1', gaz)).toMatchObject({
      house: '14а стр1',
      district: 'leninsky',
    })
  })

  it('refuses a directory without ГАР files', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gar-'))
    await expect(importGar(empty, { city: { name: 'Смоленск' } })).rejects.toThrow(/ГАР/)
    await expect(importGar(path.join(FIXTURES, 'gar'), { city: { name: 'Москва' } })).rejects.toThrow(
      /не найден/,
    )
  })
})

describe('reverse geocoding', () => {
  const gaz = demoGazetteer()
  it('finds the nearest house within 150 m with its street and district', () => {
    const h = gaz.street('улица Николаева')?.houses.get('12')
    const r = gaz.reverse((h?.lat ?? 0) + 0.0002, h?.lon ?? 0)
    expect(r).toMatchObject({ street: 'улица Николаева', district: 'leninsky' })
    expect(r.house).not.toBeNull()
    expect(r.distance).toBeLessThanOrEqual(150)
  })
  it('gives no street far from every street, but still the district', () => {
    const r = gaz.reverse(54.8, 31.95)
    expect(r.street).toBeNull()
    expect(r.district).toBe('zadneprovsky')
    expect(gaz.reverse(10, 10)).toMatchObject({ street: null, district: null })
  })
})

describe('xml scanner', () => {
  it('keeps a tag split across chunks and decodes entities', () => {
    const seen: string[] = []
    const h = { open: (n: string, a: Record<string, string>) => seen.push(`${n}:${a.v ?? ''}`) }
    const tail = scanBuffer('<a v="1"/><tag k="x" v="Дом &quot;5', h)
    scanBuffer(`${tail}&quot; &gt; 4"/><!-- <b v="no"/> -->`, h)
    expect(seen).toEqual(['a:1', 'tag:Дом "5" > 4'])
  })
})
