/**
 * The responsibility matrix as pure functions: which rule matches an appeal (first match wins) and whether
 * a rule set may be saved (every rule reachable, a default at the end, units, deputies and codes valid).
 * No database here: the service loads the rules and the directory and passes them in.
 */

/** One rule as the functions see it; a null condition means «любой». */
export interface MatrixRule {
  id?: number
  sectorCode: string | null
  topicCode: string | null
  districtCode: string | null
  objectType: string | null
  unitId: number
  coExecutorIds: number[]
  deputyUserId: string | null
}

/** What is known of an appeal when it is routed. */
export interface MatrixQuery {
  sectorCode: string | null
  topicCode: string | null
  districtCode: string | null
  objectType: string | null
}

/** Names and facts the functions need to explain and check rules. */
export interface MatrixContext {
  sectors: Map<string, string>
  /** topic code → its sector and name */
  topics: Map<string, { sectorCode: string; name: string }>
  districts: Map<string, string>
  objectTypes: Map<string, string>
  units: Map<number, { shortName: string; sectors: string[]; deleted: boolean }>
  users: Map<string, { fullName: string; role: string; disabled: boolean }>
}

export type Dimension = 'sectorCode' | 'topicCode' | 'districtCode' | 'objectType'
const DIMENSIONS: Dimension[] = ['sectorCode', 'topicCode', 'districtCode', 'objectType']

/** The sector a rule or query really means: a topic implies its sector. */
function effective<T extends MatrixQuery>(r: T, ctx: Pick<MatrixContext, 'topics'>): MatrixQuery {
  const topicSector = r.topicCode ? (ctx.topics.get(r.topicCode)?.sectorCode ?? null) : null
  return {
    sectorCode: r.sectorCode ?? topicSector,
    topicCode: r.topicCode,
    districtCode: r.districtCode,
    objectType: r.objectType,
  }
}

export const isDefaultRule = (r: MatrixQuery) => DIMENSIONS.every((d) => r[d] === null)

/** The first dimension on which the rule does not match the query, or null when it matches. */
export function mismatch(
  rule: MatrixRule,
  query: MatrixQuery,
  ctx: Pick<MatrixContext, 'topics'>,
): Dimension | null {
  const r = effective(rule, ctx)
  const q = effective(query, ctx)
  for (const d of DIMENSIONS) if (r[d] !== null && r[d] !== q[d]) return d
  return null
}

const DIM_WORD: Record<Dimension, string> = {
  sectorCode: 'сектор',
  topicCode: 'тема',
  districtCode: 'район',
  objectType: 'тип объекта',
}

function valueName(d: Dimension, code: string | null, ctx: MatrixContext): string {
  if (code === null) return 'не указан'
  const name =
    d === 'sectorCode'
      ? ctx.sectors.get(code)
      : d === 'topicCode'
        ? ctx.topics.get(code)?.name
        : d === 'districtCode'
          ? ctx.districts.get(code)
          : ctx.objectTypes.get(code)
  return `«${name ?? code}»`
}

/** «сектор «Дороги», район «Ленинский район»» or «любое обращение» for the default rule. */
export function describeConditions(rule: MatrixQuery, ctx: MatrixContext): string {
  const parts = DIMENSIONS.filter((d) => rule[d] !== null).map(
    (d) => `${DIM_WORD[d]} ${valueName(d, rule[d], ctx)}`,
  )
  return parts.length ? parts.join(', ') : 'любое обращение (правило по умолчанию)'
}

export interface MatchTraceItem {
  position: number
  matched: boolean
  /** Why it did not match: «район: правило — «Ленинский район», у обращения — не указан». */
  reason: string | null
}

export interface MatchResult {
  index: number
  rule: MatrixRule
  why: string
  trace: MatchTraceItem[]
}

/** The first rule that matches the query (rules in their order), with a Russian sentence saying why. */
export function matchRule(rules: MatrixRule[], query: MatrixQuery, ctx: MatrixContext): MatchResult | null {
  const trace: MatchTraceItem[] = []
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]
    const d = mismatch(rule, query, ctx)
    if (d !== null) {
      const r = effective(rule, ctx)
      const q = effective(query, ctx)
      trace.push({
        position: i + 1,
        matched: false,
        reason: `${DIM_WORD[d]}: в правиле ${valueName(d, r[d], ctx)}, у обращения ${valueName(d, q[d], ctx)}`,
      })
      continue
    }
    trace.push({ position: i + 1, matched: true, reason: null })
    const unit = ctx.units.get(rule.unitId)?.shortName ?? `подразделение ${rule.unitId}`
    const why = isDefaultRule(rule)
      ? `Правило №${i + 1} матрицы ответственности — по умолчанию: ни одно правило выше не подошло, исполнитель — «${unit}».`
      : `Правило №${i + 1} матрицы ответственности: ${describeConditions(rule, ctx)} → исполнитель «${unit}».`
    return { index: i, rule, why, trace }
  }
  return null
}

