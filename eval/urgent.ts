/**
 * Urgent recall and precision, per set and per category, of two deciders: the urgency rules alone
 * (server/modules/understanding/urgency.ts with reference/understanding/urgency.json) and the product
 * (urgency-judge.ts: the rules, or the shipped model's urgency head where no rule names the danger); and the
 * rules' throughput.
 *
 * Sets the project wrote itself (never the real corpora). All but the last below have been read and their misses
 * fixed, and they are now the urgency corpus the model's head learns from (corpus/ru/_urgency), so their
 * figures are DEVELOPMENT figures (optimistic), not a test; the last one is blind:
 * - urgent.jsonl (160 urgent, 161 near-misses) was written BEFORE the rules, and the rules were
 *   then written and tuned against it.
 * - urgent-holdout.jsonl (64 items, half urgent) was written after the first rules; its misses
 *   were then read and fixed.
 * - urgent-holdout2.jsonl (128 items, 60 urgent) was written blind; it measured the rules once
 *   (recall 0.80), and the categories it missed were then broadened.
 * - urgent-holdout3.jsonl (169 items, 84 urgent) was written blind — by someone who never saw the
 *   rules or the other sets; it measured the rules once (recall 0.857), then its misses were fixed.
 * - urgent-holdout4.jsonl (220 items, 110 urgent) was written blind the same way and measured the
 *   rules once (recall 0.818, precision 0.849); then its misses and false alarms were read and fixed by
 *   general rules (word families and constructions: conditions, hearsay, planned works, aftermaths, «не
 *   срочно»), so it is a development set now too.
 * - urgent-holdout5.jsonl (260 items, 130 urgent, 11 per category, with as many hard near-misses) was
 *   written blind — by someone who never saw the rules or the other sets — while holdout4 was being fixed, and
 *   measured the rules once (recall 0.877, precision 0.919); then its misses and false alarms were read and fixed by
 *   general rules (a request «по устранению» is not a repair, thanks for a replacement, a snow overhang, people
 *   unable to leave a jammed entrance, an ambulance called while the entrance is blocked, a pothole wrecking wheel
 *   after wheel, a «with» word after «не», address abbreviations inside a gap, a calm phrase yielding to a clause
 *   that insists on now), so it is a development set now too.
 * - urgent-holdout6.jsonl (260 items, 130 urgent; about half of the urgent ones are deliberately not the
 *   textbook case of their category, 16 mix two categories) was written blind the same way while holdout5 was being
 *   fixed, and measured the rules once (recall 0.892, precision 0.967); then its misses and false alarms were read
 *   and fixed by general rules (an evacuation exit locked, a door that will not open from the inside or is welded
 *   shut, stretchers blocked by clutter, the road to a hospital blocked, an erratic lift, a wheelchair platform, snow
 *   thrown onto passers-by, a torn frame hanging high up, a driverless vehicle rolling, a washout hole; a downpipe, a
 *   fence put up, a withdrawn request, a repost are not urgent; a calm phrase about a subject of its own calms only
 *   its clause), so it is a development set now too.
 * - urgent-holdout7.jsonl (264 items, 132 urgent, 11 per category; half the urgent ones unusual wordings, 20
 *   mixing two categories) was written blind while holdout6 was being fixed, committed before anything was scored
 *   on it, and measured once: rules 0.826 / 0.932, product (rules + the model's head) 0.902 / 0.930. Then the
 *   rules' misses and false alarms were read and fixed by general rules (a long outage in any season where someone
 *   depends on power or water — an infant, a bedridden patient, dialysis, oxygen, insulin, a heat wave; a lift
 *   standing while such a person lives upstairs, or opening between floors; a helpless person behind a locked
 *   door; a dependent cut off by a blocked road; blue lips and no answer; a void under the pavement; a person in a
 *   manhole, a lid broken in half or flipped; water up to the windows; a burner turned on and never lit; a child in
 *   a closed car in the heat or with a drunk carer in the cold; «пострадавших нет», a shallow hole, icicles on
 *   one's own plot, a cold entrance whose door does not shut, a condition with words before its verb, a precaution
 *   asked for ahead are not urgent), so it is a development set now too, and the head learns from it.
 * - urgent-holdout8.jsonl (264 items, 132 urgent, 11 per category; a third of all items short messenger lines,
 *   48 long e-mails with the danger inside, 25 mixing two categories) was written blind while holdout7 was being
 *   fixed, committed before anything was scored on it, and measured once: rules 0.932 / 0.904, product (rules + the
 *   model's head) 0.970 / 0.908. Then the rules' misses and false alarms were read and fixed by general rules (the
 *   author's own whereabouts «я в другом городе» is not hearsay; a shock felt as a pinch; a silent elderly neighbour
 *   whose mail piles up; a flat «как на улице», frost inside, a radiator cracked by frost; a lift that stopped with
 *   someone sitting or knocking inside; water running into a panel, a crackling panel; a helpless person shut out on
 *   a balcony in the frost, a toddler behind a slammed door with the stove on; a person hanging from a height; a new
 *   lid laid, a news item, «обрушений нет», children already gone from the ice, «а если …» what-ifs, «в случае
 *   чего», a simile about a noisy lift, a calm dog by a school, a window as a landmark, a roof hatch are not
 *   urgent), so it is a development set now too, and the head learns from it.
 * - urgent-holdout9.jsonl (264 items, 132 urgent, 11 per category; its near-misses as alarming as the
 *   urgent items — a leak fixed yesterday, a drill, a news repost, a bill for last year's flood —, 31 mixing two
 *   categories, a quarter one-liners, 30 long e-mails) was written blind while holdout8 was being fixed and
 *   committed before anything was scored on it. First sight: rules 0.856 / 0.897, product 0.902 / 0.902. Then
 *   1 229 training messages were written for the head (corpus/ru/_urgency/written-1.jsonl), weighted to the
 *   categories this set found weakest (flooding, access, trees) — its per-category figures, never its items — and
 *   it was scored a second time: product 0.939 / 0.899. Then, together with holdout10, the rules' misses and false
 *   alarms were read and fixed by general rules (see holdout10), so it is a development set now too
 *   (corpus/ru/_urgency), and the head learns from it.
 * - urgent-holdout10.jsonl (264 items, 132 urgent, 11 per category; 71 unusual wordings, 26 mixing two
 *   categories, near-misses with the same alarming words — drills, hazards already removed, news, bills) was written
 *   blind while 1 228 more training messages in messy real-world style (written-2.jsonl) were being written, and
 *   committed before anything was scored on it, and measured once: rules 0.848 / 0.889, product 0.939 / 0.873. Then
 *   the rules' misses and false alarms of holdout9 and holdout10 were read and fixed by general rules (an ambulance
 *   standing at a barrier, a drift, a trench or a washed-out road; a road cut off with a woman in labour; a toddler
 *   behind a slammed door; an outage counted in hours where someone depends on a breathing device or formula, or the
 *   building lives off a water truck; heat gone; a tree leaning on a house, undermined, split or keeling over, a broken
 *   branch hanging; water rising towards flats, sewage spreading; a lid sunk in, a hole opening where the ground sank;
 *   a lift that dropped or stands between floors with someone inside; snow creeping to the roof edge; an open switch
 *   room, wires on a metal fence; smoke from a window; a pinned driver; a bluish face; a small child alone by a road;
 *   and as not urgent: «прочитал, что», «из новостей», forecasts, «что делать, если», «если где-то», similes, «пока не
 *   случился», drills by scenario, last year's events and bills, precautions for a later season, a lid put back, cones
 *   standing, «собью сам», «освободили», lumps lying on the ground, «один» inside «одиннадцать»), so it is a
 *   development set now too, and the head learns from it.
 * - urgent-holdout11.jsonl (264 items, 132 urgent, 11 per category; about 60 unusual wordings, 25 mixing two
 *   categories, 30 long e-mails, near-misses with the same alarming words — a fixed leak, drills, safety advice, bills,
 *   «а если…») was written blind while holdout9 and holdout10 were being fixed, committed before anything was scored
 *   on it, and measured once: rules 0.871 / 0.935, product 0.970 / 0.934. Then the rules' misses and false alarms were
 *   read and fixed by general rules (power «отключено» or «пропадает» where someone lives on a feeding pump or a
 *   device that runs down; ground bending or washed out over a void; a manhole lid that turns or slides underfoot; a
 *   person fallen into water and held by the current; a person outdoors in the frost who cannot be woken; small
 *   children alone for days or alone on the roadway; boys by their colloquial names near a hazard; a person who cannot
 *   climb down from a height; a tree that keeps breaking or drops its boughs; sewage pushed up through a toilet; an
 *   underpass flooded waist-deep; a water bubble in the ceiling; a settlement cut off by a washed-away bridge with a
 *   woman in labour; slang for a hole; «охраны нет, дети …» — a «нет» that closes its clause negates nothing after the
 *   comma; a source still sparking now is not settled by «потушили сами»; and as not urgent: the traces «после
 *   пожара», icicles over a flowerbed where nobody walks, «оказалось, это …», the rest of the ice knocked down,
 *   «угрозы … нет», «обстановка под контролем», one radiator colder than the others, «аварийка» as a service, a child
 *   who left the ice at once), so it is a development set now too, and the head learns from it.
 * - urgent-holdout12.jsonl (264 items, 132 urgent, 11 per category; about 70 messenger one-liners, 40 operator
 *   transcripts of calls, 30 long e-mails with the danger in the middle, 60 urgent items understated or told by their
 *   effects, about 30 mixing two categories; near-misses with the same alarming words — a danger already removed,
 *   announced works, reposts, «а что если…», bills) was written blind while holdout11 was being fixed, by someone who
 *   never saw the rules, the corpus or the other sets, committed before anything was scored on it, and measured once:
 *   rules 0.856 / 0.890, product 0.962 / 0.901. Then the rules' misses and false alarms were read and fixed by general
 *   rules («нет ни холодной воды, ни отопления»; the temperature in the flats falling; a room with a word before it,
 *   «в младших группах +14»; «отсутствует электроэнергия»; a device's battery lasting «ещё на пару часов» is the
 *   dependant's clock, not a short planned cut; a lamp or the street lighting cancels an outage only in its own
 *   sentence, not anywhere in a letter that lists several problems (`unlessSentence`); someone «находится» in a lift, a
 *   voice from it asking for help; a lift that stops off the floor level where people fall; a canopy or a roof bending
 *   or creaking under snow; «встать не может»; a frosted gas pipe that whistles; gas symptoms in one sentence, the
 *   water heater or stove and its smell or flame in another; a small child crying for hours behind a door while the
 *   carer is away and does not answer; a helpless person moaning or calling for help behind a closed door; a tree
 *   «наклонённый над …»; a crack along a trunk that widens; a lid «торчит ребром»; a pit left after works fenced by one
 *   torn tape, its depth and the people nearby told in the next sentence; «не срочно, наверное» is a hedge, not a calm
 *   statement; and as not urgent: «при плановом обслуживании», a claim to restore damaged property, a downpipe,
 *   «сорвали» of a thing, «если видите …», «если нас …», «при угрозе …», announcements («МЧС напоминает») and safety
 *   advice («объясните детям»), lamps that glow dimly and a flame that burns evenly and blue, smoke coming in through
 *   a window, sagging wires that hang high, «всё обошлось» told of the whole story, «в квартирах норм», «сейчас там
 *   никого», parents who already scolded the children), so it is a development set now too, and the head learns
 *   from it.
 * - urgent-holdout13.jsonl (264 items, 132 urgent, 11 per category; 39 operator transcripts of calls, 30 texts
 *   in the formal style of the «Решаем вместе» form, about 46 long letters — e-mails with several matters and
 *   elderly writers' digressions —, messages from the suburbs (Печерск, Гнёздово, Красный Бор), urgent items
 *   told by their effects, about 25 mixing two categories; near-misses with the same alarming words and pairs
 *   of an urgent report and its calm «уже устранили» follow-up) was written blind while holdout12 was being
 *   fixed, by someone who never saw the rules, the corpus or the other sets, committed before anything was
 *   scored on it, and measured once: rules 0.886 / 0.907, product 0.992 / 0.916 (0.985 / 0.915 with the sector
 *   corpus as committed when it was read). Then the rules' misses and false alarms were read and fixed by
 *   general rules (a pipe or a tap that whistles or hisses by the stove, the water heater or the boiler, with
 *   no word «газ»; a gas pipe «зацепил», «погнул» by a vehicle; a flame gone yellow or «коптит» at the water
 *   heater, and «давление» explains nothing when a second person is ill «тоже»; «не было» is no past event and
 *   «аварийная служба» no accident; «отключена холодная вода», «электроснабжение отсутствует»; a spare oxygen
 *   cylinder lasting «на пару часов» is the dependant's clock; a lift «не работает» told after a longer place,
 *   «спуститься не может» after its verb; «взрослых рядом нет»; children on a building «без перекрытий»; smoke
 *   that cuts people off from the exit or leaves them nothing to breathe; a small hole «дна не видно», or one
 *   covered with a board; water or a stream running down the stairs; water that gets «к нам в квартиру»,
 *   carpets or slippers floating; a jammed lock with a helpless person inside who must get to a treatment; and
 *   as not urgent: a basement always damp, with mosquitoes; thanks to the crew or the passers-by who helped, in
 *   the danger's own sentence or closing the whole message («Спасибо ребятам!»), «помогли ему»; a new lock; the
 *   place under a crumbling balcony fenced off; «огородила», «очистила»; a pram or a walker on the way to a
 *   working lift («с коляской», «с ребёнком» count only right after the lift itself or a verb of its stopping
 *   or dropping); «так и не» followed by anything but the heat coming back; both snow and ice gone, «всё
 *   растаяло»; a cable «не под напряжением»; the smell of burning after a fire that was put out; an ambulance
 *   that «часто не может» get through, a complaint about parking), so it is a development set now too, and the
 *   head learns from it.
 * - eval/sets/urgent-holdout14.jsonl (264 items, 132 urgent, 11 per category; about 30 comments under the city's
 *   VK/Telegram posts, 23 transfers from 112/ЕДДС, 41 operator transcripts, 60 messenger one-liners, 30 long e-mails
 *   with the danger in the middle or in a P.S., about 60 urgent items understated, 28 mixing two categories;
 *   near-misses with the same alarming words, «для сведения» closures of ЕДДС) was written blind while holdout13 was
 *   being fixed, by someone who never saw the rules, the corpus or the other sets, and committed before anything was
 *   scored on it. The head never learns from it: ITS figures are the honest ones, until someone reads its misses
 *   (then say so here, move it to corpus/ru/_urgency and write a fifteenth).
 * A blind set lives in eval/sets and is marked `blind` in SETS below (at most one, the last). With no blind set the
 * section prints the development sets only.
 *
 * A third, weaker signal from the real Saint Petersburg sample (evaluation only, aggregate numbers only):
 * how often messages whose official reason names a hazard (a fallen tree, torn wires, an open well, no
 * water, a cold flat, a leaking pipe) are flagged, against the flag rate of all other reasons. A reason
 * is not an urgency label, so this is a proxy, not a recall.
 */
