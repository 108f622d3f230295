import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../../tests/helpers'
import type { Database } from '../../../platform/db'
import { gazetteers } from '../understanding.tables'
import { gazetteerExport, gazetteerStatus } from './cli'
import { extractAddress } from './extract'
import { loadActiveGazetteer, saveGazetteer } from './gazetteer.store'
import { importOsm } from './import-osm'

let database: Database
beforeAll(async () => {
  database = await openTestDatabase()
})
afterAll(() => database.close())

describe('gazetteer storage', () => {
  it('saves an import as the only active gazetteer and loads its index', async () => {
    const { doc, report } = await importOsm(path.join(import.meta.dirname, 'fixtures', 'city.osm'))
    const first = await saveGazetteer(database.db, doc, { source: 'osm', title: 'тест 1', report })
    const second = await saveGazetteer(database.db, doc, { source: 'osm', title: 'тест 2', report })
    const active = await database.db
      .select({ id: gazetteers.id })
      .from(gazetteers)
      .where(eq(gazetteers.active, true))
    expect(active.map((r) => r.id)).toEqual([second])
    expect(first).not.toBe(second)
    const gaz = await loadActiveGazetteer(database.db)
    expect(gaz.street('улица Николаева')?.houses.has('12 к2')).toBe(true)
    expect(extractAddress('ул. Николаева 12к2', gaz).district).toBe('leninskiy')
    expect((await gazetteerStatus(database.db))[0]).toContain(`№ ${second}`)
    expect(JSON.parse(await gazetteerExport(database.db)).streets).toHaveLength(2)
    // Back to the demo gazetteer for the other tests of the run.
    await database.db.update(gazetteers).set({ active: false }).where(eq(gazetteers.id, second))
    expect((await loadActiveGazetteer(database.db)).street('улица 25 Сентября')).not.toBeNull()
  })
})
