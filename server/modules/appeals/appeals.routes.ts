import { z } from 'zod'
import type { Queryable } from '../../platform/db'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { listAnswers } from '../answers/answers.service'
import { canWriteInterimAnswer, INTERIM_ANSWER_ACTION } from '../answers/interim-answer.policy'
import { listAttachments } from '../attachments/attachments.service'
import { loadReferenceFiles } from '../reference/reference.service'
import { ZRoutingSuggestion } from '../routing/routing.schemas'
import { routingInfo } from '../routing/routing.service'
import { routingSuggestions } from '../routing/suggested.service'
import { getUnderstanding, type StoredUnderstanding } from '../understanding/understanding.service'
import { appealScope, canRoute } from '../users/users.policy'
import type { Actor } from '../users/users.service'
import { presentCard, presentIncident, presentListItem } from './appeals.presenter'
import {
  ERROR_RESPONSES,
  ZAppealDetail,
  ZAppealIdParams,
  ZAppealListItem,
  ZListAppealsQuery,
  ZMergeAppeal,
  ZRegisterAppeal,
  ZSetUrgency,
} from './appeals.schemas'
import { getAppealCard, listAppeals, registerAppeal, statusNames } from './appeals.service'
import { findCallerHistory } from './caller-history'
import { incidentActions } from './incident.policy'
import { getIncident, mergeAppeal, splitAppeal } from './incident.service'
import { setUrgency, urgencyActions } from './urgency.service'

const errors = ERROR_RESPONSES

/** The appeal card as the API returns it; used by every endpoint that changes an appeal. */
export async function loadCard(db: Queryable, actor: Actor, id: number) {
  const [card, answerRows, names, files] = [
    await getAppealCard(db, actor, id),
    await listAnswers(db, id),
    await statusNames(db),
    await listAttachments(db, id),
  ]
  // An interim answer is not a status transition, so the transition table does not offer it.
  const isOpen = Boolean(card.view.statusIsOpen)
  const actions = [
    ...card.actions,
    ...(canWriteInterimAnswer(actor, isOpen) ? [INTERIM_ANSWER_ACTION] : []),
    ...incidentActions(actor, { isOpen, duplicateOf: card.view.appeal.duplicateOf }),
    ...urgencyActions(actor, { isOpen }),
  ]
  const ref = loadReferenceFiles()
  const sectorNames = new Map(ref.sectors.map((s) => [s.code, s.name]))
  const understanding = presentUnderstanding(await getUnderstanding(db, id), sectorNames, ref.topics)
  const incident = presentIncident(await getIncident(db, actor, card.view.appeal))
  const routing = await routingInfo(db, card.view.appeal)
  // A co-executor's unit sees the appeal but acts on it only through the executor: no buttons.
  const coExecutorOnly =
    actor.unitId !== null && appealScope(actor).kind === 'unit' && card.view.appeal.unitId !== actor.unitId
  return {
    ...presentCard(
      { ...card, actions: coExecutorOnly ? [] : actions },
      answerRows,
      names,
      files,
      sectorNames,
    ),
    understanding,
    incident,
    routing,
  }
}

/** The understanding step's suggestions as the card shows them (names instead of codes). */
function presentUnderstanding(
  u: StoredUnderstanding | null,
  sectorNames: ReadonlyMap<string, string>,
  topics: { code: string; name: string }[],
) {
  if (!u) return null
  const topicNames = new Map(topics.map((t) => [t.code, t.name]))
  return {
    model: u.details.model,
    sectors: u.details.sectors.map((s) => ({
      code: s.code,
      name: sectorNames.get(s.code) ?? s.code,
      p: s.p,
    })),
    topics: u.details.topics.map((t) => ({ code: t.code, name: topicNames.get(t.code) ?? t.code, p: t.p })),
    isRequest: u.is_request,
    requestConfidence: u.details.request_confidence,
    address: {
      street: u.street,
      house: u.house,
      district: u.district,
      confidence: u.details.address.confidence,
      reason: u.details.address.reason,
    },
    urgent: u.urgent,
    urgencyReasons: u.details.urgency.reasons,
    urgencyBy: u.details.urgency.by ?? null,
    duplicates: u.duplicates ?? [],
    applied: u.applied ?? [],
    notes: u.details.notes,
  }
}