import fs from 'node:fs'
import path from 'node:path'
import { analyse } from '../server/modules/understanding/text'
import { type Understander, understandText } from '../server/modules/understanding/understand'
import { fileUnderstander } from '../server/modules/understanding/understander'
import { assessUrgency, type UrgencyVerdict } from '../server/modules/understanding/urgency'
import { URGENCY_CORPUS_DIR } from '../server/modules/understanding/urgency-corpus'
import { type EvalContext, type EvalSection, fmt, readCsv, runStandalone, table } from './lib'

interface Labelled {
  id: string
  text: string
  created_at: string
  urgent: boolean
  category: string | null
  /** For near-misses: the category whose vocabulary they borrow. */
  near?: string
}

/** The blind sets (never trained on) live in eval/sets; the development sets are the urgency corpus. */
const BLIND_DIR = path.join(import.meta.dirname, 'sets')

function readSet(name: string): Labelled[] {
  const inBlind = path.join(BLIND_DIR, name)
  const file = fs.existsSync(inBlind) ? inBlind : path.join(URGENCY_CORPUS_DIR, name)
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled)
}

/**
 * Who decides: the rules alone, or the product (understand.ts: the rules, and the shipped model's urgency head
 * where no rule names the danger).
 */
type Decide = (text: string, when: Date) => UrgencyVerdict

