/**
 * Duplicates across channels, measured on «Наш СПб» (issue 4): duplicate-pair precision and recall on items
 * that share an address within 14 days. The truth for such a pair is «duplicate» iff both rows carry the
 * same `reason`; the algorithm sees only the text, the time, the address (as street + house) and the
 * point — never reason, category or city_object.
 *
 * Protocol: rows with an address; the ADDRESSES are split into two seeded halves; the threshold is chosen
 * on half A (the lowest one reaching precision 0.90 there, else the best F1) and the figures are reported
 * on half B. Reposts (identical texts) are duplicates and stay in; the figures without identical-text
 * pairs are printed as well, since that is the harder part. No row text is printed.
 *
 * An optional `sectorOf(text)` (the lead's sector classifier, once ready) can be plugged in through
 * makeDuplicatesSection; the default export runs without it.
 *
 * `npm run eval -- duplicates --diagnose` (or `--diagnose=0.3` for another threshold) adds aggregate
 * diagnostics of HALF A only, for work on the vocabulary without touching B: per reason, the share of texts
 * with no issue concept and the concepts named most; missed pairs by reason and false pairs by reason ×
 * reason, each with what the concepts said about the pair. Reason names are category labels; no row text.
 */
import path from 'node:path'
import {
  buildIdf,
  conceptsOf,
  DUPLICATE_DEFAULTS,
  type DupItem,
  type DupOptions,
  duplicateCandidates,
  groupDuplicates,
} from '../server/modules/understanding/duplicates'
import { analyse } from '../server/modules/understanding/text'
import {
  type EvalContext,
  type EvalResult,
  type EvalSection,
  fmt,
  readCsv,
  runStandalone,
  shuffle,
  table,
} from './lib'

const FILE = 'appeals/spb_nash_spb_2020_2021/spb_appeals_sample.csv'
const WINDOW_DAYS = 14
const PRECISION_TARGET = 0.9
const SWEEP = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8]

export interface DuplicateEvalOptions {
  /** A sector classifier: items of different known sectors are never duplicates. */
  sectorOf?: (text: string) => string | null
  /**
   * Print aggregate diagnostics of half A (never of B, never a row's text): at the chosen threshold, or at
   * the given one (`--diagnose=0.3`).
   */
  diagnose?: boolean | number
}

/**
 * Reads «г.Санкт-Петербург, <street>, дом N, корпус K, литера A» into a street (everything before the
 * «дом» part, settlement included, so a street of Пушкин is not one of the city) and a house (the rest).
 */
export function readSpbAddress(address: string): { street: string | null; house: string | null } {
  const parts = address
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  const at = parts.findIndex((p) => /^(?:дом|д\.)\s*\S/i.test(p))
  if (at < 0) return { street: parts.length ? parts.join(', ') : null, house: null }
  return {
    street: parts.slice(0, at).join(', ') || null,
    house:
      parts
        .slice(at)
        .join(', ')
        .replace(/^дом\s*/i, '') || null,
  }
}

interface Row {
  item: DupItem
  address: string
  reason: string
  /** The normalised text, to tell identical-text pairs (reposts) apart. */
  textKey: string
}

interface Pair {
  a: string
  b: string
  duplicate: boolean
  identical: boolean
}

/** Every pair of rows with the same address within the window, with its truth. */
function truthPairs(rows: Row[]): Pair[] {
  const byAddress = new Map<string, Row[]>()
  for (const r of rows) byAddress.set(r.address, [...(byAddress.get(r.address) ?? []), r])
  const pairs: Pair[] = []
  const windowMs = WINDOW_DAYS * 86_400_000
  for (const group of byAddress.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [x, y] = [group[i], group[j]]
        if (Math.abs(x.item.createdAt.getTime() - y.item.createdAt.getTime()) > windowMs) continue
        pairs.push({
          a: x.item.id,
          b: y.item.id,
          duplicate: x.reason === y.reason,
          identical: x.textKey === y.textKey,
        })
      }
    }
  }
  return pairs
}

interface Figures {
  precision: number
  recall: number
  f1: number
  tp: number
  fp: number
  fn: number
}

