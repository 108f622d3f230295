import { z } from 'zod'
import { DISTRICT_CODES, SECTOR_CODES } from '../../../common/domain'
import { AppError } from '../../platform/errors'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { ERROR_RESPONSES } from '../appeals/appeals.schemas'
import { routingCounts } from '../routing/routing.service'
import { UNIT_KINDS, UNIT_LEVELS } from './org.csv'
import {
  createUnit,
  deleteUnit,
  getUnit,
  importUnits,
  listUnits,
  restoreUnit,
  type UnitInput,
  type UnitRow,
  unitHead,
  updateUnit,
} from './org.service'

const errors = ERROR_RESPONSES
const TAGS = ['Организации']
const READERS = ['operator', 'coordinator', 'admin', 'head', 'cur_viewer'] as const

const text = (max: number) => z.string().trim().max(max, `не длиннее ${max} символов`)
const opt = (max: number) =>
  text(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))

const ZContact = z
  .object({
    name: text(200).min(1, 'укажите имя'),
    position: opt(200),
    phone: opt(60),
    email: z
      .email('неверный e-mail')
      .max(200)
      .optional()
      .nullable()
      .or(z.literal('').transform(() => null)),
  })
  .strict()

const ZUnitInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'код — латиница в нижнем регистре, цифры, «_» и «-», с буквы'),
    name: text(500).min(1, 'укажите наименование'),
    shortName: text(200).min(1, 'укажите краткое наименование'),
    kind: z.enum(UNIT_KINDS, 'выберите вид организации'),
    level: z.enum(UNIT_LEVELS, 'выберите уровень'),
    sectors: z.array(z.enum(SECTOR_CODES, 'неизвестный сектор')).min(1, 'выберите хотя бы один сектор'),
    districtCode: z.enum(DISTRICT_CODES, 'неизвестный район').nullable().default(null),
    headName: opt(200),
    headPosition: opt(200),
    phone: opt(60),
    email: z
      .email('неверный e-mail')
      .max(200)
      .optional()
      .nullable()
      .or(z.literal('').transform(() => null)),
    address: opt(500),
    workingHours: opt(300),
    parentId: z.number().int().positive().nullable().default(null),
    contacts: z.array(ZContact).max(30, 'не больше 30 контактов').default([]),
  })
  .strict()

const ZUnit = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  level: z.string(),
  sectors: z.array(z.string()),
  districtCode: z.string().nullable(),
  headName: z.string().nullable(),
  headPosition: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  workingHours: z.string().nullable(),
  parentId: z.number().nullable(),
  contacts: z.array(
    z.object({
      name: z.string(),
      position: z.string().nullable().optional(),
      phone: z.string().nullable().optional(),
      email: z.string().nullable().optional(),
    }),
  ),
  deleted: z.boolean(),
  /** Over the last 30 days: appeals reassigned away from the unit, and its «не наша компетенция». */
  reassigned30: z.number(),
  declined30: z.number(),
})

const present = (u: UnitRow, counts?: { reassigned: number; declined: number }) => ({
  id: u.id,
  code: u.code,
  name: u.name,
  shortName: u.shortName,
  kind: u.kind,
  level: u.level,
  sectors: u.sectors,
  districtCode: u.districtCode,
  headName: u.headName,
  headPosition: u.headPosition,
  phone: u.phone,
  email: u.email,
  address: u.address,
  workingHours: u.workingHours,
  parentId: u.parentId,
  contacts: u.contacts,
  deleted: u.deletedAt !== null,
  reassigned30: counts?.reassigned ?? 0,
  declined30: counts?.declined ?? 0,
})

const ZId = z.object({ id: z.coerce.number({ message: 'неверный номер' }).int().positive() })
const ZImportReport = z.object({
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  encoding: z.string(),
  delimiter: z.string(),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
})

