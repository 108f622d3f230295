import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { and, count, eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpApp } from '../server/app'
import { appeals, attachments } from '../server/modules/appeals/appeals.tables'
import { readChannelState } from '../server/modules/channels/channel-state'
import { SECRET_CHANNEL, signFormToken } from '../server/modules/intake/web-form/form-token'
import type { Database } from '../server/platform/db'
import { makeUser, openTestApp, openTestDatabase, signIn, testEnv } from './helpers'

/**
 * The citizen portal's form over HTTP, multipart bodies built by the platform's own FormData: exactly
 * once per form fill, files checked by content, bots refused, nothing stored on any refusal.
 */

const SECRET = crypto.randomBytes(32).toString('hex')
const russian = /[а-яё]/i
let app: FastifyInstance
let database: Database
let ipCounter = 0

beforeAll(async () => {
  database = await openTestDatabase()
  app = (await createHttpApp(
    database,
    testEnv({ VECHE_FORM_SECRET: SECRET }),
    false,
  )) as unknown as FastifyInstance
  await app.ready()
})
afterAll(async () => {
  await app?.close()
  await database?.close()
})

/** Each test submits from its own address, so the per-address limit only bites where it is tested. */
const nextIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`

/** A token as if the form had been shown `ageMs` ago. */
const oldToken = (ageMs = 10_000) => signFormToken(SECRET, Date.now() - ageMs)

/** A real PNG of one colour (zlib + CRC by hand), so browsers and the server see a genuine image. */
function makePng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, sum])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())])
  const raw = Buffer.concat(Array(height).fill(row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(200, 7),
])
const EXE = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), Buffer.alloc(500, 1)])

type Fields = Record<string, string | undefined>
type File = { name: string; data: Buffer; type?: string }

function validFields(overrides: Fields = {}): Fields {
  return {
    text: `Во дворе дома ${crypto.randomUUID().slice(0, 8)} по улице Ленина третью неделю не вывозят мусор.`,
    sectorHint: 'waste',
    addressText: 'ул. Ленина, 5',
    lat: '54.7825',
    lon: '32.0420',
    fullName: 'Петрова Анна Сергеевна',
    phone: '+7 (910) 555-12-34',
    email: 'anna@example.ru',
    postalAddress: '',
    consent: 'true',
    token: oldToken(),
    website: '',
    clientId: crypto.randomUUID(),
    ...overrides,
  }
}

/** A multipart body exactly as a browser's FormData would send it. */
async function multipart(fields: Fields, files: File[] = []) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v)
  for (const f of files)
    form.append('files', new Blob([new Uint8Array(f.data)], { type: f.type ?? 'image/png' }), f.name)
  const request = new Request('http://veche.test/', { method: 'POST', body: form })
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') as string },
  }
}

async function submit(fields: Fields, files: File[] = [], ip = nextIp()) {
  const body = await multipart(fields, files)
  return app.inject({ method: 'POST', url: '/api/public/appeals', remoteAddress: ip, ...body })
}

const appealsByClient = async (clientId: string | undefined) =>
  (
    await database.db
      .select({ n: count() })
      .from(appeals)
      .where(and(eq(appeals.channel, 'web'), eq(appeals.externalId, clientId ?? '')))
  )[0].n

const attachmentCount = async () => (await database.db.select({ n: count() }).from(attachments))[0].n

function expectRefusal(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status)
  const body = res.json() as { error: { code: string; message: string } }
  expect(body.error.code).toBe(code)
  expect(body.error.message).toMatch(russian)
  return body.error as { code: string; message: string; details?: { path: string; message: string }[] }
}

describe('GET /api/public/form', () => {
  it('gives a signed token, the sectors for the hint, the limits and the consent text', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/public/form', remoteAddress: nextIp() })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.token).toMatch(/^v1\.\d{13}\.[0-9a-f-]{36}\.[\w-]+$/)
    expect(body.sectors.map((s: { code: string }) => s.code)).toContain('waste')
    expect(body.limits).toMatchObject({ maxFiles: 5, maxFileBytes: 10 * 1024 * 1024 })
    expect(body.consent.text).toMatch(/152-ФЗ/)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('without VECHE_FORM_SECRET generates a secret once and keeps it in channel_state', async () => {
    const other = await openTestApp()
    try {
      const stored = await readChannelState<{ secret: string }>(database.db, SECRET_CHANNEL, 'form-secret')
      expect(stored?.secret).toMatch(/^[0-9a-f]{64}$/)
      const res = await other.app.inject({ method: 'GET', url: '/api/public/form' })
      const [, issuedAt, nonce] = res.json().token.split('.')
      expect(res.json().token).toBe(signFormToken(stored?.secret as string, Number(issuedAt), nonce))
    } finally {
      await other.close()
    }
  })
})

describe('POST /api/public/appeals', () => {
  it('registers a 59-ФЗ web appeal with two photos, consent in meta and the category only as a hint', async () => {
    const fields = validFields()
    const png = makePng(4, 3, [200, 30, 30])
    const res = await submit(fields, [
      { name: 'двор.png', data: png },
      { name: 'IMG_0001.jpg', data: JPEG, type: 'image/jpeg' },
    ])
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    expect(body.regNumber).toMatch(/^\S+-\d{4}-\d{6}$/)
    expect(body.trackingCode).toMatch(/^\d{6}$/)
    expect(body.trackingUrl).toBe(
      `http://veche.test/track/${encodeURIComponent(body.regNumber)}?code=${body.trackingCode}`,
    )

    const [row] = await database.db.select().from(appeals).where(eq(appeals.regNumber, body.regNumber))
    expect(row).toMatchObject({
      channel: 'web',
      regime: 'fz59',
      externalId: fields.clientId,
      sectorCode: null,
    })
    expect(row.text).toBe(fields.text)
    expect(row.districtCode).not.toBeNull()
    expect(row.meta).toMatchObject({ sectorHint: 'waste', consentTextVersion: '2026-01' })
    expect(Date.parse((row.meta as { consentAt: string }).consentAt)).toBeGreaterThan(Date.now() - 60_000)

    // The citizen's tracking page works with the returned code.
    const track = await app.inject({
      method: 'GET',
      url: `/api/public/appeals/${encodeURIComponent(body.regNumber)}?code=${body.trackingCode}`,
      remoteAddress: nextIp(),
    })
    expect(track.statusCode).toBe(200)

    // Staff see both files on the card with their real types, and can open them.
    const cookie = await signIn(app, await makeUser(database, 'operator'))
    const card = await app.inject({ method: 'GET', url: `/api/appeals/${row.id}`, headers: { cookie } })
    expect(card.statusCode).toBe(200)
    const files = card.json().attachments
    expect(files.map((f: { mime: string }) => f.mime)).toEqual(['image/png', 'image/jpeg'])
    expect(files[0]).toMatchObject({ fileName: 'двор.png', size: png.length })
    const image = await app.inject({ method: 'GET', url: files[0].url, headers: { cookie } })
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(Buffer.compare(image.rawPayload, png)).toBe(0)
  })

  it('refuses a "PNG" that is really an EXE, naming the file, and stores nothing', async () => {
    const fields = validFields()
    const before = await attachmentCount()
    const res = await submit(fields, [
      { name: 'фото.png', data: makePng(2, 2, [0, 0, 0]) },
      { name: 'photo.png', data: EXE },
    ])
    const error = expectRefusal(res, 400, 'VALIDATION_FAILED')
    expect(error.message).toContain('«photo.png»')
    expect(error.details).toEqual([{ path: 'files.1', message: expect.any(String) }])
    expect(await appealsByClient(fields.clientId)).toBe(0)
    expect(await attachmentCount()).toBe(before)
    // The token was not spent: the same form with a good file goes through.
    const retry = await submit(fields, [{ name: 'фото.png', data: makePng(2, 2, [0, 0, 0]) }])
    expect(retry.statusCode, retry.body).toBe(201)
  })

  it('refuses six files with a 400', async () => {
    const fields = validFields()
    const png = makePng(1, 1, [1, 2, 3])
    const res = await submit(
      fields,
      Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, data: png })),
    )
    const error = expectRefusal(res, 400, 'VALIDATION_FAILED')
    expect(error.message).toMatch(/не больше 5 файлов/)
    expect(await appealsByClient(fields.clientId)).toBe(0)
  })

  it('refuses a 20 MB body with a Russian 413, over a real socket too', async () => {
    const fields = validFields()
    const big = Buffer.concat([makePng(1, 1, [9, 9, 9]), Buffer.alloc(20 * 1024 * 1024)])
    const res = await submit(fields, [{ name: 'огромное.png', data: big }])
    const error = expectRefusal(res, 413, 'PAYLOAD_TOO_LARGE')
    expect(error.message).toContain('«огромное.png»')
    expect(await appealsByClient(fields.clientId)).toBe(0)

    // Over real HTTP the refusal arrives while the client is still sending.
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const form = new FormData()
    for (const [k, v] of Object.entries(validFields())) if (v !== undefined) form.append(k, v)
    form.append('files', new Blob([new Uint8Array(big)], { type: 'image/png' }), 'огромное.png')
    const real = await fetch(`${address}/api/public/appeals`, { method: 'POST', body: form })
    expect(real.status).toBe(413)
    expect((await real.json()).error.message).toMatch(russian)

    // A declared length beyond 5 × 10 MB is refused before a byte is read.
    const huge = await app.inject({
      method: 'POST',
      url: '/api/public/appeals',
      remoteAddress: nextIp(),
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(60 * 1024 * 1024),
      },
      payload: '--x--',
    })
    expect(huge.statusCode).toBe(413)
    expect(huge.json().error.message).toMatch(/не больше 5 файлов по 10 МБ/)
  })

  it('refuses a 100 kB text field with a 413 naming the field', async () => {
    const res = await submit(validFields({ text: 'я'.repeat(60_000) }))
    const error = expectRefusal(res, 413, 'PAYLOAD_TOO_LARGE')
    expect(error.message).toContain('«text»')
  })

  it('requires the 152-ФЗ consent, a name and an address for the answer, each reported next to its field', async () => {
    const noConsent = validFields({ consent: undefined })
    const error = expectRefusal(await submit(noConsent), 400, 'VALIDATION_FAILED')
    expect(error.details).toContainEqual({ path: 'consent', message: expect.stringMatching(/согласие/) })
    expect(await appealsByClient(noConsent.clientId)).toBe(0)

    const falseConsent = expectRefusal(
      await submit(validFields({ consent: 'false' })),
      400,
      'VALIDATION_FAILED',
    )
    expect(falseConsent.details?.map((d) => d.path)).toContain('consent')

    const noAddress = expectRefusal(
      await submit(validFields({ email: '', postalAddress: '', fullName: 'Петрова' })),
      400,
      'VALIDATION_FAILED',
    )
    expect(noAddress.details?.map((d) => d.path).sort()).toEqual(['email', 'fullName', 'postalAddress'])

    const postalOnly = await submit(
      validFields({ email: '', postalAddress: 'г. Смоленск, ул. Ленина, д. 5, кв. 1' }),
    )
    expect(postalOnly.statusCode, postalOnly.body).toBe(201)
  })

  it('refuses a filled honeypot', async () => {
    const fields = validFields({ website: 'http://spam.example' })
    const error = expectRefusal(await submit(fields), 400, 'VALIDATION_FAILED')
    expect(error.details).toEqual([{ path: 'website', message: expect.any(String) }])
    expect(await appealsByClient(fields.clientId)).toBe(0)
  })

  it('refuses a token used within 3 seconds, a forged one and an expired one', async () => {
    const form = await app.inject({ method: 'GET', url: '/api/public/form', remoteAddress: nextIp() })
    const fast = validFields({ token: form.json().token })
    const error = expectRefusal(await submit(fast), 400, 'VALIDATION_FAILED')
    expect(error.message).toMatch(/слишком быстро/)
    expect(error.details?.[0].path).toBe('token')
    expect(await appealsByClient(fast.clientId)).toBe(0)

    const forged = signFormToken('другой-секрет-другой-секрет-другой', Date.now() - 10_000)
    expect(
      expectRefusal(await submit(validFields({ token: forged })), 400, 'VALIDATION_FAILED').message,
    ).toMatch(/повреждена/)
    const expired = oldToken(2 * 60 * 60 * 1000 + 1000)
    expect(
      expectRefusal(await submit(validFields({ token: expired })), 400, 'VALIDATION_FAILED').message,
    ).toMatch(/больше двух часов/)
  })

  it('a replayed token with the same clientId returns the same registration; with another clientId it is refused', async () => {
    const fields = validFields()
    const first = await submit(fields, [{ name: 'a.png', data: makePng(2, 2, [5, 5, 5]) }])
    expect(first.statusCode, first.body).toBe(201)
    const again = await submit(fields, [{ name: 'a.png', data: makePng(2, 2, [5, 5, 5]) }])
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first.json())

    const stolen = validFields({ token: fields.token })
    const error = expectRefusal(await submit(stolen), 409, 'CONFLICT')
    expect(error.message).toMatch(/уже отправлена/)
    expect(await appealsByClient(stolen.clientId)).toBe(0)
    // The original is untouched: one appeal, one file.
    expect(await appealsByClient(fields.clientId)).toBe(1)
    const [row] = await database.db
      .select()
      .from(appeals)
      .where(eq(appeals.externalId, fields.clientId as string))
    const files = await database.db
      .select({ n: count() })
      .from(attachments)
      .where(eq(attachments.appealId, row.id))
    expect(files[0].n).toBe(1)
  })

  it('the same clientId sent twice (a double submit with a fresh token) registers once', async () => {
    const clientId = crypto.randomUUID()
    const first = await submit(validFields({ clientId }))
    const second = await submit(validFields({ clientId, text: 'Другой текст того же заполнения формы' }))
    expect(first.statusCode, first.body).toBe(201)
    expect(second.statusCode).toBe(200)
    expect(second.json().regNumber).toBe(first.json().regNumber)
    expect(second.json().trackingCode).toBe(first.json().trackingCode)
    expect(await appealsByClient(clientId)).toBe(1)
  })

  it('refuses a clientId sent twice in one body', async () => {
    const fields = validFields()
    const body = await multipart(fields)
    const extra = body.payload
      .toString('latin1')
      .replace(
        /(--[^\r\n]+\r\nContent-Disposition: form-data; name="clientId")/,
        `$1\r\n\r\n${crypto.randomUUID()}\r\n$1`,
      )
    const res = await app.inject({
      method: 'POST',
      url: '/api/public/appeals',
      remoteAddress: nextIp(),
      headers: body.headers,
      payload: Buffer.from(extra, 'latin1'),
    })
    const error = expectRefusal(res, 400, 'VALIDATION_FAILED')
    expect(error.message).toMatch(/clientId.*дважды/)
  })

  it('cuts a flood from one address off after 5 submissions in 10 minutes', async () => {
    const ip = nextIp()
    const statuses: number[] = []
    for (let i = 0; i < 5; i++)
      statuses.push((await submit(validFields({ consent: undefined }), [], ip)).statusCode)
    expect(statuses).toEqual([400, 400, 400, 400, 400])
    const fields = validFields()
    const blocked = await submit(fields, [], ip)
    expect(expectRefusal(blocked, 429, 'RATE_LIMITED').message).toMatch(/Подождите/)
    expect(await appealsByClient(fields.clientId)).toBe(0)
    // Another address is not affected.
    expect((await submit(fields)).statusCode).toBe(201)
  })

  it('stores HTML and script verbatim and returns them as JSON strings, never as markup', async () => {
    const text = `<script>alert("xss")</script><img src=x onerror=alert(1)> Яма на дороге & «кавычки» ${crypto.randomUUID()}`
    const fields = validFields({ text, addressText: '<b>ул. Ленина</b>', fullName: '<i>Иванов</i> Иван' })
    const res = await submit(fields)
    expect(res.statusCode, res.body).toBe(201)
    const [row] = await database.db.select().from(appeals).where(eq(appeals.regNumber, res.json().regNumber))
    expect(row.text).toBe(text)
    expect(row.addressText).toBe('<b>ул. Ленина</b>')
    const cookie = await signIn(app, await makeUser(database, 'operator'))
    const card = await app.inject({ method: 'GET', url: `/api/appeals/${row.id}`, headers: { cookie } })
    expect(card.headers['content-type']).toMatch(/^application\/json/)
    expect(card.json().text).toBe(text)
    expect(card.json().applicants[0].fullName).toBe('<i>Иванов</i> Иван')
  })

  it('refuses JSON here and multipart elsewhere with a Russian 415', async () => {
    const json = await app.inject({
      method: 'POST',
      url: '/api/public/appeals',
      remoteAddress: nextIp(),
      payload: validFields(),
    })
    expect(expectRefusal(json, 415, 'UNSUPPORTED_MEDIA_TYPE').message).toMatch(/multipart/)
    const cookie = await signIn(app, await makeUser(database, 'operator'))
    const body = await multipart(validFields())
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/appeals',
      ...body,
      headers: { ...body.headers, cookie },
    })
    expect(elsewhere.statusCode).toBe(415)
  })

  it('refuses unknown fields and a truncated body', async () => {
    const unknown = expectRefusal(await submit(validFields({ isAdmin: 'true' })), 400, 'VALIDATION_FAILED')
    expect(unknown.message).toMatch(russian)
    const body = await multipart(validFields())
    const cut = await app.inject({
      method: 'POST',
      url: '/api/public/appeals',
      remoteAddress: nextIp(),
      headers: body.headers,
      payload: body.payload.subarray(0, body.payload.length - 40),
    })
    expect(cut.statusCode).toBe(400)
    expect(cut.json().error.message).toMatch(russian)
  })
})

describe('address suggestions and the map pin, without login', () => {
  it('suggests gazetteer streets by word prefixes and keeps a typed house number', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/public/address-suggest?q=${encodeURIComponent('больш сов 12')}`,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().items[0]).toMatchObject({
      addressText: 'ул. Большая Советская, 12',
      district: { code: 'leninsky' },
    })
    const short = await app.inject({ method: 'GET', url: '/api/public/address-suggest?q=a' })
    expect(expectRefusal(short, 400, 'VALIDATION_FAILED').message).toMatch(russian)
  })

  it('names the district and the nearest street for a point', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/public/address-reverse?lat=54.7835&lon=32.0505',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ district: { code: 'leninsky' }, addressText: 'ул. Большая Советская' })
  })
})
