import { z } from 'zod'
import { SECTOR_CODES } from '../../../../common/domain'

/** Version of the 152-ФЗ consent text below; kept with each appeal (meta.consentTextVersion). */
export const CONSENT_TEXT_VERSION = '2026-01'

/** The consent the citizen ticks (152-ФЗ ст. 9): what is processed, by whom, why, for how long. */
export const CONSENT_TEXT =
  'Я даю согласие Муниципальному центру управления города Смоленска и органам, которым будет направлено ' +
  'обращение, на обработку моих персональных данных (фамилия, имя, отчество, адрес, телефон, адрес ' +
  'электронной почты, а также сведения, которые я сообщаю в обращении) для рассмотрения обращения и ' +
  'направления ответа в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных» ' +
  'и Федеральным законом от 02.05.2006 № 59-ФЗ. Согласие действует до истечения срока хранения обращения ' +
  'и может быть отозвано письменным заявлением.'

/** Text fields of the multipart form; blank optional fields arrive as "" and mean "not given". */
const blank = z.literal('').transform(() => undefined)
const optionalText = (max: number) =>
  z.string().trim().max(max, `не длиннее ${max} символов`).optional().or(blank)
const coordinate = (min: number, max: number) =>
  z.coerce.number('неверная координата').min(min).max(max).optional().or(blank)

export const ZWebFormFields = z
  .object({
    text: z
      .string('напишите текст обращения')
      .trim()
      .min(5, 'текст обращения слишком короткий (не меньше 5 символов)')
      .max(20_000, 'не длиннее 20 000 символов'),
    sectorHint: z.enum(SECTOR_CODES, 'неизвестная категория').optional().or(blank),
    addressText: optionalText(500),
    lat: coordinate(-90, 90),
    lon: coordinate(-180, 180),
    // 59-ФЗ ст. 7 ч. 1: a written appeal names its author (фамилия, имя, отчество при наличии).
    fullName: z
      .string('укажите фамилию и имя')
      .trim()
      .max(200, 'не длиннее 200 символов')
      .regex(/^\S+\s+\S+/u, 'укажите фамилию и имя (отчество — при наличии)'),
    phone: optionalText(40).refine(
      (v) => !v || /^[\d\s()+-]{5,40}$/.test(v),
      'телефон: цифры, пробелы, скобки, «+» и «-»',
    ),
    email: z.email('неверный адрес электронной почты').max(200).optional().or(blank),
    postalAddress: optionalText(300),
    consent: z.literal('true', 'нужно согласие на обработку персональных данных'),
    token: z.string('форма без служебного ключа — обновите страницу').min(1).max(300),
    website: z.string().optional(),
    clientId: z.uuid('неверный идентификатор формы — обновите страницу'),
  })
  .strict()
  .superRefine((v, ctx) => {
    // 59-ФЗ ст. 7 ч. 1: the answer goes to a postal or an e-mail address, so one of them is required.
    if (!v.email && !v.postalAddress) {
      const message = 'укажите адрес электронной почты или почтовый адрес для ответа'
      ctx.addIssue({ code: 'custom', path: ['email'], message })
      ctx.addIssue({ code: 'custom', path: ['postalAddress'], message })
    }
    if ((v.lat === undefined) !== (v.lon === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'широту и долготу указывают вместе' })
    }
  })
export type WebFormFields = z.infer<typeof ZWebFormFields>

/** What the page needs before the citizen starts typing. */
export const ZWebFormInfo = z.object({
  token: z.string(),
  minDelaySeconds: z.number(),
  maxAgeSeconds: z.number(),
  sectors: z.array(z.object({ code: z.string(), name: z.string() })),
  limits: z.object({
    maxFiles: z.number(),
    maxFileBytes: z.number(),
    accept: z.array(z.string()),
    textMinLength: z.number(),
    textMaxLength: z.number(),
  }),
  consent: z.object({ version: z.string(), text: z.string() }),
})

export const ZWebFormResult = z.object({
  regNumber: z.string(),
  /** Null only when a repeated submit comes after the sealed copy of the code was dropped (> 2 h). */
  trackingCode: z.string().nullable(),
  trackingUrl: z.string(),
})

export const ZAddressSuggestQuery = z
  .object({ q: z.string().trim().min(2, 'не меньше 2 символов').max(100, 'не длиннее 100 символов') })
  .strict()

export const ZAddressSuggestions = z.object({
  items: z.array(
    z.object({
      addressText: z.string(),
      street: z.string(),
      district: z.object({ code: z.string(), name: z.string() }).nullable(),
    }),
  ),
})