const byRules: Decide = (text, when) => assessUrgency(analyse(text), when)
let understander: Understander | null = null
/** The product exactly as the server runs it (understand.ts), so the rules get the model's sector too. */
const byProduct: Decide = (text, when) => {
  understander ??= fileUnderstander()
  const u = understandText(understander, { id: 'eval', text, created_at: when.toISOString() })
  return { urgent: u.urgent, ...u.details.urgency }
}

function score(items: Labelled[], decide: Decide) {
  const verdicts = items.map((x) => decide(x.text, new Date(x.created_at)))
  let tp = 0
  let fp = 0
  let fn = 0
  verdicts.forEach((v, i) => {
    if (v.urgent && items[i].urgent) tp++
    else if (v.urgent) fp++
    else if (items[i].urgent) fn++
  })
  const recall = tp + fn ? tp / (tp + fn) : 0
  const precision = tp + fp ? tp / (tp + fp) : 0
  return { verdicts, recall, precision }
}

/** The blind sets' writers named some categories differently from the rules' codes. */
const CATEGORY_ALIAS: Record<string, string> = {
  life_health: 'life',
  no_heating: 'heating',
  no_utilities_winter: 'outage',
  trees: 'tree',
  access_blocked: 'access',
}

/** Per category: recall on its urgent items, category agreement, and false alarms among its near-misses. */
function perCategory(items: Labelled[], verdicts: UrgencyVerdict[]): string[] {
  const cats = [...new Set(items.map((x) => x.category ?? x.near).filter((c): c is string => !!c))].sort()
  const rows = cats.map((c) => {
    const urgentIdx = items.map((x, i) => (x.urgent && x.category === c ? i : -1)).filter((i) => i >= 0)
    const nearIdx = items.map((x, i) => (!x.urgent && x.near === c ? i : -1)).filter((i) => i >= 0)
    const found = urgentIdx.filter((i) => verdicts[i].urgent).length
    const named = urgentIdx.filter((i) => verdicts[i].categories.includes(CATEGORY_ALIAS[c] ?? c)).length
    const alarms = nearIdx.filter((i) => verdicts[i].urgent).length
    return [
      c,
      urgentIdx.length,
      urgentIdx.length ? fmt(found / urgentIdx.length) : '—',
      urgentIdx.length ? fmt(named / urgentIdx.length) : '—',
      nearIdx.length,
      alarms,
    ]
  })
  return table(
    ['категория', 'срочных', 'полнота', 'категория верна', 'похожих несрочных', 'ложных тревог'],
    rows,
  )
}

