import { asc, isNull } from 'drizzle-orm'
import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { districts } from '../geo/geo.tables'
import { units } from '../org/org.tables'
import { getReferenceLists } from './reference.service'

const ZCodeName = z.object({ code: z.string(), name: z.string() })

/** Lookups for the UI's selects, and the public client configuration. */
export async function referenceRoutes(app: App, ctx: AppContext) {
  app.get(
    '/config',
    {
      schema: {
        tags: ['Справочники'],
        summary: 'Настройки клиента (публично)',
        response: {
          200: z.object({
            cityName: z.string(),
            mapCenter: z.tuple([z.number(), z.number()]),
            mapZoom: z.number(),
            tileUrl: z.string().nullable(),
          }),
        },
      },
    },
    async () => ({
      cityName: 'Смоленск',
      mapCenter: [54.7826, 32.0453] as [number, number],
      mapZoom: 12,
      tileUrl: ctx.env.VECHE_TILE_URL ?? null,
    }),
  )
  app.get(
    '/reference',
    {
      schema: {
        tags: ['Справочники'],
        summary: 'Справочники: районы, секторы, темы, подразделения, статусы, каналы, режимы',
        response: {
          200: z.object({
            districts: z.array(ZCodeName),
            sectors: z.array(ZCodeName),
            topics: z.array(
              z.object({
                code: z.string(),
                sector: z.string(),
                name: z.string(),
                totko: z.string().nullable(),
              }),
            ),
            units: z.array(
              z.object({
                id: z.number(),
                code: z.string(),
                name: z.string(),
                shortName: z.string(),
                sectors: z.array(z.string()),
                level: z.string(),
                kind: z.string(),
              }),
            ),
            statuses: z.array(
              z.object({ code: z.string(), name: z.string(), publicName: z.string(), isFinal: z.boolean() }),
            ),
            channels: z.array(ZCodeName),
            regimes: z.array(ZCodeName),
          }),
        },
      },
    },
    async (req) => {
      requireActor(req)
      const db = ctx.database.db
      const lists = await getReferenceLists(db)
      const districtRows = await db
        .select({ code: districts.code, name: districts.name })
        .from(districts)
        .orderBy(asc(districts.name))
      const unitRows = await db.select().from(units).where(isNull(units.deletedAt)).orderBy(asc(units.name))
      return {
        districts: districtRows,
        sectors: lists.sectors.map((s) => ({ code: s.code, name: s.name })),
        topics: lists.topics.map((t) => ({
          code: t.code,
          sector: t.sectorCode,
          name: t.name,
          totko: t.totko,
        })),
        units: unitRows.map((u) => ({
          id: u.id,
          code: u.code,
          name: u.name,
          shortName: u.shortName,
          sectors: u.sectors,
          level: u.level,
          kind: u.kind,
        })),
        statuses: lists.statuses.map((s) => ({
          code: s.code,
          name: s.name,
          publicName: s.publicName,
          isFinal: s.isFinal,
        })),
        channels: lists.channels.map((c) => ({ code: c.code, name: c.name })),
        regimes: lists.regimes.map((r) => ({ code: r.code, name: r.name })),
      }
    },
  )
}
