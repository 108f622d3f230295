/**
 * Open311 errors: an array of {code, description}; the HTTP status is 404 for an unknown resource,
 * jurisdiction, service_code or token, 403 for a missing or invalid api_key and 400 for everything
 * else (GeoReport v2, "Errors"). `code` is the HTTP status, descriptions are Russian.
 */
export class Open311Error extends Error {
  readonly status: 400 | 403 | 404 | 429
  readonly errors: { code: number; description: string }[]

  constructor(status: 400 | 403 | 404 | 429, descriptions: string | string[]) {
    const list = Array.isArray(descriptions) ? descriptions : [descriptions]
    super(list.join('; '))
    this.name = 'Open311Error'
    this.status = status
    this.errors = list.map((description) => ({ code: status, description }))
  }
}
