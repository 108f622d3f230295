import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { XMLParser } from 'fast-xml-parser'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpApp } from '../server/app'
import type { Database } from '../server/platform/db'
import { openTestDatabase, testEnv, uniq } from './helpers'

/**
 * The discover → post → fetch cycle of an Open311 client against the server listening on 127.0.0.1.
 *
 * NOT a published client. The only Open311 client on the npm registry, `open311@0.0.12`
 * (codeforamerica/node-open311), does not install here: it depends on
 * `sparkxml: git://github.com/codeforamerica/node-sparkxml.git` (npm: "ssh: Could not resolve hostname
 * github.com") and requires that module and `xml2json` ~0.2.4 (native node-expat) unconditionally at load.
 * `npm search open311` answers 404 on this registry; `georeport` (a PyPI name), `node-open311` and
 * `open311-client` are not on npm. So the client below is written strictly from the GeoReport v2 spec
 * (wiki.open311.org/GeoReport_v2, Service_Discovery) with plain fetch and form-encoded POSTs; it knows
 * nothing about Вече beyond the discovery URL and an api_key, and it runs once with JSON and once with
 * XML. Its JSON answers are also checked against the official schemas.
 */

type Row = Record<string, unknown>

class GeoReportClient {
  endpoint = ''
  constructor(
    private discoveryUrl: string,
    private apiKey: string,
    private format: 'json' | 'xml',
  ) {}

  private static xml = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    // Spark convention: the repeated children are lists even when there is one.
    isArray: (name) =>
      ['endpoint', 'format', 'service', 'attribute', 'value', 'request', 'error'].includes(name),
  })

  /** Parses an answer into the JSON shape (XML: the root's list, or the root object). */
  private async read(res: Response): Promise<unknown> {
    const text = await res.text()
    const type = res.headers.get('content-type') ?? ''
    if (type.startsWith('application/json')) return JSON.parse(text)
    expect(type).toMatch(/^text\/xml/)
    const doc = GeoReportClient.xml.parse(text)
    const root = Object.keys(doc).find((k) => k !== '?xml') as string
    const body = doc[root]
    if (root === 'services') return body?.service ?? []
    if (root === 'service_requests') return body?.request ?? []
    if (root === 'errors') return body?.error ?? []
    if (root === 'service_definition') {
      return {
        service_code: body.service_code,
        attributes: (body.attributes?.attribute ?? []).map((a: Row) => ({
          ...a,
          variable: a.variable === 'true',
          required: a.required === 'true',
          values: (a.values as { value?: Row[] } | undefined)?.value,
        })),
      }
    }
    if (root === 'discovery') {
      return {
        ...body,
        endpoints: (body.endpoints?.endpoint ?? []).map((e: Row) => ({
          ...e,
          formats: (e.formats as { format: string[] }).format,
        })),
      }
    }
    throw new Error(`unexpected root ${root}`)
  }

  private async call(
    method: 'GET' | 'POST',
    resource: string,
    params: URLSearchParams = new URLSearchParams(),
  ) {
    const url = `${this.endpoint}/${resource}.${this.format}`
    const res =
      method === 'GET'
        ? await fetch(`${url}${params.size ? `?${params}` : ''}`)
        : await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
            body: params.toString(),
          })
    const data = await this.read(res)
    if (res.status !== 200)
      throw Object.assign(new Error(`Open311 ${res.status}`), { status: res.status, data })
    return data
  }

  /** Service discovery: the production GeoReport v2 endpoint; JSON only if it is advertised. */
  async discover() {
    const res = await fetch(this.discoveryUrl)
    expect(res.status).toBe(200)
    const d = (await this.read(res)) as {
      endpoints: { specification: string; type: string; url: string; formats: string[] }[]
    }
    const ep = d.endpoints.find(
      (e) => e.specification === 'http://wiki.open311.org/GeoReport_v2' && e.type === 'production',
    )
    if (!ep) throw new Error('no GeoReport v2 production endpoint')
    if (this.format === 'json' && !ep.formats.includes('application/json')) this.format = 'xml'
    expect(ep.formats).toContain('text/xml')
    this.endpoint = ep.url.replace(/\/$/, '')
    return d
  }

  services() {
    return this.call('GET', 'services') as Promise<Row[]>
  }
  definition(code: string) {
    return this.call('GET', `services/${encodeURIComponent(code)}`) as Promise<{
      service_code: string
      attributes: Row[]
    }>
  }

  /** POST a request; a token (batch services) is exchanged for the id through tokens/{token}. */
  async submit(fields: Record<string, string>, attributes: Record<string, string | string[]>) {
    const p = new URLSearchParams({ api_key: this.apiKey, ...fields })
    for (const [code, v] of Object.entries(attributes)) {
      if (Array.isArray(v)) for (const x of v) p.append(`attribute[${code}][]`, x)
      else p.append(`attribute[${code}]`, v)
    }
    const [answer] = (await this.call('POST', 'requests', p)) as Row[]
    const notice = answer.service_notice === undefined ? null : String(answer.service_notice)
    if (answer.service_request_id) return { service_request_id: String(answer.service_request_id), notice }
    const [t] = (await this.call('GET', `tokens/${encodeURIComponent(String(answer.token))}`)) as Row[]
    return { service_request_id: String(t.service_request_id), notice }
  }

  request(id: string) {
    return this.call('GET', `requests/${encodeURIComponent(id)}`) as Promise<Row[]>
  }
  requests(params: Record<string, string>) {
    return this.call('GET', 'requests', new URLSearchParams(params)) as Promise<Row[]>
  }
}

