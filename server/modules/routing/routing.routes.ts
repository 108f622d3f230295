import { z } from 'zod'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { loadCard } from '../appeals/appeals.routes'
import { ERROR_RESPONSES, ZAppealDetail, ZAppealIdParams } from '../appeals/appeals.schemas'
import { findScopedAppeal } from '../appeals/appeals.service'
import {
  checkResponsibility,
  createRule,
  deleteRule,
  getMatrix,
  moveRule,
  type RuleInput,
  updateRule,
} from './responsibility.service'
import {
  ZAssign,
  ZAssignSuggested,
  ZAssignSuggestedResult,
  ZDecline,
  ZMatrix,
  ZMoveRule,
  ZResolution,
  ZResponsibilityQuery,
  ZRuleIdParams,
  ZRuleInput,
} from './routing.schemas'
import { assignAppeal, declineAppeal } from './routing.service'
import { assignSuggested } from './suggested.service'

const errors = ERROR_RESPONSES
const READERS = ['operator', 'coordinator', 'admin'] as const
const EDITORS = ['admin'] as const
const TAGS = ['Маршрутизация']

const ruleInput = (b: z.infer<typeof ZRuleInput>): RuleInput => ({
  sectorCode: b.sectorCode,
  topicCode: b.topicCode,
  districtCode: b.districtCode,
  objectType: b.objectType,
  unitId: b.unitId,
  coExecutorIds: b.coExecutorIds,
  deputyUserId: b.deputyUserId,
  note: b.note,
})

/** Assigning an executor, «не наша компетенция», and the responsibility matrix. */
export async function routingRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.post(
    '/appeals/:id/assign',
    {
      schema: {
        tags: TAGS,
        summary:
          'Назначить сектор, тему и исполнителя; обращение переходит «В работу» (переназначение — с причиной)',
        params: ZAppealIdParams,
        body: ZAssign,
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['operator', 'coordinator', 'admin'])
      return db.transaction(async (tx) => {
        await assignAppeal(tx, actor, req.params.id, req.body)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
  app.post(
    '/appeals/assign-suggested',
    {
      schema: {
        tags: TAGS,
        summary:
          'Направить по предложению: каждое выбранное обращение — в сектор, тему и исполнителя, которых предлагает Вече (по матрице); по каждому — результат или причина отказа',
        body: ZAssignSuggested,
        response: { 200: ZAssignSuggestedResult, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['operator', 'coordinator', 'admin'])
      const results = await assignSuggested(db, actor, req.body.ids, ctx.env.VECHE_SUGGEST_CONFIDENCE)
      return { assigned: results.filter((r) => r.ok).length, results }
    },
  )
  app.post(
    '/appeals/:id/decline',
    {
      schema: {
        tags: TAGS,
        summary: '«Не наша компетенция»: исполнитель возвращает обращение на маршрутизацию с причиной',
        params: ZAppealIdParams,
        body: ZDecline,
        response: { 200: z.object({ id: z.number(), regNumber: z.string(), status: z.string() }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['executor', 'unit_head'])
      // After declining, the unit no longer sees the appeal: the answer says what happened, not the card.
      const a = await db.transaction((tx) => declineAppeal(tx, actor, req.params.id, req.body.reason))
      return { id: a.id, regNumber: a.regNumber, status: a.status }
    },
  )
  app.get(
    '/appeals/:id/responsibility',
    {
      schema: {
        tags: TAGS,
        summary: 'Кому по матрице ответственности отдать обращение (для формы назначения): правило и почему',
        params: ZAppealIdParams,
        querystring: ZResponsibilityQuery,
        response: { 200: ZResolution, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, [...READERS])
      const appeal = await findScopedAppeal(db, actor, req.params.id)
      return checkResponsibility(db, {
        sectorCode: req.query.sectorCode ?? appeal.sectorCode,
        topicCode: req.query.topicCode ?? (req.query.sectorCode ? null : appeal.topicCode),
        districtCode: req.query.districtCode ?? appeal.districtCode,
        objectType:
          req.query.objectType ??
          (typeof appeal.meta.objectType === 'string' ? appeal.meta.objectType : null),
      })
    },
  )
  app.get(
    '/routing/matrix',
    {
      schema: {
        tags: TAGS,
        summary: 'Матрица ответственности: правила по порядку, типы объектов, заместители',
        response: { 200: ZMatrix, ...errors },
      },
    },
    async (req) => {
      requireActor(req, [...READERS])
      return getMatrix(db)
    },
  )
  app.post(
    '/routing/matrix/check',
    {
      schema: {
        tags: TAGS,
        summary: '«Проверить»: какое правило сработает для сектора, темы, района и типа объекта — и почему',
        body: ZResponsibilityQuery,
        response: { 200: ZResolution, ...errors },
      },
    },
    async (req) => {
      requireActor(req, [...READERS])
      return checkResponsibility(db, req.body)
    },
  )
  app.post(
    '/routing/matrix',
    {
      schema: {
        tags: TAGS,
        summary: 'Добавить правило (проверяется вся матрица: перекрытия, правило по умолчанию, исполнители)',
        body: ZRuleInput,
        response: { 201: ZMatrix, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, [...EDITORS])
      await db.transaction((tx) => createRule(tx, actor.id, ruleInput(req.body), req.body.position))
      return reply.status(201).send(await getMatrix(db))
    },
  )
  app.put(
    '/routing/matrix/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Изменить правило',
        params: ZRuleIdParams,
        body: ZRuleInput,
        response: { 200: ZMatrix, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, [...EDITORS])
      await db.transaction(async (tx) => {
        await updateRule(tx, actor.id, req.params.id, ruleInput(req.body))
        if (req.body.position) await moveRule(tx, actor.id, req.params.id, req.body.position)
      })
      return getMatrix(db)
    },
  )
  app.post(
    '/routing/matrix/:id/move',
    {
      schema: {
        tags: TAGS,
        summary: 'Переместить правило на позицию (с 1)',
        params: ZRuleIdParams,
        body: ZMoveRule,
        response: { 200: ZMatrix, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, [...EDITORS])
      await db.transaction((tx) => moveRule(tx, actor.id, req.params.id, req.body.position))
      return getMatrix(db)
    },
  )
  app.delete(
    '/routing/matrix/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Удалить правило (правило по умолчанию удалить нельзя, пока нет другого)',
        params: ZRuleIdParams,
        response: { 200: ZMatrix, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, [...EDITORS])
      await db.transaction((tx) => deleteRule(tx, actor.id, req.params.id))
      return getMatrix(db)
    },
  )
}
