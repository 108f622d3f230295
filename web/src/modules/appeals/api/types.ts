export type Ref = { code: string; name: string }
export type Id = string | number

/** One row of the appeals registry as the server lists it. */
export type AppealListItem = {
  id: Id
  regNumber: string
  regime: Ref
  channel: Ref
  receivedAt: string
  registeredAt: string
  /** Registered later than the regime allows after receipt (59-ФЗ: 3 days). */
  registeredLate: boolean
  textPreview: string
  addressText: string | null
  district: Ref | null
  sector: Ref | null
  topic: Ref | null
  unit: { id: Id; shortName: string } | null
  status: Ref
  dueAt: string | null
  overdue: boolean
  urgent: boolean
  /** Flagged urgent by the model alone and not yet confirmed by a person («срочно?»). */
  urgentToCheck: boolean
  /** The same applicant's earlier, already answered appeal about the same problem («повторное»). */
  repeatOf: AppealRef | null
  /** The main appeal of the incident this one belongs to (the answer comes from there), or null. */
  incidentMainId: Id | null
  /** Already masked by the server for roles that may not see personal data. */
  applicantName: string | null
  /** What Вече proposes while the appeal waits for an executor (only for those who route, only in the queue). */
  suggestion?: RoutingSuggestion | null
}

/** Вече's proposal for an appeal waiting for an executor: sector, topic and the matrix's executor. */
export type RoutingSuggestion = {
  sector: Ref
  topic: Ref | null
  /** The model's sector confidence (0…1); null when the sector was already set on the appeal. */
  confidence: number | null
  /** null: the matrix gives no executor for this sector, an operator decides in the card. */
  unit: { id: Id; shortName: string } | null
  /** Offered for «Направить по предложению» (an executor, and the model sure enough); else `why`. */
  sendable: boolean
  why: string | null
}

/** What «Направить по предложению» did with each appeal. */
export type SuggestedResult = {
  id: Id
  regNumber: string | null
  ok: boolean
  unit?: { id: Id; shortName: string }
  sector?: Ref
  error?: string
}

export type AppealRef = { id: number; regNumber: string }

/** One concrete problem reported several times: a member shows its main, a main lists its members. */
export type Incident = {
  main: AppealRef | null
  members: (AppealRef & { channel: Ref })[]
}

export type Applicant = {
  fullName: string | null
  phone: string | null
  email: string | null
  postalAddress: string | null
}

export type Answer = {
  id: Id
  text: string
  status: Ref
  author: string
  createdAt: string
  approvedAt: string | null
  approvedBy: string | null
}

export type AppealEvent = {
  id: Id
  at: string
  type: string
  title: string
  actor: string
  fromStatus: Ref | null
  toStatus: Ref | null
  note: string | null
  public: boolean
}

export type AppealAction =
  | 'assign'
  | 'answer'
  | 'approve'
  | 'return'
  | 'interim_answer'
  | 'merge'
  | 'split'
  | 'redirect'
  | 'decline'
  | 'urgency'

/** One line of what the channel told us (ПОС id, post link, e-mail subject…); never personal data. */
export type ChannelInfoItem = { label: string; value: string; href?: string }

/** The full appeal card; `actions` says what the current user may do now. */
export type AppealDetail = AppealListItem & {
  text: string
  lat: number | null
  lon: number | null
  applicants: Applicant[]
  answers: Answer[]
  events: AppealEvent[]
  rating: { score: number; comment: string | null; at: string | null } | null
  actions: AppealAction[]
  channelInfo: ChannelInfoItem[]
  /** Citizens' photos and PDFs; `url` serves the file to staff who may see the appeal. */
  attachments: AppealAttachment[]
  /** What Вече understood from the text (null until the understanding step has run). */
  understanding: AppealUnderstanding | null
  incident: Incident
  /** Why the appeal went where it went (the matrix rule or the operator's choice) and its co-executors. */
  routing: {
    why: string | null
    ruleNumber: number | null
    coExecutors: { id: number; shortName: string }[]
    curator: { fullName: string } | null
  }
}

export type Suggestion = { code: string; name: string; p: number }

export type AppealUnderstanding = {
  model: string
  sectors: Suggestion[]
  topics: Suggestion[]
  isRequest: boolean
  requestConfidence: number
  address: {
    street: string | null
    house: string | null
    district: string | null
    confidence: number
    reason: string
  }
  urgent: boolean
  urgencyReasons: string[]
  /** Who flagged it: the rules, the model alone (a guess to check), or null. */
  urgencyBy: 'rules' | 'model' | null
  duplicates: { id: number; regNumber: string; score: number; reasons: string[] }[]
  applied: string[]
  notes: string[]
}

export type AppealAttachment = { id: number; fileName: string; mime: string; size: number; url: string }

export type AppealListFilters = {
  status?: string
  sector?: string
  district?: string
  q?: string
  overdue?: boolean
  urgent?: boolean
  /** Only appeals still being handled (a status given wins). */
  open?: boolean
  /** Only appeals waiting for an executor (none yet, registered or at coordination). */
  waiting?: boolean
  limit: number
  offset: number
}

export type ApplicantInput = {
  fullName?: string
  phone?: string
  email?: string
  postalAddress?: string
}

export type RegisterAppealInput = {
  regime: 'fz59' | 'message'
  channel: 'phone'
  receivedAt?: string
  text: string
  applicants: ApplicantInput[]
  addressText?: string
  lat?: number
  lon?: number
  districtCode?: string
  sectorCode?: string
  topicCode?: string
  urgent?: boolean
}

/** A caller-history lookup: the normalised phone (+79101234567), the beginning of the ФИО, or both. */
export type CallerLookup = { phone?: string; name?: string }

export type AssignInput = {
  sectorCode: string
  topicCode?: string
  unitId: Id
  note?: string
  objectType?: string
}
