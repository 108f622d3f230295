/**
 * The understanding step: one text (or a batch) in, what Вече makes of it out — sector and topic with
 * calibrated confidences and top-3 suggestions, request or noise, address → district and point, urgency,
 * personal data spans, and duplicate groups within the batch. The server, `veche understand` and the
 * evaluation all call this one function; it never throws on odd input, it answers with low confidence and
 * a reason instead.
 */
import type { AddressMatch } from './address/extract'
import { extractAddress, parseAddressLine } from './address/extract'
import type { Gazetteer } from './address/gazetteer'
import { latinToCyrillic, scriptCounts } from './address/tokens'
import { groupDuplicates } from './duplicates'
import { findPersonalData } from './personal-data'
import { type Analysed, analyse } from './text'
import type { TextModel } from './text-model'
import { assessUrgency } from './urgency'
import { judgeUrgency } from './urgency-judge'

export interface UnderstandInput {
  id: string
  channel?: string | null
  text: string
  created_at?: string | null
  /** An address line typed into a form or sent by ПОС (read before the text). */
  address?: string | null
  lat?: number | null
  lon?: number | null
  /** Whoever sent it (phone, e-mail, account), for repeat detection inside a batch. */
  applicant?: string | null
}

export interface Suggestion {
  code: string
  p: number
}

export interface Understanding {
  id: string
  sector: string | null
  sector_confidence: number
  /** ТОТКО code of the topic, null where the topic has none or is unknown. */
  topic_code: string | null
  is_request: boolean
  street: string | null
  house: string | null
  district: string | null
  lat: number | null
  lon: number | null
  urgent: boolean
  /** Same value for items of one batch that are duplicates of each other. */
  group: string
  details: {
    model: string
    topic: string | null
    topic_confidence: number
    sectors: Suggestion[]
    topics: Suggestion[]
    request_confidence: number
    address: Pick<AddressMatch, 'landmark' | 'intersection' | 'confidence' | 'reason'>
    urgency: {
      score: number
      categories: string[]
      reasons: string[]
      /** The urgency head's probability; null when the model has none. */
      model: number | null
      /** Who flagged it: the rules, the model alone (no rule named the danger), or null (not urgent). */
      by: 'rules' | 'model' | null
    }
    personal_data: { kind: string; start: number; end: number }[]
    /** Why the answer is weak, in Russian (empty text, foreign language, …). */
    notes: string[]
  }
}

export interface TopicRef {
  code: string
  sector: string
  totko: string | null
}

export interface Understander {
  model: TextModel
  gazetteer: Gazetteer
  topics: Map<string, TopicRef>
  /** The urgency head's bar where no rule fires (default URGENT_MODEL_THRESHOLD; 1 = never alone). */
  urgentModelThreshold?: number
}

/** Texts with fewer letters than this carry too little to classify with any confidence. */
const MIN_LETTERS = 3

/** Does the text have at least `n` letters? (Counts without building an array of them.) */
function hasLetters(norm: string, n: number): boolean {
  let seen = 0
  for (let i = 0; i < norm.length && seen < n; i++) {
    const c = norm.charCodeAt(i)
    if ((c >= 0x430 && c <= 0x44f) || (c >= 0x61 && c <= 0x7a)) seen++
  }
  return seen >= n
}

function prepareText(raw: string): { a: Analysed; notes: string[] } {
  const notes: string[] = []
  let a = analyse(raw ?? '')
  if (a.clean.length < (raw ?? '').length / 2 && (raw ?? '').includes('<'))
    notes.push('текст очищен от HTML-разметки')
  const { latin, cyrillic } = scriptCounts(a.clean)
  if (latin > cyrillic * 2 && latin >= 6) {
    a = analyse(latinToCyrillic(a.clean))
    notes.push('текст латиницей: прочитан как транслит')
  }
  if (/[іїєґў]/.test(a.norm)) notes.push('в тексте есть украинские или белорусские буквы: уверенность ниже')
  return { a, notes }
}