/** The directory of organisations: list, card, edit (admin), soft delete, CSV import, routing counts. */
export async function orgRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.get(
    '/units',
    {
      schema: {
        tags: TAGS,
        summary:
          'Справочник организаций с поиском и фильтрами; за 30 дней: переназначено от подразделения, «не наша компетенция»',
        querystring: z
          .object({
            q: text(200).optional(),
            kind: z.enum(UNIT_KINDS, 'неизвестный вид').optional(),
            level: z.enum(UNIT_LEVELS, 'неизвестный уровень').optional(),
            sector: z.enum(SECTOR_CODES, 'неизвестный сектор').optional(),
            district: z.enum(DISTRICT_CODES, 'неизвестный район').optional(),
            deleted: z.enum(['true', 'false'], 'true или false').optional(),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(ZUnit) }), ...errors },
      },
    },
    async (req) => {
      requireActor(req, [...READERS])
      const rows = await listUnits(db, { ...req.query, includeDeleted: req.query.deleted === 'true' })
      const counts = await routingCounts(db)
      return { items: rows.map((u) => present(u, counts.get(u.id))) }
    },
  )
  app.get(
    '/units/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Карточка организации',
        params: ZId,
        response: {
          200: ZUnit.extend({
            headUser: z.object({ login: z.string().nullable(), fullName: z.string().nullable() }).nullable(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requireActor(req, [...READERS])
      const unit = await getUnit(db, req.params.id)
      const counts = await routingCounts(db)
      const head = await unitHead(db, unit.id)
      return {
        ...present(unit, counts.get(unit.id)),
        headUser: head?.userId ? { login: head.login, fullName: head.fullName } : null,
      }
    },
  )
  app.post(
    '/units',
    {
      schema: {
        tags: TAGS,
        summary: 'Добавить организацию',
        body: ZUnitInput,
        response: { 201: ZUnit, ...errors },
      },
    },
    async (req, reply) => {
      requireActor(req, ['admin'])
      const row = await db.transaction((tx) => createUnit(tx, req.body as UnitInput))
      return reply.status(201).send(present(row))
    },
  )
  app.put(
    '/units/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Изменить организацию',
        params: ZId,
        body: ZUnitInput,
        response: { 200: ZUnit, ...errors },
      },
    },
    async (req) => {
      requireActor(req, ['admin'])
      return present(await db.transaction((tx) => updateUnit(tx, req.params.id, req.body as UnitInput)))
    },
  )
  app.delete(
    '/units/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Удалить организацию (мягко); отказ, если на неё указывают правила матрицы ответственности',
        params: ZId,
        response: { 200: ZUnit, ...errors },
      },
    },
    async (req) => {
      requireActor(req, ['admin'])
      return present(await db.transaction((tx) => deleteUnit(tx, req.params.id)))
    },
  )
  app.post(
    '/units/:id/restore',
    {
      schema: {
        tags: TAGS,
        summary: 'Восстановить удалённую организацию',
        params: ZId,
        response: { 200: ZUnit, ...errors },
      },
    },
    async (req) => {
      requireActor(req, ['admin'])
      return present(await db.transaction((tx) => restoreUnit(tx, req.params.id)))
    },
  )
  // The CSV upload: the body is the file itself (bytes, so cp1251 survives), in its own scope.
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(
      ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'],
      { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    )
    scoped.post(
      '/units/import',
      {
        schema: {
          tags: TAGS,
          summary:
            'Загрузить справочник из CSV (тело — файл: UTF-8 или cp1251, «;» или «,», строка заголовков; обновление по коду). Если хоть одна строка с ошибкой — ничего не записывается',
          response: { ...errors, 200: ZImportReport },
        },
      },
      async (req) => {
        requireActor(req, ['admin'])
        const body = req.body
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new AppError('BAD_REQUEST', 'Пришлите CSV-файл в теле запроса (Content-Type: text/csv)')
        const report = await db.transaction((tx) => importUnits(tx, body))
        if (report.errors.length)
          throw new AppError(
            'VALIDATION_FAILED',
            `Справочник не загружен: строк с ошибками — ${report.errors.length}, ничего не записано`,
            report.errors.map((e) => ({ path: `line.${e.line}`, message: `строка ${e.line}: ${e.message}` })),
          )
        return report
      },
    )
  })
}
