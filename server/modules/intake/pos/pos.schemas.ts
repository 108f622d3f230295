import { z } from 'zod'

/**
 * The ПОС message as ПОС (or its export) sends it to us. There is no public ПОС API: this layout is ours,
 * agreed with the integrator and published in OpenAPI (/api/docs, tag «Канал ПОС»). Unknown fields are
 * refused, so a change on the ПОС side is noticed instead of silently lost.
 */

const str = (max: number) => z.string().trim().max(max, `не длиннее ${max} символов`)
const optStr = (max: number) =>
  str(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null))
/** ПОС ids come as strings or numbers; we keep them as strings. */
const posIdentifier = (what: string) =>
  z
    .union(
      [
        str(100).min(1, `${what}: пустая строка`),
        z.number().int(`${what}: целое число`).nonnegative(`${what}: не отрицательное`),
      ],
      { error: `${what}: строка или целое число` },
    )
    .transform(String)

export const ZPosAddress = z
  .strictObject({
    text: optStr(500).describe('Адрес проблемы, как его указал заявитель'),
    lat: z.number().min(-90).max(90).nullable().optional().describe('Широта точки на карте (WGS 84)'),
    lon: z.number().min(-180).max(180).nullable().optional().describe('Долгота точки на карте (WGS 84)'),
  })
  .refine((a) => (a.lat == null) === (a.lon == null), {
    message: 'широту и долготу указывают вместе',
    path: ['lat'],
  })
  .describe('Место проблемы')

export const ZPosApplicant = z
  .strictObject({
    fullName: optStr(200).describe('ФИО заявителя (из ЕСИА)'),
    phone: optStr(40).describe('Телефон заявителя'),
    email: z
      .email('неверный адрес электронной почты')
      .max(200)
      .nullable()
      .optional()
      .or(z.literal('').transform(() => null))
      .describe('Адрес электронной почты заявителя'),
  })
  .describe('Контакты заявителя (персональные данные: хранятся в карточке, в списках маскируются)')

export const ZPosUtm = z
  .strictObject({
    source: optStr(200).describe('utm_source: откуда пришёл заявитель (например, vk)'),
    medium: optStr(200).describe('utm_medium'),
    campaign: optStr(200).describe('utm_campaign (например, ОГРН госпаблика)'),
    content: optStr(200).describe('utm_content'),
    term: optStr(200).describe('utm_term'),
  })
  .describe('Метки utm из адреса виджета ПОС')

export const ZPosAttachment = z
  .strictObject({
    name: str(300).min(1, 'укажите имя файла').describe('Имя файла'),
    url: z
      .url({ protocol: /^https?$/, error: 'ссылка на файл должна быть адресом http(s)' })
      .max(2000)
      .describe('Ссылка на файл в ПОС (сохраняется, файл не скачивается)'),
  })
  .describe('Вложение сообщения')

export const ZPosMessage = z
  .strictObject({
    posId: posIdentifier('posId').describe(
      'Идентификатор сообщения в ПОС (обязателен; по нему повтор не создаёт дубль)',
    ),
    opaId: posIdentifier('opaId')
      .nullable()
      .optional()
      .describe('Идентификатор организации в ПОС (параметр opaId виджета)'),
    fz59: z
      .boolean('fz59: true или false')
      .optional()
      .describe(
        'true — обращение по 59-ФЗ через ЕПГУ (режим fz59, срок 30 дней); false или нет — сообщение ПОС (режим pos)',
      ),
    category: optStr(300).describe('Категория по рубрикатору ПОС'),
    subcategory: optStr(300).describe('Подкатегория по рубрикатору ПОС'),
    text: str(20_000)
      .min(5, 'текст сообщения слишком короткий (не меньше 5 символов)')
      .describe('Текст сообщения'),
    createdAt: z.iso
      .datetime({ offset: true, message: 'дата в формате ISO 8601 с часовым поясом' })
      .optional()
      .describe('Когда сообщение подано в ПОС (ISO 8601); становится датой поступления. Нет — момент приёма'),
    address: ZPosAddress.nullable().optional(),
    applicant: ZPosApplicant.nullable().optional(),
    utm: ZPosUtm.nullable().optional(),
    attachments: z
      .array(ZPosAttachment)
      .max(20, 'не больше 20 вложений')
      .optional()
      .describe('Вложения: ссылки хранятся в обращении, файлы не скачиваются'),
  })
  .describe('Сообщение ПОС или обращение по 59-ФЗ, поступившее через ЕПГУ')
export type PosMessage = z.output<typeof ZPosMessage>

export const POS_BATCH_MAX = 500

export const ZPosBatch = z
  .strictObject({
    items: z
      .array(ZPosMessage)
      .min(1, 'пакет пуст: нужно хотя бы одно сообщение')
      .max(POS_BATCH_MAX, `не больше ${POS_BATCH_MAX} сообщений в одном пакете`)
      .describe(`Сообщения пакета (до ${POS_BATCH_MAX})`),
  })
  .describe('Пакет сообщений ПОС')

/** The body of POST /api/channels/pos/messages: one message, or a batch `{items}`. */
export const ZPosInbound = z.union([ZPosMessage, ZPosBatch])

export const ZPosItemResult = z.object({
  posId: z.string().describe('Идентификатор сообщения в ПОС'),
  regNumber: z.string().nullable().describe('Регистрационный номер в Вече (null — сообщение отклонено)'),
  created: z.boolean().describe('true — зарегистрировано сейчас; false — уже было (повтор) или отклонено'),
  error: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .describe('Причина отказа по этому сообщению; остальные сообщения пакета от неё не зависят'),
})
export type PosItemResult = z.infer<typeof ZPosItemResult>

export const ZPosInboundResult = z.object({
  items: z.array(ZPosItemResult),
  registered: z.number().describe('Сколько зарегистрировано сейчас'),
  duplicates: z.number().describe('Сколько уже было зарегистрировано раньше'),
  rejected: z.number().describe('Сколько отклонено'),
})