/** The registry: register, list, open. */
export async function appealsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  app.post(
    '/appeals',
    {
      schema: {
        tags: ['Обращения'],
        summary: 'Зарегистрировать обращение (оператор: телефон, письмо, личный приём)',
        description:
          'Возвращает карточку и шестизначный код для страницы отслеживания — его сообщают заявителю один раз.',
        body: ZRegisterAppeal,
        response: {
          201: z.object({ appeal: ZAppealDetail, trackingCode: z.string().nullable() }),
          200: z.object({ appeal: ZAppealDetail, trackingCode: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, ['operator', 'coordinator', 'admin'])
      // The card is read after the commit: the registration transaction holds the number counter's
      // row lock, so it is kept as short as possible (every registration of a regime and year waits on it).
      const result = await db.transaction((tx) => registerAppeal(tx, req.body, { kind: 'user', user: actor }))
      const appeal = await loadCard(db, actor, result.id)
      return reply.status(result.created ? 201 : 200).send({ appeal, trackingCode: result.trackingCode })
    },
  )
  app.get(
    '/appeals',
    {
      schema: {
        tags: ['Обращения'],
        summary: 'Реестр обращений с фильтрами (в пределах прав пользователя)',
        querystring: ZListAppealsQuery,
        response: {
          200: z.object({
            items: z.array(ZAppealListItem.extend({ suggestion: ZRoutingSuggestion.nullable() })),
            total: z.number(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      const now = new Date()
      const page = await listAppeals(db, actor, req.query, now)
      // Those who route see what Вече proposes for the appeals still waiting for an executor.
      const suggestions = canRoute(actor)
        ? await routingSuggestions(
            db,
            page.items.map((v) => v.appeal),
            ctx.env.VECHE_SUGGEST_CONFIDENCE,
          )
        : new Map()
      return {
        total: page.total,
        items: page.items.map((v) => ({
          ...presentListItem(v, now),
          suggestion: suggestions.get(v.appeal.id) ?? null,
        })),
      }
    },
  )
  app.get(
    '/appeals/caller-history',
    {
      schema: {
        tags: ['Обращения'],
        summary:
          'Прежние обращения звонящего из всех каналов: по телефону или началу фамилии (доступ записывается в журнал)',
        querystring: z
          .object({
            phone: z.string().trim().max(40).optional(),
            name: z.string().trim().max(200).optional(),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(ZAppealListItem) }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, ['operator', 'coordinator', 'admin'])
      const now = new Date()
      const rows = await findCallerHistory(db, actor, req.query)
      return { items: rows.map((v) => presentListItem(v, now)) }
    },
  )
  app.get(
    '/appeals/:id',
    {
      schema: {
        tags: ['Обращения'],
        summary: 'Карточка обращения: заявители, история, ответы, доступные действия',
        params: ZAppealIdParams,
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => loadCard(db, requireActor(req), req.params.id),
  )
  app.post(
    '/appeals/:id/merge',
    {
      schema: {
        tags: ['Обращения'],
        summary: 'Это та же проблема: присоединить обращение к инциденту другого обращения',
        description:
          'Если указанное обращение само входит в инцидент, присоединяет к его главному. Ответ по инциденту ' +
          'дойдёт до каждого заявителя через его канал.',
        params: ZAppealIdParams,
        body: ZMergeAppeal,
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => {
      // Any signed-in user: the scope check comes first (another unit's appeal is 404), then the role.
      const actor = requireActor(req)
      return db.transaction(async (tx) => {
        await mergeAppeal(tx, actor, req.params.id, req.body.intoId)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
  app.post(
    '/appeals/:id/urgency',
    {
      schema: {
        tags: ['Обращения'],
        summary: 'Отметить обращение срочным или снять срочность (оператор, координатор)',
        description:
          'Решение человека о срочности: пишется в историю и, если расходится с тем, что понял Вече, сохраняется ' +
          'как поправка — по ней учится `veche train`.',
        params: ZAppealIdParams,
        body: ZSetUrgency,
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return db.transaction(async (tx) => {
        await setUrgency(tx, actor, req.params.id, req.body)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
  app.post(
    '/appeals/:id/split',
    {
      schema: {
        tags: ['Обращения'],
        summary: 'Отделить обращение от инцидента: это отдельная проблема',
        params: ZAppealIdParams,
        body: z.object({}).strict().optional(),
        response: { 200: ZAppealDetail, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req)
      return db.transaction(async (tx) => {
        await splitAppeal(tx, actor, req.params.id)
        return loadCard(tx, actor, req.params.id)
      })
    },
  )
}
