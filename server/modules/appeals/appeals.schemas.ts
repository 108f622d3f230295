import { z } from 'zod'
import {
  CHANNEL_CODES,
  DISTRICT_CODES,
  REGIME_CODES,
  SECTOR_CODES,
  STATUS_CODES,
} from '../../../common/domain'

const text = (max: number) => z.string().trim().max(max, `не длиннее ${max} символов`)
const optionalText = (max: number) =>
  text(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))

export const ZApplicantInput = z
  .object({
    fullName: optionalText(200),
    phone: optionalText(40),
    email: z
      .email('неверный адрес электронной почты')
      .max(200)
      .optional()
      .nullable()
      .or(z.literal('').transform(() => null)),
    postalAddress: optionalText(300),
    handle: optionalText(200),
  })
  .strict()

/** What an operator (or a channel adapter) sends to register an appeal. */
export const ZRegisterAppeal = z
  .object({
    regime: z.enum(REGIME_CODES, 'неизвестный режим'),
    channel: z.enum(CHANNEL_CODES, 'неизвестный канал'),
    externalId: text(200).min(1).optional(),
    receivedAt: z.iso.datetime({ offset: true, message: 'дата в формате ISO 8601' }).optional(),
    text: text(20_000).min(5, 'текст обращения слишком короткий (не меньше 5 символов)'),
    applicants: z.array(ZApplicantInput).min(1, 'нужен хотя бы один заявитель').max(500),
    addressText: optionalText(500),
    lat: z.number().min(-90).max(90).optional().nullable(),
    lon: z.number().min(-180).max(180).optional().nullable(),
    districtCode: z.enum(DISTRICT_CODES).optional().nullable(),
    sectorCode: z.enum(SECTOR_CODES).optional().nullable(),
    topicCode: text(100).optional().nullable(),
    urgent: z.boolean().optional(),
  })
  .strict()
  .refine((v) => (v.lat == null) === (v.lon == null), {
    message: 'широту и долготу указывают вместе',
    path: ['lat'],
  })
export type RegisterAppealInput = z.input<typeof ZRegisterAppeal>

const bool = z.enum(['true', 'false']).transform((v) => v === 'true')

