import fs from 'node:fs'
import path from 'node:path'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { eq, sql } from 'drizzle-orm'
import { XMLParser } from 'fast-xml-parser'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpApp } from '../server/app'
import { registerAppeal } from '../server/modules/appeals/appeals.service'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { loadReferenceFiles } from '../server/modules/reference/reference.service'
import type { Database } from '../server/platform/db'
import { makeAppeal, openTestDatabase, testEnv, uniq } from './helpers'

/**
 * Open311 GeoReport v2 at /open311/v2: every JSON answer is checked against the official JSON Schemas
 * (open311/schema-validation, kept outside the repo in ../shared/data/open311), every XML answer is
 * parsed and compared with its JSON twin.
 */

const SCHEMA_DIR = path.resolve('../shared/data/open311')
const FILES = ['request.json', 'requests.json', 'service.json', 'services.json', 'service-definition.json']

function loadValidators() {
  if (!fs.existsSync(SCHEMA_DIR) || FILES.some((f) => !fs.existsSync(path.join(SCHEMA_DIR, f)))) {
    throw new Error(
      `Нет схем Open311 в ${SCHEMA_DIR} (нужны ${FILES.join(', ')} и swagger.json из open311/schema-validation): тесты Open311 без них не имеют смысла`,
    )
  }
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addFormat('uid', true) // swagger.json's own format name: any string
  for (const f of FILES) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8')), f)
  const swagger = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'swagger.json'), 'utf8'))
  const def = (name: string) => ({ type: 'array', items: swagger.definitions[name] })
  const get = (k: string) => ajv.getSchema(k) as ValidateFunction
  return {
    services: get('services.json'),
    definition: get('service-definition.json'),
    requests: get('requests.json'),
    postResponse: ajv.compile(def('RequestResponse')),
    tokenResponse: ajv.compile(def('TokenResponse')),
  }
}

const V = loadValidators()

/** Fails with the schema's own complaints, so a red test says which field broke the contract. */
function expectValid(validate: ValidateFunction, data: unknown) {
  const ok = validate(data)
  expect(ok, JSON.stringify(validate.errors, null, 1)).toBe(true)
  if (Array.isArray(data)) expect(data.length).toBeGreaterThan(0)
}

/** Parses an Open311 XML answer; `isArray` paths become arrays even with one element. */
function parseXml(body: string, arrays: string[] = []) {
  expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
  const p = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (_name, jpath) => arrays.includes(String(jpath)),
  })
  return p.parse(body)
}

const KEY = `k_${uniq('open311')}_secret_key`
const P = '/open311/v2'

let database: Database
let app: FastifyInstance

beforeAll(async () => {
  database = await openTestDatabase()
  app = (await createHttpApp(
    database,
    testEnv({
      VECHE_OPEN311_API_KEYS: `testapp:${KEY},other:another-key-0123456789`,
      VECHE_OPEN311_JURISDICTION: 'smolensk.test',
    }),
    false,
  )) as unknown as FastifyInstance
  await app.ready()
})
afterAll(async () => {
  await app?.close()
  await database?.close()
})

