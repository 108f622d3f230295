import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  customType,
  index,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { appeals } from '../appeals/appeals.tables'
import { users } from '../users/users.tables'

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' })

/**
 * City gazetteers: the shipped demo one and imported ones (OpenStreetMap, ГАР/ФИАС). One is active;
 * the document holds streets (names, aliases, houses with points and districts) and landmarks.
 */
export const gazetteers = pgTable(
  'gazetteer',
  {
    id: serial('id').primaryKey(),
    source: text('source').notNull(),
    title: text('title').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    active: boolean('active').notNull().default(false),
    doc: jsonb('doc').$type<Record<string, unknown>>().notNull(),
    report: jsonb('report').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [uniqueIndex('gazetteer_one_active').on(t.active).where(sql`${t.active}`)],
)

/** Trained text models (sector, topic, request-vs-noise); one active per kind. */
export const models = pgTable(
  'model',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    version: text('version').notNull().unique(),
    trainedAt: timestamp('trained_at', { withTimezone: true }).notNull().defaultNow(),
    active: boolean('active').notNull().default(false),
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    content: bytea('content').notNull(),
  },
  (t) => [uniqueIndex('model_one_active').on(t.kind).where(sql`${t.active}`)],
)

/** What the understanding step made of an appeal (suggestions with confidences and reasons). */
export const appealUnderstanding = pgTable('appeal_understanding', {
  appealId: bigint('appeal_id', { mode: 'number' })
    .primaryKey()
    .references(() => appeals.id),
  modelVersion: text('model_version').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  result: jsonb('result').$type<Record<string, unknown>>().notNull(),
})

/** Every operator correction of an understanding suggestion: the city's confirmed history for `veche train`. */
export const understandingCorrections = pgTable(
  'understanding_correction',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    field: text('field').notNull(),
    predicted: text('predicted'),
    corrected: text('corrected'),
    modelVersion: text('model_version'),
    userId: uuid('user_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('understanding_correction_appeal_idx').on(t.appealId)],
)

export type ModelRow = typeof models.$inferSelect
export type GazetteerRow = typeof gazetteers.$inferSelect
