/**
 * Imports streets and houses of one city from a region's ГАР/ФИАС XML (AS_ADDR_OBJ_*, AS_HOUSES_*,
 * AS_ADM_HIERARCHY_* or AS_MUN_HIERARCHY_*, AS_ADDR_OBJ_TYPES_* when present). ГАР has no coordinates:
 * houses get a district only when the hierarchy places their street inside an intracity district.
 * The hierarchy of a region holds every flat, so it is streamed twice and only the needed links are kept.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { GazetteerDistrict, GazetteerDoc, GazetteerStreet } from './gazetteer'
import { districtCode, normaliseHouseNumber } from './import-osm'
import { type ImportReport, type Progress, SkipCounter } from './import-report'
import { nameParts } from './names'
import { scanXml } from './xml-scan'

export interface GarImportOptions {
  /** The city: its OBJECTID, or its name (an actual object of level 4–6 with this NAME). */
  city: { objectId?: string; name?: string }
  /** Known districts (e.g. of the OSM gazetteer) to map ГАР intracity districts onto by name. */
  districts?: GazetteerDistrict[]
  onProgress?: Progress
}

interface AddrObject {
  name: string
  typename: string
  level: number
}

/** ГАР short type names → full street type words (used when AS_ADDR_OBJ_TYPES is absent). */
const SHORT_TYPES: Record<string, string> = {
  ул: 'улица',
  'пр-кт': 'проспект',
  пр: 'проспект',
  пер: 'переулок',
  'б-р': 'бульвар',
  ш: 'шоссе',
  пл: 'площадь',
  наб: 'набережная',
  'пр-д': 'проезд',
  проезд: 'проезд',
  мкр: 'микрорайон',
  туп: 'тупик',
  спуск: 'спуск',
  линия: 'линия',
  аллея: 'аллея',
  тракт: 'тракт',
  'кв-л': 'квартал',
  тер: 'территория',
  'тер.': 'территория',
  снт: 'садовое товарищество',
  'дор.': 'дорога',
  дор: 'дорога',
  въезд: 'въезд',
  просек: 'просек',
}
const DISTRICT_TYPES = new Set(['р-н', 'район', 'вн.р-н', 'вн.тер.г.', 'ао', 'округ'])
// ADDTYPE1/ADDTYPE2 of AS_HOUSES (AS_ADDHOUSE_TYPES): 1 корпус, 2 строение, 3 сооружение, 4 литера.
const ADD_TYPES: Record<string, string> = { '1': 'корп', '2': 'стр', '3': 'стр', '4': 'лит' }
const ADJECTIVE_RE = /(ая|яя|ый|ий|ой|ое|ее)$/

