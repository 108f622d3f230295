import { boolean, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core'

/** Sector blocks (Дороги, ЖКХ, …): reference data loaded from reference/sectors.json. */
export const sectors = pgTable('sector', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sort: smallint('sort').notNull().default(0),
})

/** Topics inside a sector, with the ТОТКО code where one fits. */
export const topics = pgTable('topic', {
  code: text('code').primaryKey(),
  sectorCode: text('sector_code')
    .notNull()
    .references(() => sectors.code),
  name: text('name').notNull(),
  totko: text('totko'),
  /** A retired topic names its successor: old appeals keep their topic, new ones get the successor. */
  replacedBy: text('replaced_by'),
  sort: smallint('sort').notNull().default(0),
})

export const channels = pgTable('channel', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  defaultRegime: text('default_regime').notNull(),
  enabled: boolean('enabled').notNull().default(true),
})

/** Legal regimes; `prefix` starts registration numbers. Deadline rules are in reference/deadlines.json (modules/deadlines). */
export const regimes = pgTable('regime', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull().unique(),
  /** Days from receipt within which the item must be registered (59-ФЗ ст. 8 ч. 2: 3); null — no rule. */
  registrationDays: integer('registration_days'),
  description: text('description').notNull(),
})

/** Appeal statuses: a data table, not an enum, so a regulation change is a data change. */
export const statuses = pgTable('status', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  publicName: text('public_name').notNull(),
  isFinal: boolean('is_final').notNull().default(false),
  /** Open statuses count towards "in work" and can become overdue. */
  isOpen: boolean('is_open').notNull().default(true),
  sort: smallint('sort').notNull().default(0),
})

/** Allowed transitions: which action moves which status where, and who may do it. */
export const statusTransitions = pgTable(
  'status_transition',
  {
    action: text('action').notNull(),
    fromStatus: text('from_status')
      .notNull()
      .references(() => statuses.code),
    toStatus: text('to_status')
      .notNull()
      .references(() => statuses.code),
    roles: text('roles').array().notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.action, t.fromStatus] })],
)
