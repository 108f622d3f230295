import path from 'node:path'
import { z } from 'zod'

/** The only place that reads process.env: every setting is validated here and documented in .env.example. */
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL должен начинаться с postgres://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  VECHE_DATA_DIR: z.string().default('./data'),
  VECHE_ROLES: z
    .string()
    .default('api,worker,scheduler')
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['api', 'worker', 'scheduler'])).min(1, 'укажите хотя бы одну роль')),
  VECHE_DEMO_APPEALS: z.coerce.number().int().min(0).max(1_000_000).default(6000),
  VECHE_SEED: z.enum(['auto', 'demo', 'none']).default('auto'),
  VECHE_TILE_URL: z.string().optional(),
  VECHE_PUBLIC_URL: z.string().default('http://localhost:3000'),
  VECHE_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (never when exposed directly). */
  VECHE_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  VECHE_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Sign-in attempts per minute from one address (password guessing); a test run signing in often raises it. */
  VECHE_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** «Инцидент менеджмент» export: bearer token for POST /api/channels/incidents (besides staff sign-in). */
  VECHE_INCIDENTS_TOKEN: z
    .string()
    .min(16, 'VECHE_INCIDENTS_TOKEN: не короче 16 символов')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** VK connector: polls comments on the city's pages when the token and the page ids are set. */
  VECHE_VK_API_URL: z.url('VECHE_VK_API_URL: нужен адрес http(s)').default('https://api.vk.com/method'),
  VECHE_VK_TOKEN: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  VECHE_VK_OWNER_IDS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^-?[1-9]\d{0,15}$/,
            'VECHE_VK_OWNER_IDS: идентификаторы страниц через запятую, например -12345',
          )
          .transform(Number),
      ),
    ),
  VECHE_VK_API_VERSION: z
    .string()
    .regex(/^\d+\.\d+$/, 'VECHE_VK_API_VERSION: например 5.199')
    .default('5.199'),
  /** Answers to VK appeals are posted as a reply comment only when true; otherwise they stay on the tracking page. */
  VECHE_VK_REPLY: z
    .enum(['true', 'false'], 'VECHE_VK_REPLY: true или false')
    .default('false')
    .transform((v) => v === 'true'),
  /** HMAC key of the citizen portal's form tokens; unset → generated once and kept in channel_state. */
  VECHE_FORM_SECRET: z
    .string()
    .min(32, 'VECHE_FORM_SECRET: не короче 32 символов')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Telegram bot: the channel is on when the token is set (updates by webhook or by long polling). */
  VECHE_TELEGRAM_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'VECHE_TELEGRAM_TOKEN: токен бота от @BotFather вида 123456:ABC-DEF…')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  VECHE_TELEGRAM_API_ROOT: z
    .url({ protocol: /^https?$/, error: 'VECHE_TELEGRAM_API_ROOT: нужен адрес http(s)' })
    .default('https://api.telegram.org')
    .transform((s) => s.replace(/\/+$/, '')),
  VECHE_TELEGRAM_MODE: z
    .enum(['webhook', 'polling'], 'VECHE_TELEGRAM_MODE: webhook или polling')
    .default('webhook'),
  /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every webhook call (setWebhook secret_token). */
  VECHE_TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'VECHE_TELEGRAM_WEBHOOK_SECRET: 16–256 символов A-Z, a-z, 0-9, _ и -')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Open311 GeoReport v2 (/open311/v2): API keys of client apps as name:key pairs; none → POST answers 403. */
  VECHE_OPEN311_API_KEYS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^[A-Za-z0-9_.-]{1,40}:[!-~]{16,200}$/,
            'VECHE_OPEN311_API_KEYS: пары имя:ключ через запятую (имя — латиница и цифры, ключ — не короче 16 символов без пробелов)',
          )
          .transform((pair) => {
            const at = pair.indexOf(':')
            return { name: pair.slice(0, at), key: pair.slice(at + 1) }
          }),
      ),
    ),
  /** Open311 jurisdiction_id; unset → the host of VECHE_PUBLIC_URL. */
  VECHE_OPEN311_JURISDICTION: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** E-mail intake: the IMAP mailbox of the city's public address, polled when VECHE_IMAP_HOST is set. */
  VECHE_IMAP_HOST: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  VECHE_IMAP_PORT: z.coerce.number('VECHE_IMAP_PORT: номер порта').int().min(1).max(65535).optional(),
  VECHE_IMAP_SECURE: z
    .enum(['true', 'false'], 'VECHE_IMAP_SECURE: true или false')
    .default('true')
    .transform((v) => v === 'true'),
  VECHE_IMAP_USER: z.string().optional(),
  VECHE_IMAP_PASSWORD: z.string().optional(),
  VECHE_IMAP_MAILBOX: z.string().min(1, 'VECHE_IMAP_MAILBOX: имя папки').default('INBOX'),
  /** E-mail replies (acknowledgements, status notices, answers) go out through this SMTP server. */
  VECHE_SMTP_HOST: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  VECHE_SMTP_PORT: z.coerce.number('VECHE_SMTP_PORT: номер порта').int().min(1).max(65535).optional(),
  VECHE_SMTP_SECURE: z
    .enum(['true', 'false'], 'VECHE_SMTP_SECURE: true или false')
    .default('true')
    .transform((v) => v === 'true'),
  VECHE_SMTP_USER: z.string().optional(),
  VECHE_SMTP_PASSWORD: z.string().optional(),
  /** The From of outgoing mail, e.g. «МЦУ Смоленска <mcu@smolensk.example>». */
  VECHE_MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>]*<)?[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>?$/,
      'VECHE_MAIL_FROM: адрес вида «МЦУ <mcu@city.example>»',
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** ПОС inbound: bearer token of POST /api/channels/pos/messages; unset → the endpoint answers 503. */
  VECHE_POS_INBOUND_TOKEN: z
    .string()
    .min(16, 'VECHE_POS_INBOUND_TOKEN: не короче 16 символов')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** ПОС outbound: base URL status notices and answers are pushed to ({url}/messages/{posId}/…). */
  VECHE_POS_PUSH_URL: z
    .url({ protocol: /^https?$/, error: 'VECHE_POS_PUSH_URL: нужен адрес http(s)' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  VECHE_POS_PUSH_TOKEN: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Sector confidence from which an appeal is classified and routed without an operator (0..1; 1 = never). */
  VECHE_AUTOROUTE_CONFIDENCE: z.coerce
    .number('VECHE_AUTOROUTE_CONFIDENCE: число от 0 до 1')
    .min(0, 'VECHE_AUTOROUTE_CONFIDENCE: от 0 до 1')
    .max(1, 'VECHE_AUTOROUTE_CONFIDENCE: от 0 до 1')
    .default(0.95),
  /**
   * Where no urgency rule fires, the model's urgency head flags a text urgent from this probability (0..1; 1 = the
   * model never flags alone). Its flags are marked «проверьте» until a person confirms or clears them.
   */
  VECHE_URGENT_MODEL_CONFIDENCE: z.coerce
    .number('VECHE_URGENT_MODEL_CONFIDENCE: число от 0 до 1')
    .min(0, 'VECHE_URGENT_MODEL_CONFIDENCE: от 0 до 1')
    .max(1, 'VECHE_URGENT_MODEL_CONFIDENCE: от 0 до 1')
    .default(0.8),
  /**
   * «Направить по предложению» in the queue offers a proposal for sending at once only from this sector confidence
   * (0..1); below it the proposal is shown, and the operator decides in the card.
   */
  VECHE_SUGGEST_CONFIDENCE: z.coerce
    .number('VECHE_SUGGEST_CONFIDENCE: число от 0 до 1')
    .min(0, 'VECHE_SUGGEST_CONFIDENCE: от 0 до 1')
    .max(1, 'VECHE_SUGGEST_CONFIDENCE: от 0 до 1')
    .default(0.5),
  /** A social-network item whose request probability is below this goes to the «Проверка» list as noise. */
  VECHE_NOISE_BELOW: z.coerce
    .number('VECHE_NOISE_BELOW: число от 0 до 1')
    .min(0, 'VECHE_NOISE_BELOW: от 0 до 1')
    .max(1, 'VECHE_NOISE_BELOW: от 0 до 1')
    .default(0.2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
})

export type Env = z.infer<typeof ZEnv> & { dataDir: string }

/** Parses the environment once; a bad value stops the process with a Russian message. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = ZEnv.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Неверные настройки окружения:\n${lines.join('\n')}`)
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.VECHE_DATA_DIR) }
}

/**
 * Where the shipped model is cached (VECHE_MODEL_CACHE, see .env.example). Read on its own because the model is
 * also used by tools that never load the whole server configuration (`veche understand`, `npm run eval`).
 */
export function modelCacheDir(fallback: string): string {
  return process.env.VECHE_MODEL_CACHE || fallback
}
