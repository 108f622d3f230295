import { describe, expect, it } from 'vitest'
import {
  buildIdf,
  conceptsOf,
  DUPLICATE_DEFAULTS,
  type DupItem,
  type DupOptions,
  duplicateCandidates,
  groupDuplicates,
  metersBetween,
  normalizeHouse,
  normalizeStreet,
} from './duplicates'
import { analyse } from './text'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 2, 2, 9, 0)
/** A point in the demo city (Smolensk); `north` metres further north. */
const at = (north = 0) => ({ lat: 54.7826 + north / 111_320, lon: 32.0453 })

let next = 0
function item(text: string, extra: Partial<DupItem> & { day?: number } = {}): DupItem {
  const { day = 0, ...rest } = extra
  return {
    id: `a${++next}`,
    createdAt: new Date(T0 + day * DAY),
    stems: analyse(text).stems,
    street: 'ул. Ленина',
    house: '12',
    ...at(),
    ...rest,
  }
}

/** Group keys as a list of sets of ids, for order-free comparison. */
function groupsOf(result: Map<string, string>): string[][] {
  const by = new Map<string, string[]>()
  for (const [id, key] of result) by.set(key, [...(by.get(key) ?? []), id])
  return [...by.values()].map((g) => g.sort()).sort((a, b) => a[0].localeCompare(b[0]))
}

