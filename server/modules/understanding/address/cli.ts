/**
 * What the `veche gazetteer …` commands do, as functions the CLI calls: import an OpenStreetMap extract
 * or ГАР files (merged into the active gazetteer when asked), export the active document, show status.
 */
import fs from 'node:fs'
import type { Db } from '../../../platform/db'
import { Gazetteer, type GazetteerDoc } from './gazetteer'
import { activeGazetteerDoc, listGazetteers, saveGazetteer } from './gazetteer.store'
import { importGar } from './import-gar'
import { importOsm } from './import-osm'
import type { ImportReport, Progress } from './import-report'
import { mergeGazetteers } from './merge'

export interface GazetteerImportOptions {
  kind: 'osm' | 'gar'
  /** An .osm file, or a directory with a region's ГАР XML files. */
  path: string
  title?: string
  /** ГАР: the city (OBJECTID or name); OSM: the city's name when the extract has no place=city node. */
  city?: { objectId?: string; name?: string }
  /** Add the import to the active gazetteer instead of replacing it (ГАР houses onto OSM streets). */
  merge?: boolean
  onProgress?: Progress
}

/** Imports a gazetteer, stores it as the active one and returns the import report with the new id. */
export async function gazetteerImport(
  db: Db,
  opts: GazetteerImportOptions,
): Promise<ImportReport & { id: number }> {
  const current = await activeGazetteerDoc(db)
  let result: { doc: GazetteerDoc; report: ImportReport }
  if (opts.kind === 'osm') {
    result = await importOsm(opts.path, { city: opts.city?.name, onProgress: opts.onProgress })
  } else {
    const city = opts.city ?? { name: current.doc.city.name }
    result = await importGar(opts.path, {
      city,
      districts: current.doc.districts,
      onProgress: opts.onProgress,
    })
  }
  if (!result.report.streets)
    throw new Error(`В ${opts.path} не найдено ни одной улицы — справочник не изменён`)
  let doc = result.doc
  if (opts.merge) doc = mergeGazetteers(current.doc, result.doc).doc
  Gazetteer.fromDoc(doc) // fails here, before saving, if the document cannot be indexed
  const id = await saveGazetteer(db, doc, {
    source: opts.kind,
    title: opts.title ?? `${opts.kind === 'osm' ? 'OpenStreetMap' : 'ГАР'}: ${opts.path}`,
    report: result.report,
  })
  return { ...result.report, id }
}

/** Writes the active gazetteer document (the demo one when none was imported) to a file or returns it. */
export async function gazetteerExport(db: Db, out?: string): Promise<string> {
  const { doc } = await activeGazetteerDoc(db)
  const json = `${JSON.stringify(doc)}\n`
  if (out) fs.writeFileSync(out, json)
  return json
}

/** Lines for `veche gazetteer status`: every stored gazetteer and the active one's counts. */
export async function gazetteerStatus(db: Db): Promise<string[]> {
  const rows = await listGazetteers(db)
  const { id, doc } = await activeGazetteerDoc(db)
  const stats = Gazetteer.fromDoc(doc).stats()
  const lines = [
    id === null
      ? 'Активен демо-справочник (reference/gazetteer/smolensk-demo.json): импорта ещё не было.'
      : `Активен справочник № ${id}.`,
    `Улиц: ${stats.streets}, домов: ${stats.houses}, ориентиров: ${stats.landmarks}, районов: ${stats.districts}.`,
  ]
  for (const r of rows) {
    lines.push(
      `${r.active ? '*' : ' '} № ${r.id}  ${r.importedAt.toISOString().slice(0, 16).replace('T', ' ')}  ${r.source}  ${r.title}`,
    )
  }
  return lines
}