function figures(pairs: Pair[], groups: Map<string, string>): Figures {
  let tp = 0
  let fp = 0
  let fn = 0
  for (const p of pairs) {
    const predicted = groups.get(p.a) === groups.get(p.b)
    if (predicted && p.duplicate) tp++
    else if (predicted) fp++
    else if (p.duplicate) fn++
  }
  return toFigures(tp, fp, fn)
}

function toFigures(tp: number, fp: number, fn: number): Figures {
  const precision = tp + fp ? tp / (tp + fp) : Number.NaN
  const recall = tp + fn ? tp / (tp + fn) : Number.NaN
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  return { precision, recall, f1, tp, fp, fn }
}

/** Pairs the grouping put together although their addresses differ (no truth for them: a count only). */
function crossAddressPairs(rows: Row[], groups: Map<string, string>): number {
  const byGroup = new Map<string, Row[]>()
  for (const r of rows) {
    const g = groups.get(r.item.id) ?? r.item.id
    byGroup.set(g, [...(byGroup.get(g) ?? []), r])
  }
  let n = 0
  for (const members of byGroup.values())
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) if (members[i].address !== members[j].address) n++
  return n
}

/** Every row with a valid time (an empty `address` for rows without one). */
/**
 * Pair figures of duplicateCandidates: each row is checked against the earlier rows of its address within
 * the window, as the server does for a new appeal; a pair is «suggested» when the earlier row is listed.
 */
function suggestionFigures(rows: Row[], pairs: Pair[], opts: Partial<DupOptions>): Figures {
  const byAddress = new Map<string, Row[]>()
  for (const r of rows) byAddress.set(r.address, [...(byAddress.get(r.address) ?? []), r])
  const listed = new Set<string>()
  const windowMs = WINDOW_DAYS * 86_400_000
  for (const r of rows) {
    const t = r.item.createdAt.getTime()
    const earlier = (byAddress.get(r.address) ?? [])
      .filter((o) => o !== r && o.item.createdAt.getTime() <= t && t - o.item.createdAt.getTime() <= windowMs)
      .map((o) => o.item)
    for (const c of duplicateCandidates(r.item, earlier, opts)) listed.add(`${r.item.id} ${c.id}`)
  }
  let tp = 0
  let fp = 0
  let fn = 0
  for (const p of pairs) {
    const predicted = listed.has(`${p.a} ${p.b}`) || listed.has(`${p.b} ${p.a}`)
    if (predicted && p.duplicate) tp++
    else if (predicted) fp++
    else if (p.duplicate) fn++
  }
  return toFigures(tp, fp, fn)
}

function loadRows(ctx: EvalContext, options: DuplicateEvalOptions): Row[] {
  const rows: Row[] = []
  for (const r of readCsv(path.join(ctx.dataDir, FILE))) {
    const address = (r.address ?? '').trim()
    const createdAt = new Date(r.created)
    if (Number.isNaN(createdAt.getTime())) continue
    const text = r.text ?? ''
    const analysed = analyse(text)
    const { street, house } = readSpbAddress(address)
    const lat = Number.parseFloat(r.lat)
    const lon = Number.parseFloat(r.lon)
    rows.push({
      item: {
        id: r.id,
        createdAt,
        stems: analysed.stems,
        street,
        house,
        lat: Number.isFinite(lat) ? lat : null,
        lon: Number.isFinite(lon) ? lon : null,
        sector: options.sectorOf?.(text) ?? null,
      },
      address,
      reason: r.reason ?? '',
      textKey: analysed.tokens.join(' '),
    })
  }
  return rows
}

const run = (half: Row[], opts: Partial<DupOptions>) =>
  groupDuplicates(
    half.map((r) => r.item),
    opts,
  )

/**
 * Splits the addresses into two seeded halves and chooses the threshold on half A: the lowest one
 * reaching the precision target there, else the one with the best F1.
 */
function splitAndChoose(rows: Row[], seed: number) {
  const addresses = shuffle([...new Set(rows.map((r) => r.address))].sort(), seed)
  const inA = new Set(addresses.slice(0, Math.ceil(addresses.length / 2)))
  const halfA = rows.filter((r) => inA.has(r.address))
  const halfB = rows.filter((r) => !inA.has(r.address))
  const pairsA = truthPairs(halfA)
  const pairsB = truthPairs(halfB)
  const sweep = SWEEP.map((threshold) => ({ threshold, ...figures(pairsA, run(halfA, { threshold })) }))
  const reaching = sweep.filter((s) => s.precision >= PRECISION_TARGET)
  const chosen = (
    reaching.length ? reaching : [...sweep].sort((x, y) => y.f1 - x.f1 || x.threshold - y.threshold)
  )[0]
  return { addresses, halfA, halfB, pairsA, pairsB, sweep, threshold: chosen.threshold }
}

