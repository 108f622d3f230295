import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { ERROR_RESPONSES, ZAppealIdParams } from '../appeals/appeals.schemas'
import {
  addInfoRequest,
  answerInfoRequest,
  extendDeadline,
  getDeadlines,
  requestClarification,
  resumeClock,
} from './deadlines.clock'
import { activeRuleSet, activeRuleSetInfo, saveRuleSet } from './deadlines.service'

const errors = ERROR_RESPONSES
const iso = z.string()
const ZFlag = z.object({ at: iso, unitName: z.string().nullable(), status: z.string() }).nullable()

/** The «Сроки» section of the appeal card. */
export const ZDeadlines = z.object({
  dueAt: iso.nullable(),
  baseDueAt: iso.nullable(),
  overdue: z.boolean(),
  overdueFlag: ZFlag.describe('когда срок истёк и у какого подразделения было обращение'),
  rule: z.object({ code: z.string(), term: z.string(), description: z.string() }),
  stages: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      dueAt: iso,
      state: z.enum(['done', 'current', 'upcoming']),
      late: z.boolean(),
      flag: ZFlag,
    }),
  ),
  pause: z.object({
    allowed: z.boolean(),
    maxDays: z.number(),
    pausedAt: iso.nullable(),
    limitAt: iso.nullable(),
    question: z.string().nullable(),
    pausedMs: z.number(),
  }),
  extension: z.object({
    allowed: z.boolean(),
    maxDays: z.number(),
    used: z.number(),
    extendedDays: z.number(),
    left: z.number(),
  }),
  infoRequests: z.array(
    z.object({
      id: z.number(),
      body: z.string(),
      subject: z.string(),
      sentAt: iso,
      dueAt: iso,
      answeredAt: iso.nullable(),
      answerNote: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
  actions: z
    .array(z.string())
    .describe('extend, pause, resume, info_request — что доступно пользователю сейчас'),
})

const text = (what: string, min: number, max: number) =>
  z
    .string(`укажите ${what}`)
    .trim()
    .min(min, `${what}: не короче ${min} символов`)
    .max(max, `${what}: не длиннее ${max} символов`)

const ZExtend = z
  .object({
    days: z
      .number('укажите, на сколько дней продлить срок')
      .int('число дней — целое')
      .min(1, 'не меньше 1 дня')
      .max(30, 'не более 30 дней (59-ФЗ ст. 12 ч. 2)'),
    reason: text('причину продления', 10, 2000),
  })
  .strict()
const ZPause = z.object({ question: text('вопрос заявителю', 10, 2000) }).strict()
const ZResume = z.object({ note: z.string().trim().max(2000).optional() }).strict()
const ZInfoRequest = z
  .object({ body: text('орган, куда направлен запрос', 3, 300), subject: text('что запрошено', 5, 2000) })
  .strict()
const ZInfoAnswer = z.object({ note: text('что получено', 3, 2000) }).strict()
const ZRequestParams = ZAppealIdParams.extend({
  requestId: z.coerce
    .number({ message: 'неверный номер запроса' })
    .int()
    .positive()
    .max(2 ** 53),
})

/** Deadlines: the rule set (admin) and the clock of an appeal (extension, pause, information requests). */
export async function deadlinesRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  const tags = ['Сроки']

  app.get(
    '/deadline-rules',
    {
      schema: {
        tags,
        summary: 'Действующий набор правил сроков (версия, кто и когда сохранил)',
        response: {
          200: z.object({
            version: z.number().nullable(),
            source: z.string().nullable(),
            savedAt: iso.nullable(),
            rules: z.unknown(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requireActor(req, ['admin', 'coordinator'])
      const info = await activeRuleSetInfo(db)
      return {
        version: info?.id ?? null,
        source: info?.source ?? null,
        savedAt: info?.savedAt.toISOString() ?? null,
        rules: info?.rules ?? (await activeRuleSet(db)),
      }
    },
  )

  app.put(
    '/deadline-rules',
    {
      schema: {
        tags,
        summary: 'Заменить набор правил сроков (администратор)',
        description:
          'Набор проверяется целиком: перекрытия (правило, которое целиком забирает предыдущее), пробелы (режим без общего правила), ' +
          'неизвестные каналы и статусы, этапы, и что каждый срок считается по загруженному производственному календарю. ' +
          'Отказ — 400 со списком проблем по-русски; ничего не меняется.',
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.object({ version: z.number(), rules: z.unknown() }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['admin'])
      return db.transaction(async (tx) => {
        const set = await saveRuleSet(tx, actor.id, req.body)
        const info = await activeRuleSetInfo(tx)
        return { version: info!.id, rules: set }
      })
    },
  )

  app.get(
    '/appeals/:id/deadlines',
    {
      schema: {
        tags,
        summary: 'Сроки обращения: итоговый срок, правило, этапы, пауза, продление, межведомственные запросы',
        params: ZAppealIdParams,
        response: { 200: ZDeadlines, ...errors },
      },
    },
    async (req) => getDeadlines(db, requireActor(req), req.params.id),
  )

  app.post(
    '/appeals/:id/deadline/extend',
    {
      schema: {
        tags,
        summary:
          'Продлить срок (59-ФЗ ст. 12 ч. 2): один раз, не более 30 дней, с причиной; заявитель уведомляется',
        params: ZAppealIdParams,
        body: ZExtend,
        response: { 200: ZDeadlines, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return db.transaction(async (tx) => {
        await extendDeadline(tx, actor, req.params.id, req.body)
        return getDeadlines(tx, actor, req.params.id)
      })
    },
  )

  app.post(
    '/appeals/:id/deadline/pause',
    {
      schema: {
        tags,
        summary: 'Запрос уточнения у заявителя: срок встаёт на паузу (не дольше предела из правил)',
        params: ZAppealIdParams,
        body: ZPause,
        response: { 200: ZDeadlines, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return db.transaction(async (tx) => {
        await requestClarification(tx, actor, req.params.id, req.body)
        return getDeadlines(tx, actor, req.params.id)
      })
    },
  )

  app.post(
    '/appeals/:id/deadline/resume',
    {
      schema: {
        tags,
        summary: 'Возобновить срок вручную (срок сдвигается на время паузы)',
        params: ZAppealIdParams,
        body: ZResume.optional(),
        response: { 200: ZDeadlines, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return db.transaction(async (tx) => {
        await resumeClock(tx, { kind: 'user', user: actor }, req.params.id, {
          by: 'hand',
          note: req.body?.note ?? null,
        })
        return getDeadlines(tx, actor, req.params.id)
      })
    },
  )

  app.post(
    '/appeals/:id/info-requests',
    {
      schema: {
        tags,
        summary: 'Межведомственный запрос информации (59-ФЗ ст. 10 ч. 2) — со своим сроком ответа',
        params: ZAppealIdParams,
        body: ZInfoRequest,
        response: { 200: ZDeadlines, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return db.transaction(async (tx) => {
        await addInfoRequest(tx, actor, req.params.id, req.body)
        return getDeadlines(tx, actor, req.params.id)
      })
    },
  )

  app.post(
    '/appeals/:id/info-requests/:requestId/answer',
    {
      schema: {
        tags,
        summary: 'Отметить ответ другого органа на запрос информации',
        params: ZRequestParams,
        body: ZInfoAnswer,
        response: { 200: ZDeadlines, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return db.transaction(async (tx) => {
        await answerInfoRequest(tx, actor, req.params.id, req.params.requestId, req.body)
        return getDeadlines(tx, actor, req.params.id)
      })
    },
  )
}
