import { sql } from 'drizzle-orm'
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { districts } from '../geo/geo.tables'

/** Units of the administration, территориальные управления, municipal enterprises and regional bodies. */
export const units = pgTable(
  'unit',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    sectors: text('sectors').array().notNull().default(sql`'{}'::text[]`),
    districtCode: text('district_code').references(() => districts.code),
    email: text('email'),
    phone: text('phone'),
    headName: text('head_name'),
    workingHours: text('working_hours'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'unit_kind_check',
      sql`${t.kind} in ('administration','territorial','municipal_enterprise','regional','other')`,
    ),
    check('unit_level_check', sql`${t.level} in ('municipal','regional')`),
  ],
)