/** Reads the ГАР files of a region directory into a gazetteer document of one city. */
export async function importGar(
  dir: string,
  opts: GarImportOptions,
): Promise<{ doc: GazetteerDoc; report: ImportReport }> {
  const files = listFiles(dir)
  const pick = (re: RegExp) => files.filter((f) => re.test(path.basename(f)))
  const objFiles = pick(/^AS_ADDR_OBJ_\d/i)
  const typeFiles = pick(/^AS_ADDR_OBJ_TYPES_\d/i)
  const houseFiles = pick(/^AS_HOUSES_\d/i)
  let hierFiles = pick(/^AS_ADM_HIERARCHY_\d/i)
  if (!hierFiles.length) hierFiles = pick(/^AS_MUN_HIERARCHY_\d/i)
  if (!objFiles.length || !houseFiles.length || !hierFiles.length) {
    throw new Error(
      `В каталоге ${dir} нет файлов ГАР AS_ADDR_OBJ_*, AS_HOUSES_* и AS_ADM_HIERARCHY_*/AS_MUN_HIERARCHY_*`,
    )
  }
  const skipped = new SkipCounter()
  const all = [...typeFiles, ...objFiles, ...hierFiles, ...hierFiles, ...houseFiles]
  const sizes = all.map((f) => fs.statSync(f).size)
  const total = sizes.reduce((s, x) => s + x, 0)
  let before = 0
  const scan = async (file: string, open: (name: string, a: Record<string, string>) => void) => {
    const at = before
    await scanXml(file, { open }, (done) => opts.onProgress?.(at + done, total))
    before += fs.statSync(file).size
  }
  const active = (a: Record<string, string>) => a.ISACTIVE !== '0' && a.ISACTUAL !== '0'

  const types = new Map<string, string>()
  for (const f of typeFiles)
    await scan(f, (name, a) => {
      if (name === 'ADDRESSOBJECTTYPE' && a.SHORTNAME && a.NAME && a.ISACTIVE !== 'false')
        types.set(`${a.LEVEL}:${a.SHORTNAME}`, a.NAME.toLowerCase())
    })
  const objects = new Map<string, AddrObject>()
  for (const f of objFiles)
    await scan(f, (name, a) => {
      if (name !== 'OBJECT' || !a.OBJECTID) return
      if (!active(a)) return
      objects.set(a.OBJECTID, { name: a.NAME ?? '', typename: a.TYPENAME ?? '', level: Number(a.LEVEL) })
    })
  let cityId = opts.city.objectId ?? null
  if (!cityId && opts.city.name) {
    const want = opts.city.name.toLowerCase()
    for (const [id, o] of objects)
      if (o.level >= 4 && o.level <= 6 && o.name.toLowerCase() === want) cityId = id
  }
  if (!cityId || !objects.has(cityId))
    throw new Error(`Город ${opts.city.name ?? opts.city.objectId} не найден в ГАР`)

  // Pass A: the parents of address objects (streets, districts, the city itself).
  const parent = new Map<string, string>()
  for (const f of hierFiles)
    await scan(f, (name, a) => {
      if (name === 'ITEM' && a.ISACTIVE !== '0' && objects.has(a.OBJECTID) && a.PARENTOBJID)
        parent.set(a.OBJECTID, a.PARENTOBJID)
    })
  const streetDistrict = new Map<string, string | null>()
  const districtNames = new Map<string, string>()
  for (const [id, o] of objects) {
    if (o.level !== 7 && o.level !== 8) continue
    let district: string | null = null
    let inCity = false
    for (let p = parent.get(id), guard = 0; p && guard < 12; p = parent.get(p), guard++) {
      if (p === cityId) {
        inCity = true
        break
      }
      const po = objects.get(p)
      if (po && DISTRICT_TYPES.has(po.typename.toLowerCase())) {
        district = districtFor(po.name, opts.districts)
        districtNames.set(district, po.name.includes('район') ? po.name : `${po.name} район`)
      }
    }
    if (inCity) streetDistrict.set(id, district)
  }

  // Pass B: which houses stand on those streets.
  const houseStreet = new Map<string, string>()
  for (const f of hierFiles)
    await scan(f, (name, a) => {
      if (name === 'ITEM' && a.ISACTIVE !== '0' && streetDistrict.has(a.PARENTOBJID))
        houseStreet.set(a.OBJECTID, a.PARENTOBJID)
    })

  const streets = new Map<string, GazetteerStreet>()
  for (const [id, district] of streetDistrict) {
    const o = objects.get(id)
    if (!o) continue
    const type = types.get(`${o.level}:${o.typename}`) ?? SHORT_TYPES[o.typename.toLowerCase()] ?? null
    if (!type) skipped.add(`тип улицы «${o.typename}» неизвестен`, id)
    const typeWord = type ?? o.typename
    const name =
      ADJECTIVE_RE.test(o.name) && !o.name.includes(' ') ? `${o.name} ${typeWord}` : `${typeWord} ${o.name}`
    streets.set(id, {
      name,
      type,
      core: nameParts(o.name).core,
      aliases: [],
      district,
      points: [],
      houses: [],
    })
  }
  let houses = 0
  for (const f of houseFiles)
    await scan(f, (name, a) => {
      if (name !== 'HOUSE') return
      const street = houseStreet.get(a.OBJECTID)
      if (!street) return
      if (!active(a)) {
        skipped.add('дом не актуален (ISACTUAL/ISACTIVE = 0)', a.OBJECTID)
        return
      }
      let raw = a.HOUSENUM ?? ''
      for (const [num, type] of [
        [a.ADDNUM1, a.ADDTYPE1],
        [a.ADDNUM2, a.ADDTYPE2],
      ]) {
        if (num) raw += ` ${ADD_TYPES[type ?? ''] ?? 'корп'} ${num}`
      }
      const number = raw ? normaliseHouseNumber(raw) : null
      if (!number) {
        skipped.add('номер дома не распознан', a.OBJECTID)
        return
      }
      const s = streets.get(street)
      if (!s || s.houses?.some((h) => h.number === number)) return
      s.houses?.push({ number, lat: null, lon: null, district: s.district ?? null })
      houses++
    })
  const doc: GazetteerDoc = {
    version: 1,
    note: `Импорт ГАР ФИАС ${new Date().toISOString().slice(0, 10)}: ${objects.get(cityId)?.name}; без координат`,
    city: { name: objects.get(cityId)?.name ?? '', localities: [] },
    districts: opts.districts?.length
      ? opts.districts
      : [...districtNames].map(([code, name]) => ({ code, name })),
    streets: [...streets.values()],
    landmarks: [],
  }
  return {
    doc,
    report: {
      source: 'gar',
      streets: streets.size,
      houses,
      landmarks: 0,
      districts: doc.districts.length,
      skipped: skipped.list(),
    },
  }
}

function districtFor(name: string, known: GazetteerDistrict[] | undefined): string {
  const code = districtCode(name)
  const hit = known?.find((d) => districtCode(d.name) === code || d.code === code)
  return hit?.code ?? code
}

function listFiles(dir: string): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...listFiles(p))
    else if (/\.xml$/i.test(e.name)) out.push(p)
  }
  return out.sort()
}
