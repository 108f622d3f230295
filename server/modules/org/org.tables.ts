import { sql } from 'drizzle-orm'
import { type AnyPgColumn, check, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { districts } from '../geo/geo.tables'

/** A deputy or another contact person of a unit (the directory card lists them). */
export interface UnitContact {
  name: string
  position?: string | null
  phone?: string | null
  email?: string | null
}

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
    headPosition: text('head_position'),
    /** Deputies and other contacts: name, position, phone, e-mail. */
    contacts: jsonb('contacts').$type<UnitContact[]>().notNull().default(sql`'[]'::jsonb`),
    address: text('address'),
    parentId: integer('parent_id').references((): AnyPgColumn => units.id),
    workingHours: text('working_hours'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'unit_kind_check',
      sql`${t.kind} in ('administration','territorial','municipal_enterprise','regional','other')`,
    ),
    check('unit_level_check', sql`${t.level} in ('municipal','regional','federal')`),
    check('unit_parent_check', sql`${t.parentId} <> ${t.id}`),
  ],
)