export const ZListAppealsQuery = z
  .object({
    status: z.enum(STATUS_CODES).optional(),
    sector: z.enum(SECTOR_CODES).optional(),
    district: z.enum(DISTRICT_CODES).optional(),
    regime: z.enum(REGIME_CODES).optional(),
    channel: z.enum(CHANNEL_CODES).optional(),
    unitId: z.coerce.number().int().positive().optional(),
    q: text(200).optional(),
    overdue: bool.optional(),
    urgent: bool.optional(),
    /** Only appeals still being handled (open statuses); a `status` given wins. */
    open: bool.optional(),
    /** Only appeals waiting for an executor: none yet, registered or at coordination. */
    waiting: bool.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
export type ListAppealsQuery = z.infer<typeof ZListAppealsQuery>

export const ZAppealIdParams = z.object({
  id: z.coerce
    .number({ message: 'неверный номер' })
    .int()
    .positive()
    .max(2 ** 53),
})

export const ZAssignAppeal = z
  .object({
    sectorCode: z.enum(SECTOR_CODES, 'выберите сектор'),
    topicCode: text(100).optional().nullable(),
    unitId: z.number().int().positive('выберите исполнителя'),
    note: optionalText(2000),
  })
  .strict()

/** Joins the appeal to the incident of another appeal (its main, if that one is a member). */
export const ZSetUrgency = z
  .object({
    urgent: z.boolean({ message: 'укажите, срочное ли обращение (true или false)' }),
    comment: z.string().max(1000, 'комментарий — не длиннее 1000 знаков').nullish(),
  })
  .strict()

export const ZMergeAppeal = z
  .object({
    intoId: z
      .number({ message: 'укажите обращение, с которым объединить' })
      .int('неверный номер')
      .positive('неверный номер')
      .max(2 ** 53, 'неверный номер'),
  })
  .strict()

const ZCodeName = z.object({ code: z.string(), name: z.string() })
const ZAppealRef = z.object({ id: z.number(), regNumber: z.string() })

/** A registry row as the API returns it (personal data masked). */
export const ZAppealListItem = z.object({
  id: z.number(),
  regNumber: z.string(),
  regime: ZCodeName,
  channel: ZCodeName,
  receivedAt: z.string(),
  registeredAt: z.string(),
  /** Registered later than the regime allows after receipt (59-ФЗ: 3 days). */
  registeredLate: z.boolean(),
  textPreview: z.string(),
  addressText: z.string().nullable(),
  district: ZCodeName.nullable(),
  sector: ZCodeName.nullable(),
  topic: ZCodeName.nullable(),
  unit: z.object({ id: z.number(), shortName: z.string() }).nullable(),
  status: ZCodeName,
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  urgent: z.boolean(),
  /** Flagged by the model alone, no person has confirmed it yet («срочно?»). */
  urgentToCheck: z.boolean(),
  /** The same applicant's earlier, answered appeal about the same problem («повторное»). */
  repeatOf: ZAppealRef.nullable(),
  /** The main appeal of the incident this one belongs to (its answer comes from there), or null. */
  incidentMainId: z.number().nullable(),
  applicantName: z.string().nullable(),
})

/** The appeal card. */
export const ZAppealDetail = ZAppealListItem.extend({
  text: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  isCollective: z.boolean(),
  applicants: z.array(
    z.object({
      fullName: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      postalAddress: z.string().nullable(),
    }),
  ),
  answers: z.array(
    z.object({
      id: z.number(),
      text: z.string(),
      status: ZCodeName,
      author: z.string(),
      createdAt: z.string(),
      approvedAt: z.string().nullable(),
      approvedBy: z.string().nullable(),
      deliveredAt: z.string().nullable(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      type: z.string(),
      title: z.string(),
      actor: z.string(),
      fromStatus: ZCodeName.nullable(),
      toStatus: ZCodeName.nullable(),
      note: z.string().nullable(),
      public: z.boolean(),
    }),
  ),
  attachments: z.array(
    z.object({ id: z.number(), fileName: z.string(), mime: z.string(), size: z.number(), url: z.string() }),
  ),
  rating: z
    .object({ score: z.number(), comment: z.string().nullable(), at: z.string().nullable() })
    .nullable(),
  /** What the channel told us (ПОС id, post link, e-mail subject…), never personal data. */
  channelInfo: z.array(z.object({ label: z.string(), value: z.string(), href: z.string().optional() })),
  /** What the understanding step suggests (null until it has run): the operator confirms, not types. */
  understanding: z
    .object({
      model: z.string(),
      sectors: z.array(z.object({ code: z.string(), name: z.string(), p: z.number() })),
      topics: z.array(z.object({ code: z.string(), name: z.string(), p: z.number() })),
      isRequest: z.boolean(),
      requestConfidence: z.number(),
      address: z.object({
        street: z.string().nullable(),
        house: z.string().nullable(),
        district: z.string().nullable(),
        confidence: z.number(),
        reason: z.string(),
      }),
      urgent: z.boolean(),
      urgencyReasons: z.array(z.string()),
      /** Who flagged it: the rules, the model alone (a guess to check), or null (not flagged, or older results). */
      urgencyBy: z.enum(['rules', 'model']).nullable(),
      duplicates: z.array(
        z.object({ id: z.number(), regNumber: z.string(), score: z.number(), reasons: z.array(z.string()) }),
      ),
      applied: z.array(z.string()),
      notes: z.array(z.string()),
    })
    .nullable(),
  /** Why the appeal went where it went (the matrix rule or the operator's choice) and its co-executors. */
  routing: z.object({
    why: z.string().nullable(),
    ruleNumber: z.number().nullable(),
    coExecutors: z.array(z.object({ id: z.number(), shortName: z.string() })),
    /** The curating deputy an overdue appeal escalates to (once it has an executor). */
    curator: z.object({ fullName: z.string() }).nullable(),
  }),
  /** The incident: a member shows its main, a main lists its members (both within the viewer's scope). */
  incident: z.object({
    main: ZAppealRef.nullable(),
    members: z.array(ZAppealRef.extend({ channel: ZCodeName })),
  }),
  actions: z.array(z.string()),
})

export const ZErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
})

/** The error responses of a signed-in endpoint, for OpenAPI. */
export const ERROR_RESPONSES = {
  400: ZErrorBody,
  401: ZErrorBody,
  403: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
}