const top = (counts: Map<string, number>, n: number, total: number) =>
  [...counts]
    .sort((x, y) => y[1] - x[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${fmt((v / total) * 100, 0)}%`)
    .join(', ')

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by)

/**
 * Aggregate diagnostics of HALF A only (`npm run eval -- duplicates --diagnose`): per reason, which
 * vocabulary concepts the texts name; missed pairs by reason and false pairs by reason × reason, each with
 * what the concepts said about the pair. Reason names are category labels; no row text is printed.
 */
function diagnoseHalf(halfA: Row[], pairsA: Pair[], threshold: number): string[] {
  const byId = new Map(halfA.map((r) => [r.item.id, r]))
  const concepts = new Map(halfA.map((r) => [r.item.id, conceptsOf(r.item.stems)]))
  const groups = run(halfA, { threshold })
  const idf = buildIdf(halfA.map((r) => r.item.stems))
  const short = (reason: string) => (reason.length > 60 ? `${reason.slice(0, 57)}…` : reason)
  const lines = ['', `Диагностика половины A (порог ${threshold.toFixed(2)}):`]

  const reasons = new Map<string, Row[]>()
  for (const r of halfA) reasons.set(r.reason, [...(reasons.get(r.reason) ?? []), r])
  lines.push('Понятия словаря по причинам (строк; без проблемы; главные проблемы; главные объекты):')
  for (const [reason, rs] of [...reasons].sort((x, y) => y[1].length - x[1].length).slice(0, 40)) {
    const issues = new Map<string, number>()
    const objects = new Map<string, number>()
    let none = 0
    for (const r of rs) {
      const c = concepts.get(r.item.id) ?? { issues: [], objects: [] }
      if (!c.issues.length) none++
      for (const i of c.issues) bump(issues, i)
      for (const o of c.objects) bump(objects, o)
    }
    lines.push(
      `  ${rs.length} · ${fmt((none / rs.length) * 100, 0)}% · ${short(reason)} | ${top(issues, 4, rs.length)} | ${top(objects, 3, rs.length)}`,
    )
  }

  const ONE_SIDED = 'только в одном тексте: '
  // Missed pairs (why() is asked about them once each) by the «distinct» concept only one text names.
  const oneSided = new Map<string, number>()
  const why = (p: Pair) => {
    const ca = concepts.get(p.a) ?? { issues: [], objects: [] }
    const cb = concepts.get(p.b) ?? { issues: [], objects: [] }
    const a = byId.get(p.a) as Row
    const b = byId.get(p.b) as Row
    const [first, second] = a.item.createdAt <= b.item.createdAt ? [a, b] : [b, a]
    const candidate = duplicateCandidates(second.item, [first.item], {
      idf,
      suggestThreshold: 0,
      streetThreshold: 0,
    })[0]
    const score = candidate?.score ?? 0
    if (p.duplicate)
      for (const r of candidate?.reasons ?? [])
        if (r.startsWith(ONE_SIDED))
          for (const label of r.slice(ONE_SIDED.length).split(', '))
            bump(oneSided, `${label}: ${short(first.reason)}`)
    const issue =
      !ca.issues.length || !cb.issues.length
        ? 'проблема не узнана'
        : ca.issues.some((i) => cb.issues.includes(i))
          ? 'общая проблема'
          : 'разные проблемы'
    const object =
      !ca.objects.length || !cb.objects.length
        ? 'объект не узнан'
        : ca.objects.some((i) => cb.objects.includes(i))
          ? 'общий объект'
          : 'разные объекты'
    const band =
      score >= threshold ? 'балл ≥ порога' : score >= threshold - 0.2 ? 'балл близко' : 'балл низкий'
    return `${issue}, ${object}, ${band}`
  }

  const missed = new Map<string, number>()
  const missedWhy = new Map<string, number>()
  const missedByBoth = new Map<string, number>()
  const falseBy = new Map<string, number>()
  const falseWhy = new Map<string, number>()
  let fn = 0
  let fp = 0
  // Missed pairs where a text names no issue: how many such texts and addresses they come from.
  const unnamedTexts = new Set<string>()
  const unnamedAddresses = new Set<string>()
  let unnamedPairs = 0
  for (const p of pairsA) {
    const predicted = groups.get(p.a) === groups.get(p.b)
    const ra = byId.get(p.a)?.reason ?? ''
    const rb = byId.get(p.b)?.reason ?? ''
    if (p.duplicate && !predicted) {
      fn++
      const w = why(p)
      bump(missed, short(ra))
      bump(missedWhy, w)
      bump(missedByBoth, `${short(ra)}: ${w}`)
      const silent = [p.a, p.b].filter((id) => !concepts.get(id)?.issues.length)
      if (silent.length) {
        unnamedPairs++
        for (const id of silent) unnamedTexts.add(id)
        unnamedAddresses.add(byId.get(p.a)?.address ?? '')
      }
    } else if (!p.duplicate && predicted) {
      fp++
      bump(falseBy, [short(ra), short(rb)].sort().join(' × '))
      bump(falseWhy, why(p))
    }
  }
  const list = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]).map(([k, v]) => `  ${v} · ${k}`)
  lines.push(`Пропущенные пары (${fn}) по причине:`, ...list(missed))
  lines.push('Пропущенные пары по признакам:', ...list(missedWhy))
  lines.push('Пропущенные пары по причине и признакам:', ...list(missedByBoth))
  lines.push('Пропущенные пары с «отличительным» понятием только в одном тексте:', ...list(oneSided))
  lines.push(
    `Пропущенные пары, где текст не назвал проблемы: ${unnamedPairs} (таких текстов ${unnamedTexts.size}, ` +
      `адресов ${unnamedAddresses.size}).`,
  )
  lines.push(`Ложные пары (${fp}) по причинам:`, ...list(falseBy))
  lines.push('Ложные пары по признакам:', ...list(falseWhy))
  return lines
}

/** The evaluation section, with an optional sector classifier plugged in. */
export function makeDuplicatesSection(options: DuplicateEvalOptions = {}): EvalSection {
  return async (ctx: EvalContext): Promise<EvalResult> => {
    const everyRow = loadRows(ctx, options)
    const rows = everyRow.filter((r) => r.address)
    // Threshold chosen on half A only (the sweep below), figures on half B.
    const { addresses, halfA, halfB, pairsA, pairsB, sweep, threshold } = splitAndChoose(rows, ctx.seed)
    const groupsB = run(halfB, { threshold })
    const b = figures(pairsB, groupsB)
    const bHard = figures(
      pairsB.filter((p) => !p.identical),
      groupsB,
    )
    const bDefault = figures(pairsB, run(halfB, {}))
    const textOnly = figures(
      pairsB,
      run(halfB, {
        threshold,
        issueBonus: 0,
        issuePenalty: 0,
        objectBonus: 0,
        objectPenalty: 0,
        distinctPenalty: 0,
        conceptFloor: 0,
      }),
    )
    // The same protocol on other splits: how much the figures move with ~136 positive pairs per half.
    const otherSplits = [1, 2, 3].map((k) => {
      const other = splitAndChoose(rows, ctx.seed + k)
      const f = figures(other.pairsB, run(other.halfB, { threshold: other.threshold }))
      return `${other.threshold.toFixed(2)} → ${fmt(f.precision, 2)}/${fmt(f.recall, 2)}`
    })
    const withIssue = rows.filter((r) => conceptsOf(r.item.stems).issues.length > 0).length / rows.length
    const sameAddressRate = pairsB.filter((p) => p.duplicate).length / pairsB.length

    // The server's path: one new appeal against the earlier open ones at its address (what a blocking
    // query returns), IDF from a corpus (here half A, as a stand-in for last year's appeals).
    const suggested = suggestionFigures(halfB, pairsB, {
      threshold,
      idf: buildIdf(halfA.map((r) => r.item.stems)),
    })

    // Throughput: every row of the file (with an address or only a point) in one batch.
    const all = everyRow.map((r) => r.item)
    groupDuplicates(all.slice(0, 500))
    const started = performance.now()
    groupDuplicates(all, { threshold })
    const seconds = (performance.now() - started) / 1000

    const line = (name: string, f: Figures, n: number) => [
      name,
      n,
      fmt(f.precision),
      fmt(f.recall),
      fmt(f.f1),
      `${f.tp}/${f.fp}/${f.fn}`,
    ]
    const positives = (ps: Pair[]) => ps.filter((p) => p.duplicate).length
    const hardB = pairsB.filter((p) => !p.identical)
    return {
      title: `Дубликаты: пары «тот же адрес, ≤ ${WINDOW_DAYS} дней» в «Наш СПб» (порог выбран на половине A, оценка на B)`,
      metrics: {
        precision: b.precision,
        recall: b.recall,
        f1: b.f1,
        precisionWithoutIdentical: bHard.precision,
        recallWithoutIdentical: bHard.recall,
        threshold,
        pairsA: pairsA.length,
        pairsB: pairsB.length,
        itemsPerSecond: all.length / seconds,
      },
      lines: [
        `Строк с адресом: ${rows.length} (адресов ${addresses.length}); половина A: ${halfA.length} строк, ` +
          `${pairsA.length} пар (${positives(pairsA)} дубликатов); B: ${halfB.length} строк, ${pairsB.length} пар ` +
          `(${positives(pairsB)} дубликатов, ${pairsB.length - hardB.length} пар с одинаковым текстом).`,
        `Классификатор сектора: ${options.sectorOf ? 'подключён' : 'нет'}. Цель: точность ≥ ${PRECISION_TARGET}, полнота ≥ 0.85.`,
        '',
        'Подбор порога на половине A:',
        ...table(
          ['порог', 'точность', 'полнота', 'F1', 'tp/fp/fn'],
          sweep.map((s) => [
            s.threshold.toFixed(2),
            fmt(s.precision),
            fmt(s.recall),
            fmt(s.f1),
            `${s.tp}/${s.fp}/${s.fn}`,
          ]),
        ),
        '',
        `Половина B (порог ${threshold.toFixed(2)}, выбран на A):`,
        ...table(
          ['вариант', 'пар', 'точность', 'полнота', 'F1', 'tp/fp/fn'],
          [
            line('все пары', b, pairsB.length),
            line('без пар с одинаковым текстом', bHard, hardB.length),
            line(`порог по умолчанию ${DUPLICATE_DEFAULTS.threshold}`, bDefault, pairsB.length),
            line('только текст, без словаря проблем', textOnly, pairsB.length),
            line(
              `подсказки оператору (duplicateCandidates ≥ ${DUPLICATE_DEFAULTS.suggestThreshold})`,
              suggested,
              pairsB.length,
            ),
          ],
        ),
        `Другие разбиения адресов (порог с A → точность/полнота на B): ${otherSplits.join('; ')}.`,
        `Словарь проблем узнал проблему в ${fmt(withIssue * 100, 0)}% текстов с адресом ` +
          '(в остальных — только место или слова вне словаря).',
        `Для сравнения: «тот же адрес ⇒ дубликат» даёт точность ${fmt(sameAddressRate)} при полноте 1.`,
        `Пар разных адресов в одной группе (рядом, ≤ ${DUPLICATE_DEFAULTS.radiusMeters} м; истины для них нет): ` +
          `${crossAddressPairs(halfB, groupsB)}.`,
        `Скорость: ${all.length} обращений одним пакетом за ${fmt(seconds * 1000, 0)} мс ` +
          `(${fmt(all.length / seconds, 0)} в секунду).`,
        ...(options.diagnose
          ? diagnoseHalf(halfA, pairsA, typeof options.diagnose === 'number' ? options.diagnose : threshold)
          : []),
      ],
    }
  }
}

/** `--diagnose` → true, `--diagnose=0.3` → 0.3, absent → false. */
function diagnoseArgument(argv: string[]): boolean | number {
  const arg = argv.find((a) => a === '--diagnose' || a.startsWith('--diagnose='))
  if (!arg) return false
  const at = Number.parseFloat(arg.slice('--diagnose='.length))
  return Number.isFinite(at) ? at : true
}

const section: EvalSection = makeDuplicatesSection({ diagnose: diagnoseArgument(process.argv) })
export default section

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(section)
