import { doublePrecision, jsonb, pgTable, text } from 'drizzle-orm/pg-core'

/** City districts with their boundary (GeoJSON polygon ring, [lon, lat]). */
export const districts = pgTable('district', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  centerLat: doublePrecision('center_lat').notNull(),
  centerLon: doublePrecision('center_lon').notNull(),
  polygon: jsonb('polygon').$type<[number, number][]>().notNull(),
})

/** The city gazetteer's streets; points are samples along the street used for reverse geocoding. */
export const streets = pgTable('street', {
  name: text('name').primaryKey(),
  shortName: text('short_name').notNull(),
  districtCode: text('district_code')
    .notNull()
    .references(() => districts.code),
  points: jsonb('points').$type<[number, number][]>().notNull(),
})
