import crypto from 'node:crypto'
import { and, count, eq, sql } from 'drizzle-orm'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpApp } from '../server/app'
import { CHANNEL_ADAPTERS } from '../server/channels'
import { jobs } from '../server/db/jobs.tables'
import { appeals, applicants, attachments } from '../server/modules/appeals/appeals.tables'
import { readChannelState } from '../server/modules/channels/channel-state'
import { pollTelegramOnce, runTelegramSchedule } from '../server/modules/intake/telegram/telegram.poller'
import type { Database } from '../server/platform/db'
import type { Env } from '../server/platform/env'
import { drainJobs, makeAppeal, makeUser, openTestDatabase, signIn, testEnv, unitId } from './helpers'
import { type FakeTelegram, startFakeTelegram } from './peers/fake-telegram'

const SECRET = 'test-webhook-secret_0123456789'
const WEBHOOK = '/api/channels/telegram/webhook'

const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF-telegram-photo'),
])
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  crypto.randomBytes(64),
])
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), crypto.randomBytes(200)])

let fake: FakeTelegram
let database: Database
let env: Env
let app: FastifyInstance

beforeAll(async () => {
  fake = await startFakeTelegram()
  database = await openTestDatabase()
  env = testEnv({
    VECHE_TELEGRAM_TOKEN: fake.token,
    VECHE_TELEGRAM_API_ROOT: fake.apiRoot,
    VECHE_TELEGRAM_WEBHOOK_SECRET: SECRET,
  })
  app = (await createHttpApp(database, env, false)) as unknown as FastifyInstance
  await app.ready()
})

afterAll(async () => {
  await app?.close()
  await database?.close()
  await fake?.close()
})

// ─── Updates as Telegram sends them ─────────────────────────────────────────────────────────────

let updateId = crypto.randomInt(1_000_000, 900_000_000)
let messageId = 1
const newChat = () => crypto.randomInt(10_000_000, 2_000_000_000)
const user = (chatId: number) => ({
  id: chatId,
  is_bot: false,
  first_name: 'Анна',
  last_name: 'Петрова',
  username: 'anna_smol',
})

function message(chatId: number, fields: Record<string, unknown>) {
  return {
    update_id: ++updateId,
    message: {
      message_id: ++messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Анна' },
      from: user(chatId),
      ...fields,
    },
  }
}
const text = (chatId: number, t: string) => {
  const command = /^\/\w+/.exec(t)
  return message(chatId, {
    text: t,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
  })
}
function photo(chatId: number, data: Buffer, extra: Record<string, unknown> = {}) {
  const fileId = `AgAC${crypto.randomBytes(6).toString('hex')}`
  fake.addFile(fileId, data)
  return message(chatId, {
    photo: [
      { file_id: `${fileId}_small`, file_unique_id: 's', width: 90, height: 90 },
      { file_id: fileId, file_unique_id: 'l', width: 1280, height: 960, file_size: data.length },
    ],
    ...extra,
  })
}
const location = (chatId: number, lat: number, lon: number) =>
  message(chatId, { location: { latitude: lat, longitude: lon } })
function rateButton(chatId: number, appealId: number, score: number) {
  return {
    update_id: ++updateId,
    callback_query: {
      id: `cb${crypto.randomBytes(4).toString('hex')}`,
      from: user(chatId),
      chat_instance: 'ci',
      data: `rate:${appealId}:${score}`,
      message: {
        message_id: 5,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private' },
        text: 'Ответ…',
      },
    },
  }
}

const post = (update: unknown, secret: string | null = SECRET) =>
  app.inject({
    method: 'POST',
    url: WEBHOOK,
    headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
    payload: update as object,
  })

async function send(update: unknown) {
  const res = await post(update)
  expect(res.statusCode, res.body).toBe(200)
  return res
}

const replies = (chatId: number) => fake.sent('sendMessage', chatId).map((p) => String(p.text))
const lastReply = (chatId: number) => replies(chatId).at(-1) ?? ''

