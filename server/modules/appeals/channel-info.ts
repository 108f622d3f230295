/**
 * What the channel told us about an appeal (appeal.meta), as a few labelled lines for the staff card.
 * Only channel facts leave the server: names, phones, e-mail addresses, chat, user, device and account
 * ids stay in meta (152-ФЗ: personal data is shown only through the applicants table, where it is
 * masked by role and its viewing is logged). meta is jsonb written by many intakes over time, so every
 * value is read defensively and a malformed one is simply left out.
 */

/** One line of «Данные канала»; `href` only for http(s) links. */
export type ChannelInfoItem = { label: string; value: string; href?: string }

/** Looks up names the meta refers to by code. */
export type ChannelInfoNames = { sectorName: (code: string) => string | undefined }

type Meta = Record<string, unknown>

const PLATFORM_POST: Record<string, string> = {
  vk: 'пост во ВКонтакте',
  ok: 'пост в Одноклассниках',
  telegram: 'пост в Telegram',
}

const moscowTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Europe/Moscow',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

const record = (v: unknown): Meta | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Meta) : undefined
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined
const link = (v: unknown): string | undefined => {
  const s = text(v)
  if (!s) return undefined
  try {
    const url = new URL(s)
    // Never a javascript: or data: link on a staff screen.
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined
  } catch {
    return undefined
  }
}
const moscow = (v: unknown): string | undefined => {
  const s = text(v)
  const d = s ? new Date(s) : undefined
  return d && !Number.isNaN(d.getTime()) ? `${moscowTime.format(d)} (МСК)` : undefined
}
const yesNo = (v: boolean) => (v ? 'да' : 'нет')

/** Collects lines, skipping the ones whose value is missing. */
class Lines {
  readonly items: ChannelInfoItem[] = []
  add(label: string, value: string | number | undefined, href?: string) {
    if (value === undefined || value === '') return
    this.items.push(href ? { label, value: String(value), href } : { label, value: String(value) })
  }
}

function posLines(out: Lines, pos: Meta) {
  out.add('ПОС: номер сообщения', text(pos.posId))
  out.add('ПОС: организация (opaId)', text(pos.opaId))
  const category = [text(pos.category), text(pos.subcategory)].filter(Boolean).join(' / ')
  out.add('ПОС: рубрика', category)
  if (typeof pos.fz59 === 'boolean') out.add('По 59-ФЗ (через ЕПГУ)', yesNo(pos.fz59))
  out.add('ПОС: откуда пришёл заявитель', text(record(pos.utm)?.source))
  if (Array.isArray(pos.attachments) && pos.attachments.length > 0)
    out.add('ПОС: вложений по ссылкам', pos.attachments.length)
}

function webFormLines(out: Lines, meta: Meta, names: ChannelInfoNames) {
  const hint = text(meta.sectorHint)
  if (hint) out.add('Подсказка категории от заявителя', names.sectorName(hint) ?? hint)
  const consent = moscow(meta.consentAt)
  const version = text(meta.consentTextVersion)
  if (consent) out.add('Согласие на обработку ПДн', version ? `${consent}, текст ${version}` : consent)
}

function incidentLines(out: Lines, incident: Meta) {
  const url = link(incident.url)
  const platform = text(incident.platform)
  if (url) out.add('Публикация', PLATFORM_POST[platform ?? ''] ?? 'публикация в соцсети', url)
  out.add('Опубликовано', moscow(incident.publishedAt))
  out.add('Репостов', count(incident.reposts))
  const page = link(incident.publicPageUrl)
  if (page) out.add('Госпаблик', page.replace(/^https?:\/\//, '').replace(/\/$/, ''), page)
  const fromRepost = link(incident.registeredFromRepost)
  if (fromRepost) out.add('Зарегистрировано по репосту', 'репост, пришедший раньше оригинала', fromRepost)
}

function noiseLines(out: Lines, noise: Meta) {
  const reasons = Array.isArray(noise.reasons) ? noise.reasons.map(text).filter(Boolean) : []
  out.add('Отмечено как шум', reasons.join('; '))
}

function telegramLines(out: Lines, telegram: Meta) {
  out.add('Telegram', 'чат с ботом МЦУ')
  if (text(telegram.mediaGroupId)) out.add('Telegram: альбом', 'несколько фото одним сообщением')
}

function emailLines(out: Lines, email: Meta) {
  out.add('Тема письма', text(email.subject))
  if (Array.isArray(email.refusedFiles) && email.refusedFiles.length > 0)
    out.add('Не принято вложений', email.refusedFiles.length)
}

function open311Lines(out: Lines, appealId: number, open311: Meta) {
  // Open311 answers POST /requests with the appeal id as service_request_id (open311.service.ts).
  out.add('Open311: номер заявки (service_request_id)', String(appealId))
  out.add('Open311: приложение', text(open311.client))
  out.add('Open311: услуга (service_code)', text(open311.serviceCode))
  const media = link(open311.mediaUrl)
  if (media) out.add('Open311: фото', 'по ссылке', media)
}

/** The card's «Данные канала»: channel facts from appeal.meta, never personal data. */
export function channelInfo(
  appeal: { id: number; channel: string; meta: Meta | null | undefined },
  names: ChannelInfoNames,
): ChannelInfoItem[] {
  const meta = record(appeal.meta) ?? {}
  const out = new Lines()
  if (meta.demo === true) out.add('Происхождение', 'демонстрационное обращение')
  const pos = record(meta.pos)
  if (pos) posLines(out, pos)
  if (appeal.channel === 'web') webFormLines(out, meta, names)
  const incident = record(meta.incident)
  if (incident) incidentLines(out, incident)
  const noise = record(meta.noise)
  if (noise) noiseLines(out, noise)
  const telegram = record(meta.telegram)
  if (telegram) telegramLines(out, telegram)
  const email = record(meta.email)
  if (email) emailLines(out, email)
  out.add('Номер в прежней системе', text(record(meta.import)?.legacyNumber))
  const open311 = record(meta.open311)
  if (open311) open311Lines(out, appeal.id, open311)
  return out.items
}
