import { maskEmail, maskName, maskPhone, maskPostalAddress } from '../../platform/pd'
import type { listAnswers } from '../answers/answers.service'
import type { listAttachments } from '../attachments/attachments.service'
import { maskPersonalData } from '../understanding/personal-data'
import { eventTitle } from './appeals.events'
import type { AppealView, getAppealCard } from './appeals.service'
import { channelInfo } from './channel-info'
import type { Incident } from './incident.service'
import { isUrgentToCheck } from './urgency.service'

const PREVIEW = 180
/** Actions the web UI has screens for; the rest appear as their endpoints arrive. */
const UI_ACTIONS = new Set([
  'assign',
  'answer',
  'approve',
  'return',
  'interim_answer',
  'merge',
  'split',
  'decline',
  'redirect',
  'urgency',
])

/** Dates leave the server as ISO 8601 strings. */
export const iso = <T extends Date | null | undefined>(d: T): T extends Date ? string : string | null =>
  (d ? d.toISOString() : null) as T extends Date ? string : string | null

const ref = (code: string | null, name: string | null | undefined) =>
  code ? { code, name: name ?? code } : null

/** Registered later than the regime allows after receipt (59-ФЗ ст. 8 ч. 2: within 3 days). */
export const isRegisteredLate = (receivedAt: Date, registeredAt: Date, days: number | null) =>
  days != null && registeredAt.getTime() - receivedAt.getTime() > days * 86_400_000

/** `meta.repeatOf` as the understanding step stored it, checked (meta is free-form JSON). */
function repeatOf(meta: Record<string, unknown>): { id: number; regNumber: string } | null {
  const r = meta.repeatOf as { id?: unknown; regNumber?: unknown } | undefined
  return r && typeof r.id === 'number' && typeof r.regNumber === 'string'
    ? { id: r.id, regNumber: r.regNumber }
    : null
}

/** The incident on the card: links only, no personal data. */
export function presentIncident(i: Incident) {
  return {
    main: i.main,
    members: i.members.map((m) => ({
      id: m.id,
      regNumber: m.regNumber,
      channel: { code: m.channelCode, name: m.channelName },
    })),
  }
}

const preview = (text: string) => (text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1)}…` : text)

/** A registry row as lists show it: personal data always masked, also inside the text. */
export function presentListItem(v: AppealView & { applicantName?: string | null }, now = new Date()) {
  const a = v.appeal
  return {
    id: a.id,
    regNumber: a.regNumber,
    regime: { code: a.regime, name: v.regimeName },
    channel: { code: a.channel, name: v.channelName },
    receivedAt: iso(a.receivedAt),
    registeredAt: iso(a.registeredAt),
    registeredLate: isRegisteredLate(a.receivedAt, a.registeredAt, v.regimeRegistrationDays),
    textPreview: preview(maskPersonalData(a.text)),
    addressText: a.addressText,
    district: ref(a.districtCode, v.districtName),
    sector: ref(a.sectorCode, v.sectorName),
    topic: ref(a.topicCode, v.topicName),
    unit: a.unitId ? { id: a.unitId, shortName: v.unitShortName ?? '' } : null,
    status: { code: a.status, name: v.statusName },
    dueAt: iso(a.dueAt),
    overdue: Boolean(v.statusIsOpen && a.dueAt && a.dueAt.getTime() < now.getTime()),
    urgent: a.urgent,
    /** Flagged by the model alone and no person has confirmed it yet: lists show «срочно?». */
    urgentToCheck: isUrgentToCheck(a),
    repeatOf: repeatOf(a.meta),
    incidentMainId: a.duplicateOf,
    applicantName: maskName(v.applicantName ?? null),
  }
}

type Card = Awaited<ReturnType<typeof getAppealCard>>
type Answers = Awaited<ReturnType<typeof listAnswers>>
type Files = Awaited<ReturnType<typeof listAttachments>>

/** The appeal card: applicants unmasked only for roles that work with them. */
export function presentCard(
  card: Card,
  answerRows: Answers,
  statusNames: Map<string, string>,
  files: Files = [],
  sectorNames: ReadonlyMap<string, string> = new Map(),
) {
  const a = card.view.appeal
  const status = (code: string | null) => (code ? { code, name: statusNames.get(code) ?? code } : null)
  const first = card.applicants[0]
  return {
    ...presentListItem({ ...card.view, applicantName: first?.fullName ?? first?.handle ?? null }),
    // Personal data typed into the text is masked for whoever may not see the applicant's data.
    text: card.showPd ? a.text : maskPersonalData(a.text),
    lat: a.lat,
    lon: a.lon,
    isCollective: a.isCollective,
    applicants: card.applicants.map((p) =>
      card.showPd
        ? { fullName: p.fullName ?? p.handle, phone: p.phone, email: p.email, postalAddress: p.postalAddress }
        : {
            fullName: maskName(p.fullName ?? p.handle),
            phone: maskPhone(p.phone),
            email: maskEmail(p.email),
            postalAddress: maskPostalAddress(p.postalAddress),
          },
    ),
    answers: answerRows.map((r) => ({
      id: r.id,
      text: r.text,
      status: { code: r.status, name: ANSWER_STATUS[r.status] ?? r.status },
      author: r.authorName,
      createdAt: iso(r.createdAt),
      approvedAt: r.status === 'approved' ? iso(r.decidedAt) : null,
      approvedBy: r.status === 'approved' ? r.decidedByName : null,
      deliveredAt: iso(r.deliveredAt),
    })),
    events: card.events.map(({ event: e, actorName }) => ({
      id: e.id,
      at: iso(e.at),
      type: e.type,
      title:
        e.type === 'assigned' && e.data.unitName
          ? `${eventTitle(e.type)}: ${e.data.unitName}`
          : e.type === 'rated'
            ? `${eventTitle(e.type)}: ${e.data.score} из 5`
            : eventTitle(e.type),
      actor: actorName ?? (e.actorKind === 'citizen' ? 'Заявитель' : 'Система'),
      fromStatus: status(e.fromStatus),
      toStatus: status(e.toStatus),
      note: e.note,
      public: e.public,
    })),
    attachments: files.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      mime: f.mime,
      size: f.size,
      url: `/api/appeals/${a.id}/attachments/${f.id}`,
    })),
    rating: a.rating ? { score: a.rating, comment: a.ratingComment, at: iso(a.ratedAt) } : null,
    channelInfo: channelInfo(a, { sectorName: (code) => sectorNames.get(code) }),
    actions: card.actions.filter((x) => UI_ACTIONS.has(x)),
  }
}

const ANSWER_STATUS: Record<string, string> = {
  prepared: 'На согласовании',
  approved: 'Утверждён',
  returned: 'Возвращён на доработку',
}