async function chatAppeals(chatId: number) {
  return database.db
    .select()
    .from(appeals)
    .where(
      and(eq(appeals.channel, 'telegram'), sql`(${appeals.meta}->'telegram'->>'chatId')::bigint = ${chatId}`),
    )
    .orderBy(appeals.id)
}
const attachmentsOf = (appealId: number) =>
  database.db.select().from(attachments).where(eq(attachments.appealId, appealId)).orderBy(attachments.id)

/**
 * Runs the appeal's queued jobs through the real telegram adapter until `done` holds. Other test files
 * share the queue, so a job may have been taken (and failed) by their worker: make it due and drain again.
 */
async function drainUntil(appealId: number, done: () => boolean) {
  for (let i = 0; i < 8 && !done(); i++) {
    await database.db
      .update(jobs)
      .set({ runAt: new Date(Date.now() - 1000) })
      .where(and(eq(jobs.state, 'queued'), sql`(${jobs.payload}->>'appealId')::bigint = ${appealId}`))
    await drainJobs(database, { env, adapters: CHANNEL_ADAPTERS })
  }
  expect(done()).toBe(true)
}

// ─── Tests ──────────────────────────────────────────────────────────────────────────────────────

describe('Telegram bot: webhook security', () => {
  it('refuses a wrong or missing secret with 401 and changes nothing; an unconfigured bot answers 503', async () => {
    const chat = newChat()
    const callsBefore = fake.calls.length
    for (const secret of ['wrong-secret-0000000000', null]) {
      const res = await post(text(chat, 'Во дворе дома 7 на ул. Ленина не горит фонарь'), secret)
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('UNAUTHENTICATED')
      expect(res.json().error.message).toMatch(/секретный токен/)
    }
    expect(await chatAppeals(chat)).toHaveLength(0)
    expect(fake.calls.length).toBe(callsBefore)

    const bare = (await createHttpApp(database, testEnv(), false)) as unknown as FastifyInstance
    try {
      const res = await bare.inject({
        method: 'POST',
        url: WEBHOOK,
        headers: { 'x-telegram-bot-api-secret-token': SECRET },
        payload: text(chat, 'Во дворе дома 7 на ул. Ленина не горит фонарь'),
      })
      expect(res.statusCode).toBe(503)
      expect(res.json().error.message).toMatch(/не настроен/)
    } finally {
      await bare.close()
    }
    expect(await chatAppeals(chat)).toHaveLength(0)
  })
})