function throughput(items: Labelled[]): number {
  const analysed = items.map((x) => ({ a: analyse(x.text), when: new Date(x.created_at) }))
  for (let i = 0; i < 2000; i++)
    assessUrgency(analysed[i % analysed.length].a, analysed[i % analysed.length].when)
  const n = 40_000
  const started = performance.now()
  for (let i = 0; i < n; i++)
    assessUrgency(analysed[i % analysed.length].a, analysed[i % analysed.length].when)
  return n / ((performance.now() - started) / 1000)
}

/**
 * Official reasons of the Saint Petersburg portal that name a hazard the urgency rules cover. «Наличие наледи на
 * крыше» (ice and icicles over the pavement) joined the list in stop 11: it is the rules' «icicles» category, and
 * counting it among the calm reasons made the over-flagging figure look worse than it is (rules 0.064 → 0.055, product 0.080 → 0.071).
 */
const HAZARD_REASON =
  /упавшее дерево|угроз\S* падения дерев|оборванные провода|открыт колод|низкая температура в отапливаемом|отсутствие (?:горячей|холодной) воды|протечка труб|наледи на крыше/i

function spbProxy(
  ctx: EvalContext,
  decide: Decide,
  who: string,
): { lines: string[]; metrics: Record<string, number> } {
  const file = path.join(ctx.dataDir, 'appeals/spb_nash_spb_2020_2021/spb_appeals_sample.csv')
  if (!fs.existsSync(file))
    return { lines: ['(нет выборки «Наш Санкт-Петербург» — прокси пропущен)'], metrics: {} }
  const rows = readCsv(file).filter((r) => r.text?.trim())
  const groups = new Map<string, { n: number; flagged: number }>()
  let otherN = 0
  let otherFlagged = 0
  for (const r of rows) {
    const when = new Date(r.created)
    const v = decide(r.text, Number.isNaN(when.getTime()) ? new Date() : when)
    if (HAZARD_REASON.test(r.reason ?? '')) {
      const g = groups.get(r.reason) ?? { n: 0, flagged: 0 }
      g.n++
      if (v.urgent) g.flagged++
      groups.set(r.reason, g)
    } else {
      otherN++
      if (v.urgent) otherFlagged++
    }
  }
  const hazardN = [...groups.values()].reduce((s, g) => s + g.n, 0)
  const hazardFlagged = [...groups.values()].reduce((s, g) => s + g.flagged, 0)
  const lines = [
    '',
    `Прокси на реальной выборке «Наш Санкт-Петербург» (${rows.length} сообщений, октябрь–апрель; только агрегаты), решает ${who}:`,
    ...table(
      ['причина (официальная)', 'сообщений', 'помечено срочным'],
      [...groups.entries()]
        .sort((a, b) => b[1].n - a[1].n)
        .map(([reason, g]) => [reason.slice(0, 70), g.n, fmt(g.flagged / g.n)]),
    ),
    `все остальные причины: ${otherN} сообщений, помечено срочным ${fmt(otherN ? otherFlagged / otherN : 0)}`,
  ]
  return {
    lines,
    metrics: {
      spbHazardFlagRate: hazardN ? hazardFlagged / hazardN : 0,
      spbOtherFlagRate: otherN ? otherFlagged / otherN : 0,
    },
  }
}