/** A value for each attribute the definition asks for, as a form would let a person pick it. */
function fillAttributes(attributes: Row[]) {
  const out: Record<string, string | string[]> = {}
  for (const a of attributes) {
    if (!a.variable) continue
    const values = (a.values as { key: string }[] | undefined) ?? []
    const code = String(a.code)
    if (a.datatype === 'singlevaluelist') out[code] = values[0].key
    else if (a.datatype === 'multivaluelist') out[code] = [values[0].key]
    else if (a.datatype === 'number') out[code] = '3'
    else if (a.datatype === 'datetime') out[code] = new Date().toISOString()
    else out[code] = 'проверка'
  }
  return out
}

function schemas() {
  const dir = path.resolve('../shared/data/open311')
  const files = ['request.json', 'requests.json', 'service.json', 'services.json', 'service-definition.json']
  if (files.some((f) => !fs.existsSync(path.join(dir, f)))) {
    throw new Error(
      `Нет схем Open311 в ${dir} (open311/schema-validation): без них проверка клиента не имеет смысла`,
    )
  }
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  for (const f of files) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f)
  return (name: string, data: unknown) => {
    const v = ajv.getSchema(name) as ValidateFunction
    expect(v(data), JSON.stringify(v.errors)).toBe(true)
  }
}

const KEY = `cycle-${uniq()}-key`
let database: Database
let app: FastifyInstance
let base = ''
const validate = schemas()

beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
  base = `http://127.0.0.1:${port}`
  database = await openTestDatabase()
  app = (await createHttpApp(
    database,
    testEnv({ VECHE_OPEN311_API_KEYS: `cycle:${KEY}`, VECHE_PUBLIC_URL: base }),
    false,
  )) as unknown as FastifyInstance
  await app.listen({ port, host: '127.0.0.1' })
})
afterAll(async () => {
  await app?.close()
  await database?.close()
})

describe('an Open311 client written from the spec, over real HTTP', () => {
  for (const format of ['json', 'xml'] as const) {
    it(`discovers, posts and fetches (${format})`, async () => {
      const client = new GeoReportClient(`${base}/open311/v2/discovery.${format}`, KEY, format)
      await client.discover()
      expect(client.endpoint).toBe(`${base}/open311/v2`)

      const services = await client.services()
      if (format === 'json') validate('services.json', services)
      const withForm = services.filter((s) => String(s.metadata) === 'true')
      expect(withForm.length).toBeGreaterThan(0)
      const service = withForm[0]
      const def = await client.definition(String(service.service_code))
      if (format === 'json') validate('service-definition.json', def)
      expect(def.service_code).toBe(service.service_code)

      const description = `Проверка клиента Open311 (${format}, ${uniq()}), связь: test.user@example.org`
      const created = await client.submit(
        {
          service_code: String(service.service_code),
          lat: '54.7826',
          long: '32.0453',
          description,
          first_name: 'Пётр',
          last_name: 'Проверкин',
          email: 'test.user@example.org',
        },
        fillAttributes(def.attributes),
      )
      expect(created.service_request_id).toMatch(/^\d+$/)
      expect(created.notice).toContain('зарегистрировано')

      const [one] = await client.request(created.service_request_id)
      if (format === 'json') validate('requests.json', [one])
      expect(one).toMatchObject({
        service_request_id: created.service_request_id,
        status: 'open',
        service_code: service.service_code,
        service_name: service.service_name,
      })
      expect(String(one.description)).toContain('[e-mail]')
      expect(JSON.stringify(one)).not.toContain('Проверкин')

      const listed = await client.requests({ service_code: String(service.service_code), status: 'open' })
      if (format === 'json') validate('requests.json', listed)
      expect(listed.map((r) => String(r.service_request_id))).toContain(created.service_request_id)

      // An error comes back as the spec's array, in the client's format.
      const err = await client.definition('no_such_service').catch((e) => e)
      expect(err.status).toBe(404)
      expect(String((err.data as Row[])[0].code)).toBe('404')
    })
  }

  it('a POST without a key is refused with 403 over HTTP', async () => {
    const client = new GeoReportClient(`${base}/open311/v2/discovery.json`, 'not-a-key-000000', 'json')
    await client.discover()
    const err = await client
      .submit({ service_code: 'housing_gas', address_string: 'ул. Ленина, 1' }, {})
      .catch((e) => e)
    expect(err.status).toBe(403)
    expect((err.data as Row[])[0]).toMatchObject({ code: 403 })
  })
})