describe('Telegram bot: a citizen reports a problem', () => {
  it('/start explains what to send and gives the 152-ФЗ notice', async () => {
    const chat = newChat()
    await send(text(chat, '/start'))
    expect(lastReply(chat)).toMatch(/опишите проблему/i)
    expect(lastReply(chat)).toMatch(/152-ФЗ/)
    expect(await chatAppeals(chat)).toHaveLength(0)
  })

  it('registers a text at once, replies with number, code and link; a replayed update changes nothing', async () => {
    const chat = newChat()
    const update = text(chat, 'На ул. Николаева у дома 12 открыт канализационный люк')
    await send(update)
    const [appeal] = await chatAppeals(chat)
    expect(appeal).toMatchObject({
      channel: 'telegram',
      regime: 'message',
      status: 'registered',
      externalId: `${chat}:${update.message.message_id}`,
      text: 'На ул. Николаева у дома 12 открыт канализационный люк',
    })
    expect(appeal.meta).toEqual({
      telegram: { chatId: chat, userId: chat, messageId: update.message.message_id },
    })
    const [applicant] = await database.db.select().from(applicants).where(eq(applicants.appealId, appeal.id))
    expect(applicant).toMatchObject({ fullName: 'Анна Петрова', handle: '@anna_smol' })

    expect(replies(chat)).toHaveLength(1)
    const reply = lastReply(chat)
    expect(reply).toContain(appeal.regNumber)
    expect(reply).toContain(`http://veche.test/track/${encodeURIComponent(appeal.regNumber)}`)
    const code = /Код для отслеживания: (\d{6})/.exec(reply)?.[1]
    expect(code).toBeTruthy()
    // The code in the chat opens the tracking page.
    const track = await app.inject({
      method: 'GET',
      url: `/api/public/appeals/${encodeURIComponent(appeal.regNumber)}?code=${code}`,
    })
    expect(track.statusCode, track.body).toBe(200)

    // Telegram redelivers the same update: one appeal, one reply.
    await send(update)
    await send(update)
    expect(await chatAppeals(chat)).toHaveLength(1)
    expect(replies(chat)).toHaveLength(1)

    // Too short a text is not registered; the bot asks for more.
    await send(text(chat, 'яма'))
    expect(await chatAppeals(chat)).toHaveLength(1)
    expect(lastReply(chat)).toMatch(/подробнее/)
  })

  it('a photo with a caption registers with the photo; then a location and another photo join it', async () => {
    const chat = newChat()
    await send(photo(chat, JPEG, { caption: 'Яма на дороге у остановки «Колхозная площадь»' }))
    const [appeal] = await chatAppeals(chat)
    expect(appeal.text).toBe('Яма на дороге у остановки «Колхозная площадь»')
    let files = await attachmentsOf(appeal.id)
    expect(files).toHaveLength(1)
    expect(files[0].mime).toBe('image/jpeg')
    expect(Buffer.compare(files[0].content as Buffer, JPEG)).toBe(0)
    // The largest size was downloaded through getFile.
    expect(fake.sent('getFile').at(-1)?.file_id).not.toMatch(/_small$/)

    await send(location(chat, 54.7818, 32.0401))
    const [located] = await chatAppeals(chat)
    expect(located.lat).toBeCloseTo(54.7818)
    expect(located.lon).toBeCloseTo(32.0401)
    expect(located.districtCode).toBeTruthy()
    expect(lastReply(chat)).toContain(`Место добавлено к обращению ${appeal.regNumber}`)

    await send(photo(chat, PNG))
    files = await attachmentsOf(appeal.id)
    expect(files.map((f) => f.mime)).toEqual(['image/jpeg', 'image/png'])
    expect(Buffer.compare(files[1].content as Buffer, PNG)).toBe(0)
    expect(lastReply(chat)).toContain(`Фото добавлено к обращению ${appeal.regNumber}`)
    expect(await chatAppeals(chat)).toHaveLength(1)
  })

  it('refuses an EXE disguised as a photo politely and stores nothing', async () => {
    const chat = newChat()
    const [{ n: before }] = await database.db.select({ n: count() }).from(attachments)
    await send(photo(chat, EXE, { caption: 'Посмотрите фото свалки во дворе дома 3' }))
    expect(await chatAppeals(chat)).toHaveLength(0)
    const [{ n: after }] = await database.db.select({ n: count() }).from(attachments)
    expect(after).toBe(before)
    expect(lastReply(chat)).toMatch(/не является фотографией/)
    expect(lastReply(chat)).toMatch(/ничего не сохранено/)
  })

  it('a photo and a place sent before the description wait for it; an album becomes one appeal', async () => {
    const chat = newChat()
    await send(photo(chat, JPEG))
    expect(lastReply(chat)).toMatch(/опишите проблему текстом/i)
    await send(location(chat, 54.7818, 32.0401))
    expect(await chatAppeals(chat)).toHaveLength(0)
    await send(text(chat, 'Сломана скамейка на детской площадке'))
    const [appeal] = await chatAppeals(chat)
    expect(appeal.lat).toBeCloseTo(54.7818)
    expect(appeal.districtCode).toBeTruthy()
    expect(await attachmentsOf(appeal.id)).toHaveLength(1)

    const other = newChat()
    const album = { media_group_id: `mg${crypto.randomInt(1e9)}` }
    await send(photo(other, JPEG, { ...album, caption: 'Поваленное дерево перегородило тротуар' }))
    await send(photo(other, PNG, album))
    await send(photo(other, JPEG, album))
    const [one, ...more] = await chatAppeals(other)
    expect(more).toHaveLength(0)
    expect(await attachmentsOf(one.id)).toHaveLength(3)
    expect(replies(other)).toHaveLength(1)
  })

  it('/status shows the status and history only for the chat that filed the appeal', async () => {
    const chat = newChat()
    await send(text(chat, 'Не работает светофор на перекрёстке Гагарина и Дзержинского'))
    const [appeal] = await chatAppeals(chat)
    await send(text(chat, `/status ${appeal.regNumber}`))
    expect(lastReply(chat)).toContain(`Обращение ${appeal.regNumber}`)
    expect(lastReply(chat)).toContain('Статус: Зарегистрировано')
    expect(lastReply(chat)).toContain('Обращение зарегистрировано')
    // A Latin «C» typed instead of the Cyrillic one is understood.
    await send(text(chat, `/status ${appeal.regNumber.replace('С', 'C').toLowerCase()}`))
    expect(lastReply(chat)).toContain('Статус: Зарегистрировано')

    const stranger = newChat()
    await send(text(stranger, `/status ${appeal.regNumber}`))
    expect(lastReply(stranger)).toMatch(/не найдено/)
    expect(lastReply(stranger)).not.toContain('Зарегистрировано')
    const phoneAppeal = await makeAppeal(database)
    await send(text(chat, `/status ${phoneAppeal.regNumber}`))
    expect(lastReply(chat)).toMatch(/не найдено/)
  })
})