export interface MatrixProblem {
  /** 1-based position of the rule, or null for the set as a whole. */
  position: number | null
  path: string
  message: string
}

/** Every problem of a rule set; an empty list means it may be saved. */
export function validateMatrix(rules: MatrixRule[], ctx: MatrixContext): MatrixProblem[] {
  const problems: MatrixProblem[] = []
  const add = (i: number | null, field: string, message: string) =>
    problems.push({
      position: i === null ? null : i + 1,
      path: i === null ? 'rules' : `rules.${i}.${field}`,
      message: i === null ? message : `Правило №${i + 1}: ${message}`,
    })
  rules.forEach((rule, i) => {
    if (rule.sectorCode !== null && !ctx.sectors.has(rule.sectorCode))
      add(i, 'sectorCode', `неизвестный сектор «${rule.sectorCode}»`)
    if (rule.topicCode !== null) {
      const topic = ctx.topics.get(rule.topicCode)
      if (!topic) add(i, 'topicCode', `неизвестная тема «${rule.topicCode}»`)
      else if (rule.sectorCode !== null && topic.sectorCode !== rule.sectorCode)
        add(
          i,
          'topicCode',
          `тема «${topic.name}» относится к сектору «${ctx.sectors.get(topic.sectorCode) ?? topic.sectorCode}», а не «${ctx.sectors.get(rule.sectorCode) ?? rule.sectorCode}»`,
        )
    }
    if (rule.districtCode !== null && !ctx.districts.has(rule.districtCode))
      add(i, 'districtCode', `неизвестный район «${rule.districtCode}»`)
    if (rule.objectType !== null && !ctx.objectTypes.has(rule.objectType))
      add(i, 'objectType', `неизвестный тип объекта «${rule.objectType}»`)
    const unit = ctx.units.get(rule.unitId)
    const sector = effective(rule, ctx).sectorCode
    if (!unit) add(i, 'unitId', 'исполнитель не найден в справочнике организаций')
    else if (unit.deleted)
      add(i, 'unitId', `исполнитель «${unit.shortName}» удалён из справочника организаций`)
    else if (sector !== null && !unit.sectors.includes(sector))
      add(
        i,
        'unitId',
        `«${unit.shortName}» не отвечает за сектор «${ctx.sectors.get(sector) ?? sector}» (добавьте сектор в карточку организации или выберите другого исполнителя)`,
      )
    const seen = new Set<number>()
    for (const id of rule.coExecutorIds) {
      const co = ctx.units.get(id)
      if (!co) add(i, 'coExecutorIds', 'соисполнитель не найден в справочнике организаций')
      else if (co.deleted) add(i, 'coExecutorIds', `соисполнитель «${co.shortName}» удалён из справочника`)
      else if (id === rule.unitId)
        add(i, 'coExecutorIds', `«${co.shortName}» — уже исполнитель, не соисполнитель`)
      else if (seen.has(id)) add(i, 'coExecutorIds', `соисполнитель «${co.shortName}» указан дважды`)
      seen.add(id)
    }
    if (rule.deputyUserId !== null) {
      const user = ctx.users.get(rule.deputyUserId)
      if (!user) add(i, 'deputyUserId', 'курирующий заместитель не найден среди пользователей')
      else if (user.role !== 'deputy')
        add(i, 'deputyUserId', `«${user.fullName}» не заместитель Главы (роль «${user.role}»)`)
      else if (user.disabled) add(i, 'deputyUserId', `учётная запись «${user.fullName}» отключена`)
    }
    // Overlap: an earlier rule at least as general on every condition makes this one unreachable.
    const earlier = rules.findIndex((prev, j) => j < i && mismatch(prev, effective(rule, ctx), ctx) === null)
    if (earlier >= 0)
      add(
        i,
        'position',
        isDefaultRule(rules[earlier])
          ? `никогда не сработает: правило по умолчанию №${earlier + 1} стоит выше — оно должно быть последним`
          : `никогда не сработает: правило №${earlier + 1} выше (${describeConditions(rules[earlier], ctx)}) уже покрывает все такие обращения — переместите это правило выше или уточните условия`,
      )
  })
  if (!rules.some(isDefaultRule))
    add(
      null,
      'rules',
      'Нет правила по умолчанию: последним должно стоять правило без условий (любой сектор, тема, район и тип объекта), иначе часть обращений останется без исполнителя',
    )
  return problems
}
