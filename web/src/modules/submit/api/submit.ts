import { ApiError, type ApiErrorDetail, apiRequest } from '../../platform/api/http'

/** What the portal form needs from the server: a signed token, categories, limits, the consent text. */
export type WebFormInfo = {
  token: string
  minDelaySeconds: number
  maxAgeSeconds: number
  sectors: { code: string; name: string }[]
  limits: {
    maxFiles: number
    maxFileBytes: number
    accept: string[]
    textMinLength: number
    textMaxLength: number
  }
  consent: { version: string; text: string }
}

export type SubmitResult = { regNumber: string; trackingCode: string | null; trackingUrl: string }
export type AddressSuggestion = {
  addressText: string
  street: string
  district: { code: string; name: string } | null
}

/** A fresh form token (each page load gets one; it is valid from 3 s to 2 h and used once). */
export function loadWebForm(signal?: AbortSignal): Promise<WebFormInfo> {
  return apiRequest('/api/public/form', { signal, authRedirect: false })
}

/** Streets of the city gazetteer matching what was typed. */
export async function suggestAddresses(q: string, signal?: AbortSignal): Promise<AddressSuggestion[]> {
  const res = await apiRequest<{ items: AddressSuggestion[] }>('/api/public/address-suggest', {
    query: { q },
    signal,
    authRedirect: false,
  })
  return res.items
}

/** The district and the nearest street of a map pin. */
export function reverseAddress(
  lat: number,
  lon: number,
  signal?: AbortSignal,
): Promise<{ district: { code: string; name: string } | null; addressText: string | null }> {
  return apiRequest('/api/public/address-reverse', {
    query: { lat: lat.toFixed(6), lon: lon.toFixed(6) },
    signal,
    authRedirect: false,
  })
}

/**
 * Sends the form as multipart/form-data. XMLHttpRequest rather than fetch: only it reports upload
 * progress, which matters for photos on a slow mobile connection.
 */
export function sendAppeal(body: FormData, onProgress: (share: number) => void): Promise<SubmitResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/public/appeals')
    xhr.responseType = 'json'
    xhr.setRequestHeader('accept', 'application/json')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total)
    }
    xhr.onload = () => {
      const data = xhr.response as
        | (SubmitResult & { error?: { code?: string; message?: string; details?: ApiErrorDetail[] } })
        | null
      if (xhr.status >= 200 && xhr.status < 300 && data) return resolve(data)
      reject(
        new ApiError(
          xhr.status,
          data?.error?.code ?? `HTTP_${xhr.status}`,
          data?.error?.message ??
            (xhr.status === 413
              ? 'Слишком большой запрос: уменьшите или уберите фотографии.'
              : 'Не удалось отправить обращение. Повторите попытку.'),
          data?.error?.details ?? [],
        ),
      )
    }
    xhr.onerror = () =>
      reject(new ApiError(0, 'NETWORK', 'Нет связи с сервером. Проверьте подключение и отправьте ещё раз.'))
    xhr.send(body)
  })
}