describe('Telegram bot: status notices, the answer and its rating', () => {
  async function registeredFrom(chat: number, t: string) {
    await send(text(chat, t))
    const [appeal] = await chatAppeals(chat)
    return appeal
  }

  async function assign(appealId: number) {
    const operator = await signIn(app, await makeUser(database, 'operator'))
    const res = await app.inject({
      method: 'POST',
      url: `/api/appeals/${appealId}/assign`,
      headers: { cookie: operator },
      payload: { sectorCode: 'housing', unitId: await unitId(database, 'ugkh') },
    })
    expect(res.statusCode, res.body).toBe(200)
  }

  async function answerAndApprove(appealId: number, answer: string) {
    const executor = await signIn(app, await makeUser(database, 'executor', { unit: 'ugkh' }))
    const coordinator = await signIn(app, await makeUser(database, 'coordinator'))
    const a = await app.inject({
      method: 'POST',
      url: `/api/appeals/${appealId}/answer`,
      headers: { cookie: executor },
      payload: { text: answer },
    })
    expect(a.statusCode, a.body).toBe(200)
    const b = await app.inject({
      method: 'POST',
      url: `/api/appeals/${appealId}/approve`,
      headers: { cookie: coordinator },
      payload: {},
    })
    expect(b.statusCode, b.body).toBe(200)
  }

  const statusOf = async (id: number) =>
    (await database.db.select({ status: appeals.status }).from(appeals).where(eq(appeals.id, id)))[0].status

  it('sends status changes and the answer with 1–5 buttons; a rating of 5 from the same chat is recorded', async () => {
    const chat = newChat()
    const appeal = await registeredFrom(chat, 'Третий день нет горячей воды в доме 4 по ул. Кирова')
    await assign(appeal.id)
    await drainUntil(appeal.id, () => replies(chat).some((r) => r.includes('В работе у исполнителя')))
    expect(lastReply(chat)).toContain(appeal.regNumber)

    await answerAndApprove(appeal.id, 'Горячая вода подана 14.11 в 10:00 после ремонта трубопровода.')
    await drainUntil(appeal.id, () => replies(chat).some((r) => r.includes('Горячая вода подана')))
    const answerMsg = fake
      .sent('sendMessage', chat)
      .find((p) => String(p.text).includes('Горячая вода подана'))
    expect(answerMsg?.text).toMatch(/Оцените ответ/)
    const markup = answerMsg?.reply_markup as
      | { inline_keyboard: { text: string; callback_data: string }[][] }
      | undefined
    const buttons = markup?.inline_keyboard.flat() ?? []
    expect(buttons.map((b) => b.text)).toEqual(['1', '2', '3', '4', '5'])
    expect(buttons[4].callback_data).toBe(`rate:${appeal.id}:5`)
    expect(await statusOf(appeal.id)).toBe('answered')

    // Another chat pressing a forged button is refused and changes nothing.
    const stranger = newChat()
    await send(rateButton(stranger, appeal.id, 1))
    expect(await statusOf(appeal.id)).toBe('answered')
    expect(String(fake.sent('answerCallbackQuery').at(-1)?.text)).toMatch(/только заявитель/)

    const press = rateButton(chat, appeal.id, 5)
    await send(press)
    const [rated] = await database.db.select().from(appeals).where(eq(appeals.id, appeal.id))
    expect(rated.status).toBe('rated')
    expect(rated.rating).toBe(5)
    const acks = fake
      .sent('answerCallbackQuery')
      .filter((p) => p.callback_query_id === press.callback_query.id)
    expect(acks).toHaveLength(1)
    expect(lastReply(chat)).toMatch(/5 из 5/)
    // The same press delivered again is not a second rating and gets no second answer.
    await send(press)
    expect(
      fake.sent('answerCallbackQuery').filter((p) => p.callback_query_id === press.callback_query.id),
    ).toHaveLength(1)
  })

  it('a rating of 1 reopens the appeal; a long answer is split under 4096 characters', async () => {
    const chat = newChat()
    const appeal = await registeredFrom(chat, 'Управляющая компания не убирает снег во дворе дома 9')
    await assign(appeal.id)
    const long = `${'Уборка снега выполняется по графику. '.repeat(160)}Конец ответа.`
    expect(long.length).toBeGreaterThan(4096)
    await answerAndApprove(appeal.id, long)
    await drainUntil(appeal.id, () => replies(chat).some((r) => r.includes('Конец ответа.')))
    const parts = fake.sent('sendMessage', chat).filter((p) => String(p.text).includes('Уборка снега'))
    expect(parts.length).toBeGreaterThanOrEqual(2)
    for (const p of parts) expect(String(p.text).length).toBeLessThanOrEqual(4096)
    expect(parts.at(-1)?.reply_markup).toBeTruthy()
    expect(parts[0].reply_markup).toBeUndefined()

    await send(rateButton(chat, appeal.id, 1))
    expect(await statusOf(appeal.id)).toBe('returned')
    expect(lastReply(chat)).toMatch(/возвращено на доработку/)
  })

  it('a 429 or a 500 from Telegram keeps the job for a retry; the notice is sent once it recovers', async () => {
    const chat = newChat()
    const appeal = await registeredFrom(chat, 'Не вывезен мусор с контейнерной площадки у дома 15')
    fake.failNext('sendMessage', 429, { retryAfter: 3, chatId: chat })
    await assign(appeal.id)
    const notice = () => replies(chat).filter((r) => r.includes('В работе у исполнителя'))
    await drainJobs(database, { env, adapters: CHANNEL_ADAPTERS })
    const [job] = await database.db
      .select()
      .from(jobs)
      .where(
        and(eq(jobs.name, 'channels.notify'), sql`(${jobs.payload}->>'appealId')::bigint = ${appeal.id}`),
      )
    expect(job.state).toBe('queued')
    expect(job.lastError).toMatch(/429/)
    expect(notice()).toHaveLength(0)

    fake.failNext('sendMessage', 500, { chatId: chat })
    await drainUntil(appeal.id, () => notice().length > 0)
    expect(notice()).toHaveLength(1)
    const [done] = await database.db.select().from(jobs).where(eq(jobs.id, job.id))
    expect(done.state).toBe('done')
  })

  it('a reply Telegram refuses with a 500 is sent on the redelivery of the update, once', async () => {
    const chat = newChat()
    fake.failNext('sendMessage', 500, { chatId: chat })
    const update = text(chat, 'Во дворе дома 21 на ул. Октябрьской революции разбит фонарь')
    const first = await post(update)
    expect(first.statusCode).toBe(503)
    expect(first.json().error.message).toMatch(/повторите/)
    expect(await chatAppeals(chat)).toHaveLength(1)
    expect(replies(chat)).toHaveLength(0)
    await send(update)
    await send(update)
    expect(await chatAppeals(chat)).toHaveLength(1)
    expect(replies(chat)).toHaveLength(1)
    expect(lastReply(chat)).toMatch(/Обращение зарегистрировано/)
  })
})