function understandOne(
  u: Understander,
  item: UnderstandInput,
): { result: Understanding; a: Analysed; created: Date } {
  const { a, notes } = prepareText(item.text)
  const created = item.created_at ? new Date(item.created_at) : new Date()
  const when = Number.isNaN(created.getTime()) ? new Date() : created
  const empty = !hasLetters(a.norm, MIN_LETTERS)
  if (empty) notes.push(a.clean ? 'в тексте почти нет слов (только знаки или эмодзи)' : 'пустой текст')

  const prediction = empty ? { sector: [], topic: [], request: 0, urgent: null } : u.model.predict(a, 3)
  // Weak evidence: a very short text or one the model knows few words of gets its confidence scaled down.
  // Noise has no sector to speak of: the confidence of a sector is also the confidence that it is a request.
  const shortness = empty ? 0 : Math.min(1, a.stems.length / 3)
  const weight = shortness * Math.min(1, 2 * prediction.request)
  if (!empty && prediction.request < 0.5)
    notes.push('похоже не на обращение, а на шум: уверенность в секторе снижена')
  const sectors = prediction.sector.map((s) => ({ code: s.label, p: s.p * weight }))
  const topics = prediction.topic.map((s) => ({ code: s.label, p: s.p * weight }))
  const top = sectors[0]
  const bestTopic = topics.find((t) => u.topics.get(t.code)?.sector === top?.code) ?? null

  let address: AddressMatch | null = null
  if (item.address?.trim()) address = parseAddressLine(item.address, u.gazetteer)
  if (!address?.street && !address?.landmark) {
    const fromText = extractAddress(a.clean, u.gazetteer)
    if (fromText.street || fromText.landmark || !address) address = fromText
  }
  let { lat, lon, district } = address ?? { lat: null, lon: null, district: null }
  if (item.lat != null && item.lon != null) {
    lat = item.lat
    lon = item.lon
    const rev = u.gazetteer.reverse(item.lat, item.lon)
    district = district ?? rev.district
  }
  const urgency = empty
    ? judgeUrgency({ urgent: false, score: 0, categories: [], reasons: [] }, null)
    : judgeUrgency(assessUrgency(a, when, top?.code ?? null), prediction.urgent, u.urgentModelThreshold)

  const result: Understanding = {
    id: String(item.id),
    sector: top?.code ?? null,
    sector_confidence: round(top?.p ?? 0),
    topic_code: bestTopic ? (u.topics.get(bestTopic.code)?.totko ?? null) : null,
    is_request: !empty && prediction.request >= 0.5,
    street: address?.street ?? null,
    house: address?.street ? (address.house ?? null) : null,
    district: district ?? null,
    lat: lat ?? null,
    lon: lon ?? null,
    urgent: urgency.urgent,
    group: String(item.id),
    details: {
      model: u.model.version,
      topic: bestTopic?.code ?? null,
      topic_confidence: round(bestTopic?.p ?? 0),
      sectors: sectors.map((s) => ({ code: s.code, p: round(s.p) })),
      topics: topics.map((s) => ({ code: s.code, p: round(s.p) })),
      request_confidence: round(empty ? 0 : prediction.request),
      address: {
        landmark: address?.landmark ?? null,
        intersection: address?.intersection ?? null,
        confidence: round(address?.confidence ?? 0),
        reason: address?.reason ?? 'адрес не найден',
      },
      urgency: {
        score: round(urgency.score),
        categories: urgency.categories,
        reasons: urgency.reasons,
        model: urgency.model === null ? null : round(urgency.model),
        by: urgency.by,
      },
      personal_data: findPersonalData(a.clean).map((s) => ({ kind: s.kind, start: s.start, end: s.end })),
      notes,
    },
  }
  return { result, a, created: when }
}

const round = (x: number) => Math.round(x * 1000) / 1000

/** Understands a batch; duplicates are grouped across the batch. */
export function understandBatch(u: Understander, items: UnderstandInput[]): Understanding[] {
  const done = items.map((item) => ({ ...understandOne(u, item), applicant: item.applicant ?? null }))
  // Only items with a place or a known applicant can be duplicates of anything: the rest skip grouping.
  const placed = done.filter(
    ({ result, applicant }) => result.street || (result.lat != null && result.lon != null) || applicant,
  )
  const groups = groupDuplicates(
    placed.map(({ result, a, created, applicant }) => ({
      id: result.id,
      createdAt: created,
      stems: a.stems,
      // The model's own sector and topic guesses are left out: two texts about one problem are often guessed into
      // different sectors, and on the «Наш СПб» development half they cut the best F1 from 0.71 to 0.55.
      sector: null,
      topic: null,
      street: result.street,
      house: result.house,
      lat: result.lat,
      lon: result.lon,
      applicantKey: applicant,
    })),
  )
  for (const { result } of done) result.group = groups.get(result.id) ?? result.id
  return done.map((d) => d.result)
}

export function understandText(u: Understander, item: UnderstandInput): Understanding {
  return understandOne(u, item).result
}