describe('groupDuplicates', () => {
  it('groups one pothole reported by three people in different words within days', () => {
    const a = item('Огромная яма на дороге возле дома 12, машины бьют колёса', { street: null, house: null })
    const b = item('Яма на проезжей части у дома, уже неделю не заделывают', { day: 2, lat: at(40).lat })
    const c = item('Выбоина в асфальте на дороге, глубокая яма', {
      day: 5,
      street: 'улица Ленина',
      house: 'д. 12',
    })
    const result = groupDuplicates([c, a, b])
    expect(result.get(a.id)).toBe(a.id)
    expect(result.get(b.id)).toBe(a.id)
    expect(result.get(c.id)).toBe(a.id)
  })

  it('keeps different problems at one address apart', () => {
    const a = item('Надписи на стене у подъезда')
    const b = item('Не убраны мешки с мусором у подъезда', { day: 1 })
    const c = item('Сосульки на крыше над подъездом', { day: 2 })
    const d = item('Реклама и объявления на стене у подъезда', { day: 3 })
    expect(groupsOf(groupDuplicates([a, b, c, d]))).toEqual([[a.id], [b.id], [c.id], [d.id]])
  })

  it('tells apart one issue at different parts of the house (a lift, water pressure), joins it at the same one', () => {
    const lift = item('Не горит свет в лифте второго подъезда')
    const stairs = item('Не горит свет в подъезде на третьем этаже', { day: 1 })
    const liftAgain = item('В лифте второго подъезда темно, лампочка не работает', { day: 2 })
    const result = groupDuplicates([lift, stairs, liftAgain])
    expect(result.get(stairs.id)).toBe(stairs.id)
    expect(result.get(liftAgain.id)).toBe(lift.id)
    // Without the «distinct» rule the two lights would be one incident.
    expect(groupDuplicates([lift, stairs], { distinctPenalty: 0 }).get(stairs.id)).toBe(lift.id)

    const hot = item('Слабый напор горячей воды в квартире')
    const cold = item('Слабый напор холодной воды в квартире', { day: 1 })
    const hotAgain = item('Еле течёт горячая вода, напор очень слабый', { day: 3 })
    const water = groupDuplicates([hot, cold, hotAgain])
    expect(water.get(cold.id)).toBe(cold.id)
    expect(water.get(hotAgain.id)).toBe(hot.id)
  })

  it('keeps rats and cockroaches, a drainpipe and a roof leak apart', () => {
    const rats = item('Крысы в подвале')
    const roaches = item('Тараканы в подвале', { day: 1 })
    const pipe = item('Оторвалась водосточная труба', { day: 1 })
    const roof = item('Протекает крыша над последним этажом', { day: 2 })
    expect(groupsOf(groupDuplicates([rats, roaches, pipe, roof]))).toEqual(
      groupsOf(new Map([rats, roaches, pipe, roof].map((x) => [x.id, x.id]))),
    )
  })

  it('joins two people who name the same issue at the same part of the house in different words', () => {
    const first = item('Протекает крыша над квартирой на последнем этаже')
    const second = item('После дождя на потолке квартиры мокрые пятна, течёт с кровли', { day: 2 })
    const icicles = item('Сосульки свисают с крыши над входом в магазин', { day: 3 })
    const iciclesAgain = item('Огромные ледяные наросты на кровле, опасно ходить мимо', { day: 4 })
    // Hardly a word in common, but the same issue (a leak, icicles) and the same object (a roof).
    const strict = { threshold: 0.6 }
    const joined = groupDuplicates([first, second, icicles, iciclesAgain], strict)
    expect(joined.get(second.id)).toBe(first.id)
    expect(joined.get(iciclesAgain.id)).toBe(icicles.id)
    expect(joined.get(icicles.id)).toBe(icicles.id)
    // Without the concept floor their words alone would not reach a strict threshold.
    const wordsOnly = groupDuplicates([first, second, icicles, iciclesAgain], { ...strict, conceptFloor: 0 })
    expect(wordsOnly.get(second.id)).toBe(second.id)
    expect(wordsOnly.get(iciclesAgain.id)).toBe(iciclesAgain.id)
  })

  it('does not join on a shared generic concept: a door, unauthorised works in two flats', () => {
    // «Дверь» is weak: a closer and an intercom are two problems of one door.
    const closer = item('Не закрывается дверь подъезда, сломан доводчик')
    const intercom = item('Не работает домофон, дверь не открывается ключом', { day: 1 })
    // Both are «самовольно» and both name a flat, but each names a work the other does not.
    const vestibule = item('Жильцы квартиры 5 самовольно заняли часть тамбура и поставили перегородку', {
      day: 2,
    })
    const wall = item('В квартире 12 незаконно снесли стену между комнатами', { day: 3 })
    expect(groupsOf(groupDuplicates([closer, intercom, vestibule, wall]))).toEqual(
      groupsOf(new Map([closer, intercom, vestibule, wall].map((x) => [x.id, x.id]))),
    )
    const [score] = duplicateCandidates(wall, [vestibule], { suggestThreshold: 0 }).map((c) => c.score)
    expect(score).toBeLessThan(DUPLICATE_DEFAULTS.conceptFloor)
  })

  it('tells concrete works of a replanning apart and joins two reports of one work', () => {
    const wall = item('В квартире 7 снесли несущую стену')
    const wallAgain = item('Соседи из седьмой квартиры пробили проём в стене между кухней и комнатой', {
      day: 2,
    })
    const balcony = item('Жильцы квартиры 7 застеклили и утеплили балкон', { day: 3 })
    const result = groupDuplicates([wall, wallAgain, balcony])
    expect(result.get(wallAgain.id)).toBe(wall.id)
    expect(result.get(balcony.id)).toBe(balcony.id)
    // Their words alone do not make one problem of the two walls: the named work does.
    const wordsOnly = { conceptFloor: 0, issueBonus: 0, objectBonus: 0 }
    expect(groupDuplicates([wall, wallAgain], wordsOnly).get(wallAgain.id)).toBe(wallAgain.id)
    // A wall and a balcony are both a replanning, but two works: the operator is told so.
    const [c] = duplicateCandidates(balcony, [wall], { suggestThreshold: 0 })
    expect(c.reasons).toContain(
      'о разном: остекление, утепление балкона, батарея на балконе / снос стен, проёмы',
    )
    expect(c.score).toBeLessThan(DUPLICATE_DEFAULTS.suggestThreshold)
  })

  it('takes a lift named as a landmark for no place of the problem, and a lift named as the place for one', () => {
    const radiator = item('Течёт радиатор у лифта на третьем этаже')
    const radiatorAgain = item('На третьем этаже протекает батарея отопления', { day: 1 })
    expect(groupDuplicates([radiator, radiatorAgain]).get(radiatorAgain.id)).toBe(radiator.id)
    // «Возле», «около», «напротив» make the next object a landmark, whatever the issue.
    const nearLift = item('Не горит свет возле лифта на пятом этаже')
    const inLift = item('Не горит свет в лифте', { day: 1 })
    const onFloor = item('На пятом этаже напротив лифта не горит лампочка', { day: 2 })
    const lights = groupDuplicates([nearLift, inLift, onFloor])
    expect(lights.get(inLift.id)).toBe(inLift.id)
    expect(lights.get(onFloor.id)).toBe(nearLift.id)
    expect(conceptsOf(analyse('Не горит свет возле лифта').stems).objects).toEqual([])
    expect(conceptsOf(analyse('Не горит свет около 2 лифта').stems).objects).toEqual([])
    expect(conceptsOf(analyse('Не горит свет в лифте').stems).objects).toEqual(['лифт'])
    expect(conceptsOf(analyse('Батарея у лифта холодная').stems).objects).toEqual([])
    expect(conceptsOf(analyse('Кабина лифта разрисована').stems).objects).toEqual(['лифт'])
    // «У» is a stop word: «свет у лифта» reads as «свет в лифте», and a lift can have a light.
    expect(conceptsOf(analyse('Не горит свет у лифта').stems).objects).toEqual(['лифт'])
  })

  it('never joins a problem inside a building with the next house, however close the points', () => {
    const here = item('Не горит свет в подъезде на третьем этаже')
    const nextHouse = item('Не горит свет в подъезде на третьем этаже', { house: '14', ...at(40), day: 1 })
    const noHouse = item('Не горит свет в подъезде на третьем этаже', { house: null, ...at(40), day: 1 })
    expect(groupDuplicates([here, nextHouse]).get(nextHouse.id)).toBe(nextHouse.id)
    // Without a house the point is all there is: 40 m is the same place.
    expect(groupDuplicates([here, noHouse]).get(noHouse.id)).toBe(here.id)
    // Outdoors the next house 40 m away can see the same pothole.
    const pit = item('Яма на дороге')
    const pitAgain = item('Яма на дороге', { house: '14', ...at(40), day: 1 })
    expect(groupDuplicates([pit, pitAgain]).get(pitAgain.id)).toBe(pit.id)
  })

  it('lets a long text that names the issue of a short one among others agree with it', () => {
    const short = item('Течёт крыша')
    const long = item('Протечка с крыши, на площадке мокро, отвалилась штукатурка, плесень', { day: 1 })
    const [c] = duplicateCandidates(long, [short], { suggestThreshold: 0 })
    expect(c.reasons).toContain('о том же: протечка')
    expect(c.score).toBeGreaterThanOrEqual(DUPLICATE_DEFAULTS.threshold)
  })

  it('separates the same issue a month later', () => {
    const a = item('Не горит фонарь во дворе дома')
    const b = item('Во дворе не горит фонарь', { day: 31 })
    expect(groupDuplicates([a, b]).get(b.id)).toBe(b.id)
  })

  it('separates the same issue 300 m apart, and joins it at 100 m', () => {
    const a = item('Не горит фонарь на тротуаре', { street: null, house: null })
    const far = item('Не горит фонарь на тротуаре', { street: null, house: null, ...at(300), day: 1 })
    const near = item('Фонарь не горит над тротуаром', { street: null, house: null, ...at(100), day: 1 })
    const result = groupDuplicates([a, far, near])
    expect(result.get(far.id)).toBe(far.id)
    expect(result.get(near.id)).toBe(a.id)
  })

  it('compares very short texts by characters too, so a typo still matches', () => {
    const a = item('Шлагбаум')
    const b = item('Шлакбаум', { day: 1 })
    expect(groupDuplicates([a, b]).get(b.id)).toBe(a.id)
    expect(groupDuplicates([a, b], { shortStems: 0 }).get(b.id)).toBe(b.id)
  })

  it('does not group items without text, and does not throw on them', () => {
    const a = item('')
    const b = item('', { day: 1 })
    const c = item('😡😡😡', { day: 1 })
    expect(groupsOf(groupDuplicates([a, b, c]))).toEqual([[a.id], [b.id], [c.id]])
  })

  it('groups reposts (identical text)', () => {
    const text = 'Во дворе дома 12 по улице Ленина третью неделю не вывозят мусорный контейнер'
    const a = item(text)
    const b = item(text, { day: 1, street: null, house: null })
    const c = item(text, { day: 3, applicantKey: 'vk:1', street: null, house: null, lat: null, lon: null })
    const d = item(text, { day: 3, applicantKey: 'vk:1', street: null, house: null, lat: null, lon: null })
    const result = groupDuplicates([a, b, c, d])
    expect(result.get(b.id)).toBe(a.id)
    expect(result.get(c.id)).toBe(c.id) // no place shared with a: the applicant is the only link
    expect(result.get(d.id)).toBe(c.id)
  })

  it('never joins different sectors, and needs a very similar text on a street without a house', () => {
    const a = item('Яма на дороге', { sector: 'roads' })
    const b = item('Яма на дороге', { sector: 'housing', day: 1 })
    expect(groupDuplicates([a, b]).get(b.id)).toBe(b.id)
    const c = item('Не работает светофор на перекрёстке', { lat: null, lon: null })
    const d = item('Светофор на перекрёстке не работает', { house: null, lat: null, lon: null, day: 1 })
    const e = item('Светофор мигает жёлтым', { house: null, lat: null, lon: null, day: 1 })
    const result = groupDuplicates([c, d, e])
    expect(result.get(d.id)).toBe(c.id)
    expect(result.get(e.id)).toBe(e.id)
  })

  it('does not chain unrelated items through a middle one', () => {
    const a = item('Сугробы во дворе, снег не убран')
    const b = item('Снег не убран во дворе, наледь на тротуаре, скользко', { day: 1 })
    const c = item('Наледь на тротуаре у дома, очень скользко', { day: 2 })
    const result = groupDuplicates([a, b, c])
    expect(result.get(b.id)).toBe(a.id)
    expect(result.get(c.id)).not.toBe(a.id)
  })

  it('survives bad input: invalid dates, points and huge texts', () => {
    const a = item('Яма на дороге', { createdAt: new Date('not a date') })
    const b = item('Яма на дороге', { lat: Number.NaN, lon: 500 })
    const c = item('яма '.repeat(30_000))
    const result = groupDuplicates([a, b, c])
    expect(result.get(a.id)).toBe(a.id)
    expect(result.size).toBe(3)
    expect(groupDuplicates([]).size).toBe(0)
  })

  it('groups 10 000 items in well under a second', () => {
    const texts = [
      'Яма на дороге у дома',
      'Не горит фонарь во дворе',
      'Мусор не вывозят, контейнеры переполнены',
      'Надписи на фасаде дома',
      'Сосульки на крыше',
      'Наледь на тротуаре, скользко',
    ]
    const items: DupItem[] = []
    for (let i = 0; i < 10_000; i++) {
      items.push(
        item(`${texts[i % texts.length]} ${i % 7 ? '' : 'срочно'}`, {
          day: (i * 37) % 120,
          street: `Улица ${i % 60}`,
          house: String(i % 40),
          ...at((i % 300) * 30),
        }),
      )
    }
    groupDuplicates(items.slice(0, 2000)) // warm the JIT up, as a running server would be
    // CPU time, not wall time: the machine running the tests is shared and often busy.
    const started = process.cpuUsage()
    const result = groupDuplicates(items)
    const used = process.cpuUsage(started)
    const ms = (used.user + used.system) / 1000
    expect(result.size).toBe(10_000)
    expect(new Set(result.values()).size).toBeLessThan(10_000)
    expect(ms).toBeLessThan(1000)
  })
})

