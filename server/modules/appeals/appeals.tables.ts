import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { districts } from '../geo/geo.tables'
import { units } from '../org/org.tables'
import { channels, regimes, sectors, statuses, topics } from '../reference/reference.tables'
import { users } from '../users/users.tables'

/** An appeal (59-ФЗ обращение), a ПОС message, a social-network incident or another message. */
export const appeals = pgTable(
  'appeal',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    regNumber: text('reg_number').notNull().unique(),
    regime: text('regime')
      .notNull()
      .references(() => regimes.code),
    channel: text('channel')
      .notNull()
      .references(() => channels.code),
    /** The id the channel gave the item; with `channel` it makes intake exactly-once. */
    externalId: text('external_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    text: text('text').notNull(),
    addressText: text('address_text'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    districtCode: text('district_code').references(() => districts.code),
    sectorCode: text('sector_code').references(() => sectors.code),
    topicCode: text('topic_code').references(() => topics.code),
    unitId: integer('unit_id').references(() => units.id),
    /**
     * The curating deputy named by the responsibility-matrix rule that applied when the appeal was assigned (null:
     * the rule names none, so the deputy whose sectors include the appeal's sector curates). Kept, so a later matrix
     * change does not move the escalation of appeals already in work.
     */
    curatorId: uuid('curator_id').references(() => users.id),
    status: text('status')
      .notNull()
      .references(() => statuses.code),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** Set once by the deadline sweep when the appeal became overdue (with the unit that held it). */
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    urgent: boolean('urgent').notNull().default(false),
    isCollective: boolean('is_collective').notNull().default(false),
    /** SHA-256 of the citizen's tracking code; the code itself is shown once. */
    trackingCodeHash: text('tracking_code_hash').notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /**
     * The incident this appeal belongs to: the id of its main appeal (the main itself has null). Always the
     * main, never another member, so an incident is one level deep and its members are one index lookup.
     */
    duplicateOf: bigint('duplicate_of', { mode: 'number' }).references((): AnyPgColumn => appeals.id),
  },
  (t) => [
    uniqueIndex('appeal_channel_external_uq').on(t.channel, t.externalId),
    index('appeal_duplicate_of_idx').on(t.duplicateOf).where(sql`${t.duplicateOf} is not null`),
    index('appeal_registered_at_idx').on(t.registeredAt),
    index('appeal_status_due_idx').on(t.status, t.dueAt),
    index('appeal_unit_status_idx').on(t.unitId, t.status),
    index('appeal_sector_idx').on(t.sectorCode, t.registeredAt),
    index('appeal_rated_at_idx').on(t.ratedAt),
    index('appeal_answered_at_idx').on(t.answeredAt),
    // The urgent sweep (escalation/urgent.sweep.ts) reads the open urgent appeals only.
    index('appeal_urgent_status_idx').on(t.status).where(sql`${t.urgent}`),
    check('appeal_rating_check', sql`${t.rating} between 1 and 5`),
    check('appeal_lat_check', sql`${t.lat} between -90 and 90`),
    check('appeal_lon_check', sql`${t.lon} between -180 and 180`),
    check('appeal_duplicate_of_check', sql`${t.duplicateOf} <> ${t.id}`),
  ],
)

/** Applicants: one or more per appeal (collective appeals, 59-ФЗ ст. 2). */
export const applicants = pgTable(
  'applicant',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    position: smallint('position').notNull().default(0),
    fullName: text('full_name'),
    phone: text('phone'),
    email: text('email'),
    postalAddress: text('postal_address'),
    /** Handle in a social network or messenger, e.g. '@ivan_smol' or a Telegram chat id. */
    handle: text('handle'),
  },
  (t) => [
    index('applicant_appeal_idx').on(t.appealId),
    index('applicant_phone_idx').on(t.phone),
    // The understanding sweep finds the same person's earlier appeals by e-mail or handle (repeat appeals).
    index('applicant_email_idx').on(sql`lower(${t.email})`),
    index('applicant_handle_idx').on(t.handle),
  ],
)

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

export const attachments = pgTable(
  'attachment',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    /** The file itself: PostgreSQL is the only store, so a backup of the database is a backup of everything. */
    content: bytea('content'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachment_appeal_idx').on(t.appealId)],
)

/**
 * Append-only history of an appeal, written in the same transaction as each change.
 * It is both the audit log and (rows with public = true) the citizen-visible history;
 * a trigger in the migration forbids UPDATE and DELETE.
 */
export const appealEvents = pgTable(
  'appeal_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    type: text('type').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    public: boolean('public').notNull().default(false),
  },
  (t) => [
    index('appeal_event_appeal_idx').on(t.appealId, t.id),
    check('appeal_event_actor_check', sql`${t.actorKind} in ('user','citizen','system')`),
  ],
)

/** Registration numbers per regime and year: О-2026-000123. */
export const regCounters = pgTable(
  'reg_counter',
  {
    regime: text('regime').notNull(),
    year: smallint('year').notNull(),
    lastValue: integer('last_value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regime, t.year] })],
)
