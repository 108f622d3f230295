import writeXlsxFile from 'write-excel-file/node'
import { z } from 'zod'
import { SECTOR_CODES } from '../../../common/domain'
import type { App, AppContext } from '../../platform/http'
import { requireActor } from '../../platform/http'
import { ERROR_RESPONSES, ZAppealIdParams, ZAppealListItem, ZErrorBody } from '../appeals/appeals.schemas'
import { exportRows, presentBoard, toCsv } from './control.presenter'
import { BUCKETS, CONTROL_ROLES, getBoard, manualNotify } from './control.service'
import { loadLadder } from './ladder'

const errors = { ...ERROR_RESPONSES, 429: ZErrorBody }

const ZFilters = z
  .object({
    bucket: z.enum(BUCKETS, 'срез: overdue, today или tomorrow').optional(),
    unitId: z.coerce.number('подразделение — число').int().positive().optional(),
    sector: z.enum(SECTOR_CODES, 'неизвестный сектор').optional(),
  })
  .strict()

const ZCounts = { overdue: z.number(), today: z.number(), tomorrow: z.number() }

const ZBoard = z.object({
  summary: z.object(ZCounts),
  windows: z.object({ todayEnd: z.string(), tomorrowEnd: z.string() }),
  byUnit: z.array(
    z.object({ unit: z.object({ id: z.number(), shortName: z.string() }).nullable(), ...ZCounts }),
  ),
  bySector: z.array(
    z.object({ sector: z.object({ code: z.string(), name: z.string() }).nullable(), ...ZCounts }),
  ),
  total: z.number(),
  items: z.array(
    ZAppealListItem.extend({
      late: z.object({ minutes: z.number(), workingDays: z.number() }).nullable(),
      lastManual: z.object({ type: z.string(), at: z.string() }).nullable(),
    }),
  ),
})

const ZManualResult = z.object({
  target: z.enum(['executors', 'unit_head', 'deputy']),
  recipients: z.number(),
  message: z.string(),
})

const TARGET_NAMES = {
  executors: 'исполнителям подразделения',
  unit_head: 'руководителю подразделения',
  deputy: 'курирующему заместителю',
}

/** «Контроль сроков»: the board, its export, «Напомнить» and «Эскалировать». */
export async function controlRoutes(app: App, ctx: AppContext) {
  const { db } = ctx.database
  // A broken reference/escalation.json stops the start here, not the scheduler at 3 a.m.
  loadLadder()
  app.get(
    '/control',
    {
      schema: {
        tags: ['Контроль сроков'],
        summary:
          'Просроченные и со сроком сегодня / до конца следующего рабочего дня: по подразделениям, секторам и списком',
        querystring: ZFilters.extend({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: ZBoard, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req, [...CONTROL_ROLES])
      const now = new Date()
      return presentBoard(await getBoard(db, actor, req.query, now), now)
    },
  )
  app.get(
    '/control/export',
    {
      schema: {
        tags: ['Контроль сроков'],
        summary: 'Выгрузка того же списка в CSV или XLSX (персональные данные замаскированы)',
        querystring: ZFilters.extend({
          format: z.enum(['csv', 'xlsx'], 'формат: csv или xlsx').default('csv'),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, [...CONTROL_ROLES])
      const now = new Date()
      const { format, ...filters } = req.query
      const board = presentBoard(
        await getBoard(db, actor, { ...filters, limit: 10_000, offset: 0 }, now),
        now,
      )
      const rows = exportRows(board)
      const name = `kontrol-srokov-${now.toISOString().slice(0, 10)}.${format}`
      reply.header('content-disposition', `attachment; filename="${name}"`)
      reply.header('cache-control', 'no-store')
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows))
      const buffer = await writeXlsxFile(
        rows.map((r, i) => r.map((value) => (i === 0 ? { value, fontWeight: 'bold' as const } : { value }))),
        { sheet: 'Контроль сроков' },
      ).toBuffer()
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(buffer)
    },
  )
  for (const action of ['remind', 'escalate'] as const) {
    app.post(
      `/control/appeals/:id/${action}`,
      {
        schema: {
          tags: ['Контроль сроков'],
          summary:
            action === 'remind'
              ? 'Напомнить исполнителям подразделения (не чаще раза в час по обращению)'
              : 'Эскалировать: руководителю подразделения, в следующий раз — курирующему заместителю',
          params: ZAppealIdParams,
          body: z.object({}).strict().optional(),
          response: { 200: ZManualResult, ...errors },
        },
      },
      async (req) => {
        const actor = requireActor(req, [...CONTROL_ROLES])
        const result = await db.transaction((tx) => manualNotify(tx, actor, req.params.id, action))
        const who = TARGET_NAMES[result.target]
        return {
          ...result,
          message:
            result.recipients > 0
              ? `${action === 'remind' ? 'Напоминание отправлено' : 'Эскалация отправлена'} ${who}: получателей ${result.recipients}`
              : `Записано в историю, но получателей нет: ${who} не найдены`,
        }
      },
    )
  }
}
