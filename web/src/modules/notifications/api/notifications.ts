import { apiRequest } from '../../platform/api/http'

/** A notification to the signed-in user: a deadline step, a reminder from the МЦУ, a daily digest. */
export type StaffNotification = {
  id: number
  kind: 'escalation' | 'manual' | 'digest' | string
  step: string | null
  title: string
  body: string
  /** A path inside the staff UI (/appeals/123, /control?unit=4). */
  link: string | null
  appealId: number | null
  createdAt: string
  readAt: string | null
}

export type NotificationChannel = 'email' | 'telegram'

export type NotificationSettings = {
  email: string | null
  telegramChatId: string | null
  channels: NotificationChannel[]
}

/** The unread count and the latest notifications. */
export function listNotifications(
  query: { limit?: number; unread?: boolean } = {},
  signal?: AbortSignal,
): Promise<{ unread: number; items: StaffNotification[] }> {
  return apiRequest('/api/notifications', { query, signal })
}

/** Marks the given notifications (or all) read; returns how many changed. */
export function markNotificationsRead(ids: number[] | 'all'): Promise<{ marked: number }> {
  return apiRequest('/api/notifications/read', {
    method: 'POST',
    body: ids === 'all' ? { all: true } : { ids },
  })
}

export function getNotificationSettings(signal?: AbortSignal): Promise<NotificationSettings> {
  return apiRequest('/api/notifications/settings', { signal })
}

export function saveNotificationSettings(input: NotificationSettings): Promise<NotificationSettings> {
  return apiRequest('/api/notifications/settings', { method: 'POST', body: input })
}
