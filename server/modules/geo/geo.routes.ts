import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { districtsGeoJson, reverseGeocode } from './geo.service'

/** District boundaries for maps and reverse geocoding of a map pin. */
export async function geoRoutes(app: App, ctx: AppContext) {
  app.get(
    '/geo/districts',
    { schema: { tags: ['География'], summary: 'Границы районов (GeoJSON, публично)' } },
    async () => districtsGeoJson(ctx.database.db),
  )
  app.get(
    '/geo/reverse',
    {
      schema: {
        tags: ['География'],
        summary: 'Район и ближайшая улица для точки на карте',
        querystring: z
          .object({ lat: z.coerce.number().min(-90).max(90), lon: z.coerce.number().min(-180).max(180) })
          .strict(),
        response: {
          200: z.object({
            district: z.object({ code: z.string(), name: z.string() }).nullable(),
            addressText: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => {
      requireActor(req)
      return reverseGeocode(ctx.database.db, req.query.lat, req.query.lon)
    },
  )
}