describe('duplicateCandidates', () => {
  it('ranks the open appeals about the same problem first, with Russian reasons', () => {
    const fresh = item('Не вывозят мусор, контейнеры переполнены', { day: 3 })
    const same = item('Переполнены мусорные контейнеры у дома 12')
    const nearby = item('Мусор не вывозят уже неделю, баки переполнены', {
      street: null,
      house: null,
      ...at(120),
      day: 2,
    })
    const other = item('Надписи на стене дома')
    const old = item('Не вывозят мусор, контейнеры переполнены', { day: -30 })
    const far = item('Не вывозят мусор, контейнеры переполнены', { street: 'ул. Гагарина', ...at(900) })
    const found = duplicateCandidates(fresh, [other, nearby, same, old, far])
    expect(found.map((c) => c.id).sort()).toEqual([same.id, nearby.id].sort())
    expect(found[0].score).toBeGreaterThanOrEqual(found[1].score)
    const bySame = found.find((c) => c.id === same.id)
    expect(bySame?.reasons).toContain('тот же адрес')
    expect(bySame?.reasons).toContain('3 дня назад')
    expect(bySame?.reasons.some((r) => /^похожий текст 0\.\d\d$/.test(r))).toBe(true)
    expect(found.find((c) => c.id === nearby.id)?.reasons).toContain('в 120 м')
  })

  it('weighs words by a provided IDF table: a word every appeal uses counts for little', () => {
    const corpus = [
      ...Array.from({ length: 50 }, (_, i) => analyse(`Жители дома ${i} просят помочь`).stems),
      analyse('Шлагбаум сломан').stems,
      analyse('Шлагбаум не открывается').stems,
    ]
    const idf = buildIdf(corpus)
    const fresh = item('Жители просят помочь со шлагбаумом', { day: 1 })
    const byCommonWords = item('Жители просят помочь')
    const byRareWord = item('Шлагбаум не открывается')
    const score = (c: DupItem, o: Partial<DupOptions>) =>
      duplicateCandidates(fresh, [c], { suggestThreshold: 0, ...o })[0]?.score ?? 0
    expect(score(byCommonWords, { idf })).toBeLessThan(score(byRareWord, { idf }))
    expect(score(byCommonWords, { idf })).toBeLessThan(score(byCommonWords, {}))
  })

  it('gives a sensible answer to malformed items instead of throwing', () => {
    const broken = { id: 'x', createdAt: new Date(Number.NaN), stems: null } as unknown as DupItem
    expect(duplicateCandidates(broken, [item('Яма на дороге')])).toEqual([])
    expect(duplicateCandidates(item('Яма на дороге'), [broken])).toEqual([])
    expect(groupDuplicates([broken, item('Яма')]).get('x')).toBe('x')
  })

  it('lowers the score of a pair whose known topics differ, and says so', () => {
    const fresh = item('Не горит свет у подъезда', { day: 1, topic: 'lighting' })
    const same = item('У подъезда не горит свет', { topic: 'lighting' })
    const other = item('У подъезда не горит свет', { topic: 'intercom' })
    const [a] = duplicateCandidates(fresh, [same])
    const [b] = duplicateCandidates(fresh, [other])
    expect(b.score).toBeLessThan(a.score)
    expect(b.reasons).toContain('разные темы')
    expect(a.reasons).not.toContain('разные темы')
  })

  it('returns nothing for an empty text or no candidates', () => {
    expect(duplicateCandidates(item(''), [item('Яма на дороге')])).toEqual([])
    expect(duplicateCandidates(item('Яма на дороге'), [])).toEqual([])
  })
})