const get = (url: string) => app.inject({ method: 'GET', url: `${P}/${url}` })
function post(file: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
  return app.inject({
    method: 'POST',
    url: `${P}/${file}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    payload: body.toString(),
  })
}

const pothole = (extra: Record<string, string | string[]> = {}) => ({
  api_key: KEY,
  service_code: 'roads_pothole',
  lat: '54.7818',
  long: '32.0401',
  description: `Глубокая яма на проезжей части у дома 12 (${uniq()})`,
  'attribute[on_carriageway]': 'carriageway',
  'attribute[size]': 'large',
  ...extra,
})

describe('discovery and services', () => {
  it('discovery lists the v2 endpoint with both formats, in JSON and XML', async () => {
    const res = await get('discovery.json')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    const d = res.json()
    expect(d.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'http://veche.test/open311/v2',
        changeset: d.changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ])
    expect(Number.isNaN(Date.parse(d.changeset))).toBe(false)
    const x = await get('discovery.xml')
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8')
    const doc = parseXml(x.body, [
      'discovery.endpoints.endpoint',
      'discovery.endpoints.endpoint.formats.format',
    ])
    expect(doc.discovery.contact).toBe(d.contact)
    expect(doc.discovery.endpoints.endpoint[0].url).toBe(d.endpoints[0].url)
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(d.endpoints[0].formats)
  })

  it('services are the topic classifier: code = topic, group = sector name; valid against services.json', async () => {
    const res = await get('services.json')
    expect(res.statusCode).toBe(200)
    const services = res.json()
    expectValid(V.services, services)
    const ref = loadReferenceFiles()
    const sectorName = new Map(ref.sectors.map((s) => [s.code, s.name]))
    const hidden = ['other_no_answer', 'other_gratitude']
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual(
      ref.topics.filter((t) => !hidden.includes(t.code) && !t.replacedBy).map((t) => t.code),
    )
    const pot = services.find((s: { service_code: string }) => s.service_code === 'roads_pothole')
    expect(pot).toMatchObject({
      service_name: 'Ямы и выбоины на проезжей части',
      group: sectorName.get('roads'),
      metadata: true,
      type: 'realtime',
    })
    expect(pot.keywords).toContain('яма')
    expect(services.find((s: { service_code: string }) => s.service_code === 'housing_gas').metadata).toBe(
      false,
    )

    const x = parseXml((await get('services.xml')).body, ['services.service'])
    expect(x.services.service).toHaveLength(services.length)
    for (const [i, s] of services.entries()) {
      const e = x.services.service[i]
      expect(e.service_code).toBe(s.service_code)
      expect(e.service_name).toBe(s.service_name)
      expect(e.group).toBe(s.group)
      expect(e.metadata).toBe(String(s.metadata))
      expect(e.type).toBe('realtime')
      expect(e.keywords).toBe(s.keywords)
    }
    // jurisdiction_id is optional; a foreign one is "not found".
    expect((await get('services.json?jurisdiction_id=smolensk.test')).statusCode).toBe(200)
    const foreign = await get('services.json?jurisdiction_id=sfgov.org')
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json()[0].code).toBe(404)
  })

  it('a service definition carries the data-driven attributes; valid against service-definition.json', async () => {
    const res = await get('services/roads_pothole.json')
    expect(res.statusCode).toBe(200)
    const def = res.json()
    expectValid(V.definition, def)
    expect(def.service_code).toBe('roads_pothole')
    expect(def.attributes.map((a: { code: string }) => a.code)).toEqual(['size', 'on_carriageway'])
    expect(def.attributes[1]).toMatchObject({
      variable: true,
      datatype: 'singlevaluelist',
      required: true,
      order: 2,
    })
    const orders = def.attributes.map((a: { order: number }) => a.order)
    expect(new Set(orders).size).toBe(orders.length)

    const empty = (await get('services/housing_gas.json')).json()
    expectValid(V.definition, empty)
    expect(empty).toEqual({ service_code: 'housing_gas', attributes: [] })

    const x = parseXml((await get('services/roads_pothole.xml')).body, [
      'service_definition.attributes.attribute',
      'service_definition.attributes.attribute.values.value',
    ])
    const attrs = x.service_definition.attributes.attribute
    expect(x.service_definition.service_code).toBe('roads_pothole')
    expect(attrs.map((a: { code: string }) => a.code)).toEqual(['size', 'on_carriageway'])
    expect(attrs[1].values.value.map((v: { key: string }) => v.key)).toEqual(
      def.attributes[1].values.map((v: { key: string }) => v.key),
    )
    expect(attrs[0].required).toBe('false')
  })

  it('unknown resources and service codes are 404 with the Open311 error array, in JSON and XML', async () => {
    const j = await get('services/no_such_service.json')
    expect(j.statusCode).toBe(404)
    expect(j.json()).toEqual([{ code: 404, description: expect.stringContaining('no_such_service') }])
    const x = await get('services/no_such_service.xml')
    expect(x.statusCode).toBe(404)
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8')
    const doc = parseXml(x.body, ['errors.error'])
    expect(doc.errors.error[0].code).toBe('404')
    expect(doc.errors.error[0].description).toBe(j.json()[0].description)
    expect((await get('nothing.json')).json()[0].code).toBe(404)
    expect((await get('requests/abc.json')).statusCode).toBe(404)
    const deep = await get('requests/1/notes/x.json')
    expect(deep.statusCode).toBe(404)
    expect(deep.json()[0].code).toBe(404)
    const del = await app.inject({ method: 'DELETE', url: `${P}/requests/1.xml` })
    expect(del.statusCode).toBe(404)
    expect(parseXml(del.body, ['errors.error']).errors.error[0].code).toBe('404')
    expect((await get('tokens/unknown-token.xml')).statusCode).toBe(404)
  })
})

describe('POST requests', () => {
  it('needs a known api_key: missing or wrong → 403 with an error array', async () => {
    const { api_key: _, ...noKey } = pothole()
    const missing = await post('requests.json', noKey)
    expect(missing.statusCode).toBe(403)
    expect(missing.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }])
    const wrong = await post('requests.xml', pothole({ api_key: 'wrong-key-0123456789' }))
    expect(wrong.statusCode).toBe(403)
    expect(parseXml(wrong.body, ['errors.error']).errors.error[0].code).toBe('403')
  })

  it('checks service_code, location and attributes as the spec says', async () => {
    const { service_code: _, ...noCode } = pothole()
    expect((await post('requests.json', noCode)).statusCode).toBe(400)
    const unknown = await post('requests.json', pothole({ service_code: 'no_such' }))
    expect(unknown.statusCode).toBe(404)

    const { lat: _a, long: _b, ...noPlace } = pothole()
    const place = await post('requests.json', noPlace)
    expect(place.statusCode).toBe(400)
    expect(place.json()[0].description).toContain('место')
    expect((await post('requests.json', { ...noPlace, lat: '54.78' })).statusCode).toBe(400)

    const { 'attribute[on_carriageway]': _c, ...noAttr } = pothole()
    const attr = await post('requests.json', noAttr)
    expect(attr.statusCode).toBe(400)
    expect(attr.json()[0].description).toContain('attribute[on_carriageway]')
    const many = await post('requests.json', pothole({ 'attribute[size]': 'huge', email: 'not-an-email' }))
    expect(many.statusCode).toBe(400)
    expect(many.json().length).toBeGreaterThanOrEqual(1)
    const html = await post('requests.json', pothole({ description: 'Яма <script>alert(1)</script>' }))
    expect(html.statusCode).toBe(400)
    const long = await post('requests.json', pothole({ description: 'я'.repeat(4001) }))
    expect(long.statusCode).toBe(400)
    // Empty optional parameters are the same as absent ones.
    const empty = await post('requests.json', pothole({ email: '', phone: '', address_id: '' }))
    expect(empty.statusCode, empty.body).toBe(200)
  })

  it('registers once per request: answer valid against the spec, repeat returns the same id', async () => {
    const fields = pothole({
      email: 'ivan.petrov@mail.ru',
      first_name: 'Иван',
      last_name: 'Петров',
      phone: '8 (910) 555-12-34',
      device_id: 'dev-1',
      account_id: 'acc-42',
      media_url: 'https://photos.example.org/1.jpg',
    })
    const res = await post('requests.json', fields)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expectValid(V.postResponse, body)
    expect(body).toHaveLength(1)
    expect(body[0].service_request_id).toMatch(/^\d+$/)
    expect(body[0].token).toBeUndefined()
    expect(body[0].account_id).toBe('acc-42')
    expect(body[0].service_notice).toMatch(/С-\d{4}-\d{6}/)

    const [row] = await database.db
      .select()
      .from(appeals)
      .where(eq(appeals.id, Number(body[0].service_request_id)))
    expect(row).toMatchObject({
      channel: 'open311',
      regime: 'message',
      topicCode: 'roads_pothole',
      sectorCode: 'roads',
    })
    expect(row.text).toContain(fields.description)
    expect(row.text).toContain('больше 1 м')
    expect(row.meta).toMatchObject({
      open311: { client: 'testapp', deviceId: 'dev-1', accountId: 'acc-42', attributes: { size: 'large' } },
    })
    expect(row.districtCode).toBeTruthy()

    const again = await post('requests.json', fields)
    expect(again.statusCode).toBe(200)
    expect(again.json()[0].service_request_id).toBe(body[0].service_request_id)
    expect(again.json()[0].service_notice).toContain('уже зарегистрировано')
  })

  it('Idempotency-Key makes retries safe and is the token for GET tokens/{token}', async () => {
    const key = uniq('idem')
    const a = await post('requests.xml', pothole(), { 'idempotency-key': key })
    expect(a.statusCode, a.body).toBe(200)
    const doc = parseXml(a.body, ['service_requests.request'])
    const id = doc.service_requests.request[0].service_request_id
    expect(id).toMatch(/^\d+$/)
    expect(doc.service_requests.request[0].account_id).toBe('')
    // Same key, different text (the client retried an edited form): still the same request.
    const b = await post('requests.json', pothole(), { 'idempotency-key': key })
    expect(b.json()[0].service_request_id).toBe(id)

    const t = await get(`tokens/${encodeURIComponent(key)}.json`)
    expect(t.statusCode).toBe(200)
    expectValid(V.tokenResponse, t.json())
    expect(t.json()).toEqual([{ service_request_id: id, token: key }])
    const tx = parseXml((await get(`tokens/${encodeURIComponent(key)}.xml`)).body, [
      'service_requests.request',
    ])
    expect(tx.service_requests.request[0]).toEqual({ service_request_id: id, token: key })
  })

  it('accepts a JSON body and multi-value attributes', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `${P}/requests.json?api_key=${KEY}`,
      payload: {
        service_code: 'other_stray_animals',
        address_string: 'ул. Ленина, д. 1',
        description: `Стая собак у школы (${uniq()})`,
        attribute: { animals: ['dogs', 'cats'], count: 7 },
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    const [row] = await database.db
      .select()
      .from(appeals)
      .where(eq(appeals.id, Number(res.json()[0].service_request_id)))
    expect(row.meta).toMatchObject({ open311: { attributes: { animals: ['dogs', 'cats'], count: '7' } } })
    const form = await post('requests.json', {
      api_key: KEY,
      service_code: 'other_stray_animals',
      address_string: 'ул. Ленина, д. 3',
      'attribute[animals][]': ['dogs', 'cats'],
    })
    expect(form.statusCode, form.body).toBe(200)
    const bad = await post('requests.json', {
      api_key: KEY,
      service_code: 'other_stray_animals',
      address_string: 'ул. Ленина, д. 3',
      'attribute[animals][]': ['dogs', 'dragons'],
    })
    expect(bad.statusCode).toBe(400)
    const media = await app.inject({
      method: 'POST',
      url: `${P}/requests.json`,
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    })
    expect(media.statusCode).toBe(400)
    expect(media.json()[0].code).toBe(400)
  })
})

describe('GET requests', () => {
  it('a request: valid against requests.json, no personal data, contacts in the text masked', async () => {
    const res = await post(
      'requests.json',
      pothole({
        description: `Яма, звоните мне +7 910 555-12-34 или пишите anna.smirnova@mail.ru (${uniq()})`,
        first_name: 'Анна',
        last_name: 'Смирнова',
        email: 'anna.smirnova@mail.ru',
        phone: '+7 910 555-12-34',
        address_string: 'ул. Николаева, д. 12, кв. 45',
        media_url: 'https://photos.example.org/2.jpg',
      }),
    )
    const id = res.json()[0].service_request_id
    for (const url of [`requests/${id}.json`, `requests.json?service_request_id=${id}`]) {
      const one = await get(url)
      expect(one.statusCode).toBe(200)
      const list = one.json()
      expectValid(V.requests, list)
      expect(list).toHaveLength(1)
      const r = list[0]
      expect(r).toMatchObject({
        service_request_id: id,
        status: 'open',
        service_code: 'roads_pothole',
        service_name: 'Ямы и выбоины на проезжей части',
        address: 'ул. Николаева, д. 12',
        lat: 54.7818,
        long: 32.0401,
        media_url: 'https://photos.example.org/2.jpg',
      })
      expect(r.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/)
      expect(r.expected_datetime).toBeTruthy()
      for (const secret of ['Смирнова', 'Анна', 'anna.smirnova', '555-12-34', '9105551234', 'кв. 45']) {
        expect(one.body).not.toContain(secret)
      }
      expect(r.description).toContain('[e-mail]')
      expect(r.description).toContain('[телефон]')
    }
    const x = await get(`requests/${id}.xml`)
    const doc = parseXml(x.body, ['service_requests.request'])
    const j = (await get(`requests/${id}.json`)).json()[0]
    const e = doc.service_requests.request[0]
    for (const k of Object.keys(j)) {
      expect(e[k], k).toBe(j[k] === null ? '' : String(j[k]))
    }
    expect(x.body).not.toContain('Смирнова')
  })

  it('publishes only Open311 requests; other channels are 404 and not listed', async () => {
    const phone = await makeAppeal(database, { channel: 'phone' })
    expect((await get(`requests/${phone.id}.json`)).statusCode).toBe(404)
    const list = await get(`requests.json?service_request_id=${phone.id}`)
    expect(list.statusCode).toBe(200)
    expect(list.json()).toEqual([])
  })

  it('filters by service_code, status and dates; 90 days by default and at most', async () => {
    const code = 'roads_signs'
    const fresh = (await post('requests.json', pothole({ service_code: code }))).json()[0].service_request_id
    const closed = (await post('requests.json', pothole({ service_code: code }))).json()[0].service_request_id
    const closedAt = new Date()
    await database.db
      .update(appeals)
      .set({ status: 'closed', closedAt, updatedAt: closedAt })
      .where(eq(appeals.id, Number(closed)))
    const old = await database.db.transaction((tx) =>
      registerAppeal(
        tx,
        {
          regime: 'message',
          channel: 'open311',
          externalId: uniq('old'),
          text: 'Старая заявка про знак',
          applicants: [{}],
          topicCode: code,
          sectorCode: 'roads',
          registeredAt: new Date(Date.now() - 100 * 86_400_000),
        },
        { kind: 'system' },
      ),
    )

    const ids = async (q: string) => {
      const res = await get(`requests.json?${q}`)
      expect(res.statusCode, res.body).toBe(200)
      const list = res.json()
      if (list.length) expectValid(V.requests, list)
      return list.map((r: { service_request_id: string }) => r.service_request_id)
    }
    const all = await ids(`service_code=${code}`)
    expect(all).toContain(fresh)
    expect(all).toContain(closed)
    expect(all).not.toContain(String(old.id))
    expect(all.indexOf(closed)).toBeLessThan(all.indexOf(fresh)) // newest first
    expect(await ids(`service_code=${code}&status=open`)).not.toContain(closed)
    expect(await ids(`service_code=${code}&status=closed`)).toEqual([closed])
    expect(await ids(`service_code=${code}&status=open,closed`)).toEqual(all)
    const closedRow = (await get(`requests/${closed}.json`)).json()[0]
    expect(closedRow.status).toBe('closed')
    expect(Date.parse(closedRow.updated_datetime)).toBe(Math.floor(closedAt.getTime() / 1000) * 1000)

    const from = new Date(Date.now() - 110 * 86_400_000).toISOString()
    const to = new Date(Date.now() - 90 * 86_400_000).toISOString()
    expect(await ids(`service_code=${code}&start_date=${from}&end_date=${to}`)).toEqual([String(old.id)])
    expect(await ids(`service_code=${code}&start_date=${from}`)).toEqual([String(old.id)])
    expect(await ids(`service_code=${code},roads_pothole&end_date=${to}`)).toEqual([String(old.id)])
    // service_request_id overrides every other filter.
    expect(await ids(`service_request_id=${old.id},${fresh}&status=closed`)).toEqual([fresh, String(old.id)])

    const span = await get(`requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`)
    expect(span.statusCode).toBe(400)
    expect(span.json()[0].description).toContain('90')
    expect((await get('requests.json?status=pending')).statusCode).toBe(400)
    expect((await get('requests.json?start_date=yesterday')).statusCode).toBe(400)
    const xmlErr = await get('requests.xml?status=pending')
    expect(parseXml(xmlErr.body, ['errors.error']).errors.error[0].code).toBe('400')
  })

  it('returns at most 1000 requests', async () => {
    const code = 'other_sport'
    const tag = uniq('bulk')
    // 1005 rows in one statement: registering them one by one would only test the registry's speed.
    await database.db.execute(sql`
      insert into appeal (reg_number, regime, channel, external_id, received_at, registered_at, text,
                          sector_code, topic_code, status, tracking_code_hash)
      select ${tag} || '-' || g, 'message', 'open311', ${tag} || '-' || g,
             now() - g * interval '1 minute', now() - g * interval '1 minute',
             'Массовая заявка ' || g, 'other', ${code}, 'registered', 'x'
      from generate_series(1, 1005) g`)
    const res = await get(`requests.json?service_code=${code}`)
    expect(res.statusCode).toBe(200)
    const list = res.json()
    expectValid(V.requests, list)
    expect(list).toHaveLength(1000)
    const x = parseXml((await get(`requests.xml?service_code=${code}`)).body, ['service_requests.request'])
    expect(x.service_requests.request).toHaveLength(1000)
    expect(x.service_requests.request[0].service_request_id).toBe(list[0].service_request_id)
  })
})
