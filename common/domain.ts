/**
 * Codes shared by the server and the web UI. Human names, deadlines and transitions live in
 * reference data (reference/*.json and the database), not here: these are only the stable keys.
 */

export const SECTOR_CODES = [
  'roads',
  'housing',
  'education',
  'social',
  'transport',
  'waste',
  'improvement',
  'other',
] as const
export type SectorCode = (typeof SECTOR_CODES)[number]

/** Legal regime of an item: decides its deadlines and obligations (domain.md §1, §8.1). */
export const REGIME_CODES = ['fz59', 'pos', 'incident', 'message'] as const
export type RegimeCode = (typeof REGIME_CODES)[number]

export const CHANNEL_CODES = [
  'phone',
  'paper',
  'email',
  'web',
  'pos',
  'vk',
  'ok',
  'telegram',
  'open311',
  'import',
] as const
export type ChannelCode = (typeof CHANNEL_CODES)[number]

/** Channels that talk back: status changes and answers go out through them (their adapters in server/channels.ts). */
export const REPLYING_CHANNELS = [
  'pos',
  'telegram',
  'email',
  'vk',
  'ok',
] as const satisfies readonly ChannelCode[]

export const ROLE_CODES = [
  'operator',
  'coordinator',
  'executor',
  'unit_head',
  'deputy',
  'head',
  'cur_viewer',
  'admin',
] as const
export type RoleCode = (typeof ROLE_CODES)[number]

export const ROLE_NAMES: Record<RoleCode, string> = {
  operator: 'Оператор МЦУ',
  coordinator: 'Координатор МЦУ',
  executor: 'Исполнитель',
  unit_head: 'Руководитель подразделения',
  deputy: 'Заместитель Главы города',
  head: 'Глава города',
  cur_viewer: 'Региональный ЦУР',
  admin: 'Администратор',
}

export const DISTRICT_CODES = ['zadneprovsky', 'leninsky', 'promyshlenny'] as const
export type DistrictCode = (typeof DISTRICT_CODES)[number]

/** Default status set, modelled on the ПОС stages (domain.md §1.3). Transitions are data in the DB. */
export const STATUS_CODES = [
  'registered',
  'moderation',
  'routing',
  'in_work',
  'answer_prepared',
  'answer_approved',
  'answered',
  'rated',
  'returned',
  'closed',
  'redirected',
  'rejected',
] as const
export type StatusCode = (typeof STATUS_CODES)[number]