/**
 * The sets, oldest first: file, metric prefix, what its figure means now, and whether it is blind (in eval/sets,
 * never read, never trained on; at most one, the last). The others are the development sets: the rules were fixed
 * on them and the urgency head learns from them (corpus/ru/_urgency).
 */
const SETS: { file: string; key: string; note: string; blind?: boolean }[] = [
  { file: 'urgent.jsonl', key: 'dev', note: 'правила писались по нему' },
  { file: 'urgent-holdout.jsonl', key: 'holdout1', note: 'его промахи исправлены' },
  { file: 'urgent-holdout2.jsonl', key: 'holdout2', note: 'слепой, измерил 0.80 один раз, потом исправлен' },
  { file: 'urgent-holdout3.jsonl', key: 'holdout3', note: 'слепой, измерил 0.857 один раз, потом исправлен' },
  {
    file: 'urgent-holdout4.jsonl',
    key: 'holdout4',
    note: 'слепой, измерил 0.818 / 0.849 один раз, потом его промахи и ложные тревоги исправлены',
  },
  {
    file: 'urgent-holdout5.jsonl',
    key: 'holdout5',
    note: 'слепой, измерил 0.877 / 0.919 один раз, потом исправлен',
  },
  {
    file: 'urgent-holdout6.jsonl',
    key: 'holdout6',
    note: 'слепой, половина срочных нетиповые, измерил 0.892 / 0.967 один раз, потом исправлен',
  },
  {
    file: 'urgent-holdout7.jsonl',
    key: 'holdout7',
    note: 'слепой, нетиповые и смешанные, измерил правила 0.826 / 0.932, продукт 0.902 / 0.930 один раз, потом исправлен',
  },
  {
    file: 'urgent-holdout8.jsonl',
    key: 'holdout8',
    note: 'слепой, короткие строки и длинные письма, измерил правила 0.932 / 0.904, продукт 0.970 / 0.908 один раз, потом исправлен',
  },
  {
    file: 'urgent-holdout9.jsonl',
    key: 'holdout9',
    note: 'слепой, измерил правила 0.856 / 0.897, продукт 0.902 / 0.902 (после письменного корпуса 0.939 / 0.899), потом исправлен',
  },
  {
    file: 'urgent-holdout10.jsonl',
    key: 'holdout10',
    note: 'слепой, измерил правила 0.848 / 0.889, продукт 0.939 / 0.873 один раз, потом исправлен',
  },
  {
    file: 'urgent-holdout11.jsonl',
    key: 'holdout11',
    note: 'слепой, измерил правила 0.871 / 0.935, продукт 0.970 / 0.934 один раз, потом исправлен',
  },
  {
    file: 'urgent-holdout12.jsonl',
    key: 'holdout12',
    note: 'слепой, измерил правила 0.856 / 0.890, продукт 0.962 / 0.901 один раз, потом исправлен',
  },
  {
    file: 'urgent-holdout13.jsonl',
    key: 'holdout13',
    note: 'слепой, измерил правила 0.886 / 0.907, продукт 0.992 / 0.916 один раз, потом исправлен',
  },
  {
    file: 'urgent-holdout14.jsonl',
    key: 'holdout14',
    note: 'слепой, не читан, модель на нём не учится: ЧЕСТНАЯ цифра',
    blind: true,
  },
]

