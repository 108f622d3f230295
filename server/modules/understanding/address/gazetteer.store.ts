/**
 * Gazetteers in the database (table `gazetteer`): the active one is what the understanding step reads;
 * without any the shipped demo gazetteer of Smolensk is used. Saving makes the new one active in the same
 * transaction, so readers see either the old or the new gazetteer, never none.
 */
import fs from 'node:fs'
import { desc, eq } from 'drizzle-orm'
import type { Db, Queryable } from '../../../platform/db'
import { gazetteers } from '../understanding.tables'
import { Gazetteer, type GazetteerDoc } from './gazetteer'
import type { ImportReport } from './import-report'

const DEMO_FILE = new URL('../../../../reference/gazetteer/smolensk-demo.json', import.meta.url)

let demo: Gazetteer | null = null

/** The shipped demo gazetteer of Smolensk (loaded once). */
export function demoGazetteer(): Gazetteer {
  if (!demo) demo = Gazetteer.fromDoc(demoGazetteerDoc())
  return demo
}

/** The demo gazetteer's document, read from reference/gazetteer/smolensk-demo.json. */
export function demoGazetteerDoc(): GazetteerDoc {
  return JSON.parse(fs.readFileSync(DEMO_FILE, 'utf8')) as GazetteerDoc
}

// The index is built once per active row; a new import changes the id and rebuilds it.
let active: { id: number; gaz: Gazetteer } | null = null

/** The active gazetteer's index (cached by row id), or the demo one when none was imported. */
export async function loadActiveGazetteer(db: Queryable): Promise<Gazetteer> {
  const [head] = await db
    .select({ id: gazetteers.id })
    .from(gazetteers)
    .where(eq(gazetteers.active, true))
    .limit(1)
  if (!head) return demoGazetteer()
  if (active?.id === head.id) return active.gaz
  const [row] = await db.select({ doc: gazetteers.doc }).from(gazetteers).where(eq(gazetteers.id, head.id))
  const gaz = Gazetteer.fromDoc(row.doc as unknown as GazetteerDoc)
  active = { id: head.id, gaz }
  return gaz
}

/** The active gazetteer document (the demo one when none was imported), e.g. for `veche gazetteer export`. */
export async function activeGazetteerDoc(db: Queryable): Promise<{ id: number | null; doc: GazetteerDoc }> {
  const [row] = await db
    .select({ id: gazetteers.id, doc: gazetteers.doc })
    .from(gazetteers)
    .where(eq(gazetteers.active, true))
    .limit(1)
  return row ? { id: row.id, doc: row.doc as unknown as GazetteerDoc } : { id: null, doc: demoGazetteerDoc() }
}

/** Stores a gazetteer and makes it the active one (one transaction); returns its id. */
export async function saveGazetteer(
  db: Db,
  doc: GazetteerDoc,
  meta: { source: string; title: string; report: ImportReport | Record<string, unknown> },
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.update(gazetteers).set({ active: false }).where(eq(gazetteers.active, true))
    const [row] = await tx
      .insert(gazetteers)
      .values({
        source: meta.source,
        title: meta.title,
        active: true,
        doc: doc as unknown as Record<string, unknown>,
        report: meta.report as unknown as Record<string, unknown>,
      })
      .returning({ id: gazetteers.id })
    return row.id
  })
}

/** Every stored gazetteer without its document: id, source, title, when, active, report. */
export async function listGazetteers(db: Queryable) {
  return db
    .select({
      id: gazetteers.id,
      source: gazetteers.source,
      title: gazetteers.title,
      importedAt: gazetteers.importedAt,
      active: gazetteers.active,
      report: gazetteers.report,
    })
    .from(gazetteers)
    .orderBy(desc(gazetteers.id))
}
