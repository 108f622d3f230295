/** One field-level problem reported by the server next to an error. */
export type ApiErrorDetail = { path: string; message: string }

/** An error as the server reports it: a stable code for branching and a Russian message for people. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: ApiErrorDetail[]

  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

type QueryValue = string | number | boolean | null | undefined

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  body?: unknown
  query?: Record<string, QueryValue>
  signal?: AbortSignal
  /** When false, a 401 does not end the session in the UI (the login form itself, public pages). */
  authRedirect?: boolean
}

let unauthenticatedHandler: (() => void) | null = null

/** Registers what the UI does when the server says the session is gone (the session provider sets it). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  unauthenticatedHandler = handler
}

/** Builds `?a=1&b=2` from the defined, non-empty values only. */
export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue
    params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Требуется вход в систему.'
  if (status === 403) return 'Недостаточно прав для этого действия.'
  if (status === 404) return 'Не найдено.'
  if (status >= 500) return 'Ошибка на сервере. Повторите попытку позже.'
  return 'Запрос не выполнен.'
}

type ErrorBody = { error?: { code?: string; message?: string; details?: ApiErrorDetail[] } }

/** Calls the JSON API with the session cookie and turns error bodies into ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, authRedirect = true } = options
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(path + toQueryString(query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new ApiError(0, 'NETWORK', 'Нет связи с сервером. Проверьте подключение и повторите.')
  }
  if (response.status === 204) return undefined as T
  const data: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const error = (data as ErrorBody | null)?.error
    const apiError = new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? fallbackMessage(response.status),
      error?.details ?? [],
    )
    if (response.status === 401 && authRedirect) unauthenticatedHandler?.()
    throw apiError
  }
  return data as T
}

/** Normalises anything thrown into an ApiError so screens can always show `message`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new ApiError(0, 'CLIENT', 'Что-то пошло не так. Обновите страницу.')
}