describe('addresses and vocabulary', () => {
  it('normalises street names and houses', () => {
    expect(normalizeStreet('ул. Ленина')).toBe(normalizeStreet('Ленина улица'))
    expect(normalizeStreet('2-я Советская улица')).toBe(normalizeStreet('2 Советская'))
    expect(normalizeStreet('проспект Гагарина')).not.toBe(normalizeStreet('ул. Ленина'))
    expect(normalizeStreet('  ')).toBeNull()
    expect(normalizeHouse('дом 47, корпус 1, литера А')).toBe('47к1')
    expect(normalizeHouse('д. 12а')).toBe('12а')
    expect(normalizeHouse('12/2')).toBe('12/2')
    expect(normalizeHouse('12')).not.toBe(normalizeHouse('12а'))
  })

  it('measures distances in metres', () => {
    expect(metersBetween(54.78, 32.04, 54.78 + 300 / 111_320, 32.04)).toBeCloseTo(300, 0)
  })

  it('reads issues and objects from the vocabulary', () => {
    expect(conceptsOf(analyse('Граффити на остановке').stems)).toEqual({
      issues: ['надписи'],
      objects: ['остановка'],
    })
    expect(conceptsOf(analyse('Сосульки свисают с крыши').stems).issues).toEqual(['сосульки'])
    expect(conceptsOf(analyse('Который день не убран снег').stems).issues).toEqual(['уборка и грязь', 'снег'])
    expect(conceptsOf(analyse('Пенсионеры просят лавочку').stems).issues).toEqual([])
    // More than 31 concepts of a kind (they used to be bits of one integer).
    expect(conceptsOf(analyse('Слабый напор горячей воды').stems).issues.sort()).toEqual([
      'водоснабжение',
      'горячая вода',
      'напор воды',
    ])
    expect(conceptsOf(analyse('Воняет из подвала, в подвал открыта дверь').stems).objects).toEqual(['подвал'])
    // «Ледяная батарея» is a cold radiator, not icicles; a cold stairwell is not cold water.
    expect(conceptsOf(analyse('Батарея в комнате ледяная').stems).issues).toEqual(['отопление'])
    expect(conceptsOf(analyse('В подъезде очень холодно').stems).issues).toEqual(['отопление'])
    expect(conceptsOf(analyse('Нет холодной воды').stems).issues).toEqual(['холодная вода', 'водоснабжение'])
  })

  it('tells the operator which distinct concept only one text names', () => {
    const a = item('Слабый напор горячей воды')
    const b = item('Слабый напор холодной воды', { day: 1 })
    const [c] = duplicateCandidates(b, [a], { suggestThreshold: 0 })
    expect(c.reasons).toContain('только в одном тексте: холодная вода, горячая вода')
  })
})
