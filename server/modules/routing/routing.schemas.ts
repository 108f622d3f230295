import { z } from 'zod'
import { DISTRICT_CODES, SECTOR_CODES } from '../../../common/domain'

const text = (max: number) => z.string().trim().max(max, `не длиннее ${max} символов`)
const optionalCode = (max = 100) =>
  text(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))
const ids = z.array(z.number().int().positive()).max(20, 'не больше 20 соисполнителей')

/** The operator's assignment: sector, topic, executor, optional co-executors and object type. */
export const ZAssign = z
  .object({
    sectorCode: z.enum(SECTOR_CODES, 'выберите сектор'),
    topicCode: text(100).optional().nullable(),
    unitId: z.number({ message: 'выберите исполнителя' }).int().positive('выберите исполнителя'),
    note: text(2000)
      .optional()
      .nullable()
      .transform((v) => (v ? v : null)),
    coExecutorIds: ids.optional().nullable(),
    objectType: optionalCode(),
  })
  .strict()

/** «Направить по предложению»: the appeals the operator checked in the queue. */
export const ZAssignSuggested = z
  .object({
    ids: z
      .array(
        z.number({ message: 'номер обращения — число' }).int('номер обращения — целое число').positive(),
        {
          message: 'укажите обращения списком',
        },
      )
      .min(1, 'выберите хотя бы одно обращение')
      .max(200, 'не больше 200 обращений за раз')
      .refine((a) => new Set(a).size === a.length, 'обращение указано дважды'),
  })
  .strict()

const ZCodeName = z.object({ code: z.string(), name: z.string() })
const ZUnitRef = z.object({ id: z.number(), shortName: z.string() })

/** What Вече proposes for an appeal waiting for an executor (the queue shows it). */
export const ZRoutingSuggestion = z.object({
  sector: ZCodeName,
  topic: ZCodeName.nullable(),
  confidence: z.number().nullable(),
  unit: ZUnitRef.nullable(),
  sendable: z.boolean(),
  why: z.string().nullable(),
})

export const ZAssignSuggestedResult = z.object({
  assigned: z.number(),
  results: z.array(
    z.object({
      id: z.number(),
      regNumber: z.string().nullable(),
      ok: z.boolean(),
      unit: ZUnitRef.optional(),
      sector: ZCodeName.optional(),
      error: z.string().optional(),
    }),
  ),
})

/** «Не наша компетенция»: the reason is required. */
export const ZDecline = z
  .object({
    reason: z
      .string({ message: 'укажите причину' })
      .trim()
      .min(1, 'укажите, почему обращение не в компетенции подразделения')
      .max(2000, 'не длиннее 2000 символов'),
  })
  .strict()

/** What decides the executor: the «проверить» box and the assign form's preview. */
export const ZResponsibilityQuery = z
  .object({
    sectorCode: z.enum(SECTOR_CODES, 'неизвестный сектор').optional().nullable(),
    topicCode: optionalCode(),
    districtCode: z.enum(DISTRICT_CODES, 'неизвестный район').optional().nullable(),
    objectType: optionalCode(),
  })
  .strict()

export const ZRuleInput = z
  .object({
    sectorCode: z.enum(SECTOR_CODES, 'неизвестный сектор').nullable().default(null),
    topicCode: optionalCode(),
    districtCode: z.enum(DISTRICT_CODES, 'неизвестный район').nullable().default(null),
    objectType: optionalCode(),
    unitId: z.number({ message: 'выберите исполнителя' }).int().positive('выберите исполнителя'),
    coExecutorIds: ids.default([]),
    deputyUserId: z.uuid('выберите заместителя из списка').nullable().default(null),
    note: text(500)
      .optional()
      .nullable()
      .transform((v) => (v ? v : null)),
    /** 1-based; a new rule goes just above the default rule when omitted. */
    position: z.number().int().positive().optional().nullable(),
  })
  .strict()

export const ZRuleIdParams = z.object({ id: z.coerce.number({ message: 'неверный номер' }).int().positive() })
export const ZMoveRule = z
  .object({ position: z.number({ message: 'укажите позицию' }).int().positive('позиция с 1') })
  .strict()

export const ZRule = z.object({
  id: z.number(),
  number: z.number(),
  sectorCode: z.string().nullable(),
  topicCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  objectType: z.string().nullable(),
  unit: ZUnitRef.extend({ deleted: z.boolean() }),
  coExecutors: z.array(ZUnitRef),
  deputy: z.object({ id: z.string(), fullName: z.string() }).nullable(),
  note: z.string().nullable(),
  conditions: z.string(),
  updatedAt: z.string(),
})

export const ZMatrix = z.object({
  rules: z.array(ZRule),
  objectTypes: z.array(z.object({ code: z.string(), name: z.string() })),
  deputies: z.array(z.object({ id: z.string(), fullName: z.string(), sectors: z.array(z.string()) })),
})

export const ZResolution = z.object({
  /** The object types an operator may name (reference/responsibility.json). */
  objectTypes: z.array(z.object({ code: z.string(), name: z.string() })),
  match: z
    .object({
      ruleId: z.number(),
      number: z.number(),
      unit: ZUnitRef,
      coExecutors: z.array(ZUnitRef),
      deputy: z.object({ id: z.string(), fullName: z.string() }).nullable(),
      why: z.string(),
    })
    .nullable(),
  trace: z.array(z.object({ position: z.number(), matched: z.boolean(), reason: z.string().nullable() })),
})