describe('Telegram bot: long polling', () => {
  it('takes updates with getUpdates and moves the offset only past handled updates', async () => {
    const pollEnv = testEnv({
      VECHE_TELEGRAM_TOKEN: fake.token,
      VECHE_TELEGRAM_API_ROOT: fake.apiRoot,
      VECHE_TELEGRAM_MODE: 'polling',
    })
    const chat = newChat()
    const a = text(chat, 'Не горят фонари вдоль ул. Дзержинского')
    const b = text(chat, 'И на ул. Тенишевой тоже темно вечером')
    fake.queueUpdates(a, b)
    // The reply to the first update fails: the round stops there and the offset does not pass it.
    fake.failNext('sendMessage', 500, { chatId: chat })
    await expect(pollTelegramOnce(database.db, pollEnv)).rejects.toThrow(/Telegram/)
    expect(await readChannelState(database.db, 'telegram', 'offset')).not.toBe(a.update_id + 1)
    expect(await chatAppeals(chat)).toHaveLength(1)

    expect(await pollTelegramOnce(database.db, pollEnv)).toBe(2)
    expect(await readChannelState(database.db, 'telegram', 'offset')).toBe(b.update_id + 1)
    expect(await chatAppeals(chat)).toHaveLength(2)
    expect(replies(chat)).toHaveLength(2)

    // Nothing new: the next round handles nothing and sends nothing.
    expect(await pollTelegramOnce(database.db, pollEnv)).toBe(0)
    expect(fake.sent('getUpdates').at(-1)?.offset).toBe(b.update_id + 1)
    expect(replies(chat)).toHaveLength(2)
  })

  it('the scheduler task drops the webhook before polling, and sets it (with the secret) in webhook mode', async () => {
    const log = { info() {}, warn() {}, error() {} } as unknown as FastifyBaseLogger
    const pollEnv = testEnv({
      VECHE_TELEGRAM_TOKEN: fake.token,
      VECHE_TELEGRAM_API_ROOT: fake.apiRoot,
      VECHE_TELEGRAM_MODE: 'polling',
    })
    const chat = newChat()
    const update = text(chat, 'Сосулька над входом в подъезд дома 2 на ул. Пржевальского')
    fake.queueUpdates(update)
    expect(await runTelegramSchedule({ db: database.db, env: pollEnv, log })).toBe(1)
    expect(fake.sent('deleteWebhook')).toHaveLength(1)
    expect(await chatAppeals(chat)).toHaveLength(1)
    expect(await readChannelState(database.db, 'telegram', 'offset')).toBe(update.update_id + 1)

    const hookEnv = testEnv({
      VECHE_TELEGRAM_TOKEN: fake.token,
      VECHE_TELEGRAM_API_ROOT: fake.apiRoot,
      VECHE_TELEGRAM_WEBHOOK_SECRET: SECRET,
      VECHE_PUBLIC_URL: 'https://veche.example/',
    })
    expect(await runTelegramSchedule({ db: database.db, env: hookEnv, log })).toBe(0)
    expect(fake.sent('setWebhook')).toEqual([
      {
        url: 'https://veche.example/api/channels/telegram/webhook',
        secret_token: SECRET,
        allowed_updates: ['message', 'callback_query'],
      },
    ])
  })
})