const section: EvalSection = async (ctx) => {
  const scored = SETS.map((set) => {
    const items = readSet(set.file)
    return { ...set, items, rules: score(items, byRules), product: score(items, byProduct) }
  })
  const dev = scored[0]
  const blind = scored.find((s) => s.blind) ?? null
  const speed = throughput(dev.items)
  const spbRules = spbProxy(ctx, byRules, 'только правила')
  const spb = spbProxy(ctx, byProduct, 'продукт (правила + модель)')
  const blindLines: string[] = []
  if (blind) {
    const verdicts = blind.product.verdicts
    const missed = blind.items.filter((x, i) => x.urgent && !verdicts[i].urgent).map((x) => x.category)
    const alarms = blind.items.filter((x, i) => !x.urgent && verdicts[i].urgent).map((x) => x.near ?? '—')
    blindLines.push(
      '',
      `По категориям (продукт): ${blind.file}`,
      ...perCategory(blind.items, verdicts),
      `пропущены (категории): ${missed.join(', ') || 'нет'}; ложные тревоги (похожи на): ${alarms.join(', ') || 'нет'}`,
    )
  } else
    blindLines.push(
      '',
      'Слепого набора сейчас нет: все наборы выше прочитаны, их цифры — цифры разработки, честной цифры нет.',
    )
  const metrics: Record<string, number> = {}
  for (const s of scored) {
    metrics[`${s.key}Recall`] = s.product.recall
    metrics[`${s.key}Precision`] = s.product.precision
    metrics[`${s.key}RulesRecall`] = s.rules.recall
    metrics[`${s.key}RulesPrecision`] = s.rules.precision
  }
  const rulesSpb = Object.fromEntries(
    Object.entries(spbRules.metrics).map(([k, v]) => [k.replace(/^spb/, 'spbRules'), v]),
  )
  return {
    title: 'Срочность: полнота и точность (наборы проекта; честный — последний слепой), скорость',
    metrics: { ...metrics, textsPerSecond: Math.round(speed), ...spb.metrics, ...rulesSpb },
    lines: [
      'Продукт решает так: срочно, если сработало правило (urgency.json), или, где правила молчат, модель уверена ≥ 0.8 (urgency-judge.ts).',
      'Наборы 1–13 и исходный urgent.jsonl прочитаны и их промахи исправлены, а модель на них учится — их цифры завышены; честная цифра — только у слепого набора, чьи промахи ещё не разбирали.',
      ...table(
        ['набор', 'текстов', 'срочных', 'правила: R', 'P', 'продукт: R', 'P', 'статус'],
        scored.map((s) => [
          s.file,
          s.items.length,
          s.items.filter((x) => x.urgent).length,
          fmt(s.rules.recall),
          fmt(s.rules.precision),
          fmt(s.product.recall),
          fmt(s.product.precision),
          s.note,
        ]),
      ),
      '',
      `По категориям (продукт): ${dev.file}`,
      ...perCategory(dev.items, dev.product.verdicts),
      ...blindLines,
      '',
      `Скорость правил: ${Math.round(speed)} текстов/с на одном ядре (цель ≥ 20 000; разбор текста analyse() не входит; голова модели считается вместе с сектором, её скорость — в разделе speed)`,
      ...spbRules.lines,
      ...spb.lines,
    ],
  }
}

export default section

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(section)
