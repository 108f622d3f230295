import { sql } from 'drizzle-orm'
import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { appeals } from '../appeals/appeals.tables'
import { districts } from '../geo/geo.tables'
import { units } from '../org/org.tables'
import { sectors, topics } from '../reference/reference.tables'
import { users } from '../users/users.tables'

/**
 * The responsibility matrix: ordered rules sector × topic × district × object type → executor unit,
 * co-executors and the curating deputy. A null condition means «любой»; the first matching rule wins,
 * and the last one is the default (every condition null). Validated as a whole before every save.
 */
export const responsibilityRules = pgTable(
  'responsibility_rule',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    position: integer('position').notNull(),
    sectorCode: text('sector_code').references(() => sectors.code),
    topicCode: text('topic_code').references(() => topics.code),
    districtCode: text('district_code').references(() => districts.code),
    /** A code from reference/responsibility.json `objectTypes` (e.g. «дорога регионального значения»). */
    objectType: text('object_type'),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    coExecutorIds: integer('co_executor_ids').array().notNull().default(sql`'{}'::integer[]`),
    deputyUserId: uuid('deputy_user_id').references(() => users.id),
    note: text('note'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [index('responsibility_rule_position_idx').on(t.position)],
)

/** Co-executors of an appeal: units that take part in the work and see the appeal in their scope. */
export const appealCoExecutors = pgTable(
  'appeal_co_executor',
  {
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.appealId, t.unitId] }),
    index('appeal_co_executor_unit_idx').on(t.unitId, t.appealId),
  ],
)
