import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import { unitHead } from '../server/modules/org/org.service'
import { units } from '../server/modules/org/org.tables'
import {
  curatingDeputy,
  listRules,
  resolveResponsibility,
} from '../server/modules/routing/responsibility.service'
import { responsibilityRules } from '../server/modules/routing/routing.tables'
import { makeAppeal, makeUser, setupTestApp, signIn, uniq, unitId } from './helpers'

const t = setupTestApp()
let admin: string
let operator: string
let coordinator: string

beforeAll(async () => {
  admin = await signIn(t.app, await makeUser(t.database, 'admin', { unit: 'mcu' }))
  operator = await signIn(t.app, await makeUser(t.database, 'operator', { unit: 'mcu' }))
  coordinator = await signIn(t.app, await makeUser(t.database, 'coordinator', { unit: 'mcu' }))
})

// The matrix is shared by every test file: whatever this file adds, it takes away.
const added: number[] = []
afterAll(async () => {
  for (const id of added) {
    await t.app.inject({ method: 'DELETE', url: `/api/routing/matrix/${id}`, headers: { cookie: admin } })
  }
})

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  })

async function appealIn(district: string, text = `Сломана скамейка во дворе ${uniq()}`) {
  const a = await makeAppeal(t.database, { text })
  await t.database.db.update(appeals).set({ districtCode: district }).where(eq(appeals.id, a.id))
  return a
}

describe('the responsibility matrix over the API', () => {
  it('admin adds a rule for a district; the check box and the assign preview name it and say why', async () => {
    const matrix = (await call('GET', '/api/routing/matrix', operator)).json()
    expect(matrix.rules.length).toBeGreaterThan(5)
    expect(matrix.rules.at(-1).conditions).toMatch(/по умолчанию/)
    expect(matrix.objectTypes.map((o: { name: string }) => o.name)).toContain('дорога регионального значения')

    const tu = await unitId(t.database, 'tu_promyshlenny')
    const res = await call('POST', '/api/routing/matrix', admin, {
      sectorCode: 'improvement',
      topicCode: 'impr_benches',
      districtCode: 'promyshlenny',
      unitId: tu,
      coExecutorIds: [await unitId(t.database, 'ublag')],
      position: 1,
    })
    expect(res.statusCode, res.body).toBe(201)
    const rule = res.json().rules[0]
    added.push(rule.id)
    expect(rule.conditions).toMatch(/^сектор «Благоустройство», тема «.+», район «Промышленный район»$/)
    expect(rule).toMatchObject({
      number: 1,
      unit: { id: tu },
    })

    const check = await call('POST', '/api/routing/matrix/check', coordinator, {
      sectorCode: 'improvement',
      topicCode: 'impr_benches',
      districtCode: 'promyshlenny',
    })
    expect(check.statusCode, check.body).toBe(200)
    expect(check.json().match).toMatchObject({ number: 1, unit: { id: tu } })
    expect(check.json().match.why).toMatch(
      /^Правило №1 матрицы ответственности: сектор «Благоустройство», тема .+, район «Промышленный район» → исполнитель «Терруправление Промышленного района»/,
    )
    // Another district falls through to a later rule, and the trace says why rule 1 did not match.
    const other = (
      await call('POST', '/api/routing/matrix/check', coordinator, {
        sectorCode: 'improvement',
        topicCode: 'impr_benches',
        districtCode: 'leninsky',
      })
    ).json()
    expect(other.match.number).toBeGreaterThan(1)
    expect(other.trace[0]).toEqual({
      position: 1,
      matched: false,
      reason: 'район: в правиле «Промышленный район», у обращения «Ленинский район»',
    })

    const a = await appealIn('promyshlenny')
    const preview = await call(
      'GET',
      `/api/appeals/${a.id}/responsibility?sectorCode=improvement&topicCode=impr_benches`,
      operator,
    )
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json().match.unit.id).toBe(tu)

    // The operator assigns as the matrix says: the co-executor comes from the rule, the card says why.
    const assigned = await call('POST', `/api/appeals/${a.id}/assign`, operator, {
      sectorCode: 'improvement',
      topicCode: 'impr_benches',
      unitId: tu,
    })
    expect(assigned.statusCode, assigned.body).toBe(200)
    expect(assigned.json().routing).toMatchObject({
      ruleNumber: 1,
      coExecutors: [{ shortName: 'Управление по благоустройству' }],
    })
    expect(assigned.json().routing.why).toMatch(/^Правило №1 матрицы/)
    const [event] = await t.database.db.select().from(appealEvents).where(eq(appealEvents.appealId, a.id))
    expect(event).toBeDefined()
  })

  it('refuses a bad matrix with a Russian reason and changes nothing', async () => {
    const before = await listRules(t.database.db)
    const roads = await unitId(t.database, 'smolavtodor')
    const cases: [unknown, RegExp][] = [
      // roads are already covered by an earlier rule for the whole sector
      [
        { sectorCode: 'roads', topicCode: 'roads_pothole', unitId: roads },
        /никогда не сработает: правило №\d+ выше \(сектор «Дороги»\)/,
      ],
      [
        { sectorCode: 'housing', districtCode: 'leninsky', unitId: roads, position: 1 },
        /«СОГБУ «Смоленскавтодор»» не отвечает за сектор «ЖКХ»/,
      ],
      [
        { sectorCode: 'roads', districtCode: 'leninsky', unitId: 999_999, position: 1 },
        /исполнитель не найден/,
      ],
      [
        {
          sectorCode: 'roads',
          districtCode: 'leninsky',
          unitId: roads,
          position: 1,
          deputyUserId: '00000000-0000-4000-8000-000000000000',
        },
        /заместитель не найден/,
      ],
      [{ sectorCode: 'roads', districtCode: 'mars', unitId: roads }, /неизвестный район/],
    ]
    for (const [body, message] of cases) {
      const res = await call('POST', '/api/routing/matrix', admin, body)
      expect(res.statusCode, res.body).toBe(400)
      expect(JSON.stringify(res.json().error)).toMatch(message)
    }
    // A user who is not a deputy cannot curate.
    const [exec] = await t.database.db.select().from(units).where(eq(units.code, 'ugkh'))
    const notDeputy = await makeUser(t.database, 'executor', { unit: 'ugkh' })
    const [u] = (
      await t.database.db.execute<{ id: string }>(`select id from app_user where login = '${notDeputy}'`)
    ).rows
    const res = await call('POST', '/api/routing/matrix', admin, {
      sectorCode: 'housing',
      districtCode: 'leninsky',
      unitId: exec.id,
      deputyUserId: u.id,
      position: 1,
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toMatch(/не заместитель Главы/)
    // The default rule cannot be deleted: that would leave a gap.
    const last = before.at(-1)
    const del = await call('DELETE', `/api/routing/matrix/${last?.id}`, admin)
    expect(del.statusCode).toBe(400)
    expect(del.json().error.message).toMatch(/Нет правила по умолчанию/)
    // Moving a narrow rule below the default makes it unreachable.
    const narrow = before.find((r) => r.topicCode === 'housing_heating')
    const move = await call('POST', `/api/routing/matrix/${narrow?.id}/move`, admin, {
      position: before.length,
    })
    expect(move.statusCode).toBe(400)
    expect(move.json().error.message).toMatch(/никогда не сработает/)
    // Only the admin edits; nothing changed.
    expect((await call('POST', '/api/routing/matrix', operator, { unitId: roads })).statusCode).toBe(403)
    expect((await listRules(t.database.db)).map((r) => [r.id, r.position])).toEqual(
      before.map((r) => [r.id, r.position]),
    )
  })

  it('refuses to delete a unit that rules point to, listing the rules; a free unit is soft-deleted', async () => {
    const id = await unitId(t.database, 'spetsavto')
    const res = await call('DELETE', `/api/units/${id}`, admin)
    expect(res.statusCode).toBe(409)
    expect(res.json().error.message).toMatch(
      /нельзя удалить: на неё указывают правила матрицы ответственности: №\d+ \(сектор «ТКО», тема/,
    )
    const [still] = await t.database.db.select().from(units).where(eq(units.id, id))
    expect(still.deletedAt).toBeNull()

    const code = uniq('u').toLowerCase()
    const created = await call('POST', '/api/units', admin, {
      code,
      name: 'Тестовое управление',
      shortName: 'Тестовое',
      kind: 'administration',
      level: 'municipal',
      sectors: ['other'],
      headName: 'Иванов И. И.',
      headPosition: 'Начальник',
      contacts: [{ name: 'Петров П. П.', position: 'Заместитель', phone: '+7 (4812) 11-11-11' }],
    })
    expect(created.statusCode, created.body).toBe(201)
    const body = {
      code: uniq('x').toLowerCase(),
      name: 'Х',
      shortName: 'Х',
      kind: 'other',
      level: 'federal',
      sectors: ['other'],
    }
    expect((await call('POST', '/api/units', operator, body)).statusCode).toBe(403)
    const dup = await call('POST', '/api/units', admin, { ...body, code })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error.message).toMatch(/уже занят/)
    const gone = await call('DELETE', `/api/units/${created.json().id}`, admin)
    expect(gone.statusCode).toBe(200)
    expect(gone.json().deleted).toBe(true)
    const list = (await call('GET', `/api/units?q=${code}`, operator)).json()
    expect(list.items).toHaveLength(0)
    const withDeleted = (await call('GET', `/api/units?q=${code}&deleted=true`, operator)).json()
    expect(withDeleted.items).toHaveLength(1)
    // Routing to a deleted unit is refused at save time.
    const rule = await call('POST', '/api/routing/matrix', admin, {
      sectorCode: 'other',
      districtCode: 'leninsky',
      unitId: created.json().id,
      position: 1,
    })
    expect(rule.statusCode).toBe(400)
    expect(rule.json().error.message).toMatch(/удалён из справочника/)
  })
})

describe('reassignment, «не наша компетенция» and co-executors', () => {
  it('needs a reason for both, counts them per unit, and lets a co-executor see (not act on) the appeal', async () => {
    const ugkh = await unitId(t.database, 'ugkh')
    const ublag = await unitId(t.database, 'ublag')
    const executor = await signIn(t.app, await makeUser(t.database, 'executor', { unit: 'ugkh' }))
    const coExec = await signIn(t.app, await makeUser(t.database, 'executor', { unit: 'ublag' }))
    const stranger = await signIn(t.app, await makeUser(t.database, 'executor', { unit: 'uobr' }))
    const before = (await call('GET', `/api/units/${ugkh}`, operator)).json()

    const a = await appealIn('leninsky', `Протекает крыша над квартирой ${uniq()}`)
    const first = await call('POST', `/api/appeals/${a.id}/assign`, operator, {
      sectorCode: 'housing',
      topicCode: 'housing_roof',
      unitId: ugkh,
      coExecutorIds: [ublag],
    })
    expect(first.statusCode, first.body).toBe(200)
    // The rule's curating deputy is kept on the appeal: escalation goes to them even if the matrix changes later.
    const [kept] = await t.database.db.select().from(appeals).where(eq(appeals.id, a.id))
    const named = await curatingDeputy(t.database.db, { ...kept })
    expect(kept.curatorId).toBe(named?.id)
    expect(named?.login).toBe('deputy')
    expect(first.json().routing.curator).toEqual({ fullName: named?.fullName })
    expect(first.json().routing.coExecutors).toEqual([
      { id: ublag, shortName: 'Управление по благоустройству' },
    ])

    // The co-executor's unit sees it in the list and the card, without buttons, and cannot act.
    const list = (await call('GET', '/api/appeals?limit=100', coExec)).json()
    expect(list.items.map((i: { id: number }) => i.id)).toContain(a.id)
    const card = await call('GET', `/api/appeals/${a.id}`, coExec)
    expect(card.statusCode).toBe(200)
    expect(card.json().actions).toEqual([])
    expect((await call('POST', `/api/appeals/${a.id}/decline`, coExec, { reason: 'не мы' })).statusCode).toBe(
      404,
    )
    // Another unit sees nothing.
    expect((await call('GET', `/api/appeals/${a.id}`, stranger)).statusCode).toBe(404)

    // «Не наша компетенция» without a reason: refused in Russian, nothing changes.
    const empty = await call('POST', `/api/appeals/${a.id}/decline`, executor, { reason: '   ' })
    expect(empty.statusCode).toBe(400)
    expect(JSON.stringify(empty.json())).toMatch(/укажите, почему обращение не в компетенции/)
    const declined = await call('POST', `/api/appeals/${a.id}/decline`, executor, {
      reason: 'крыша — зона управляющей компании',
    })
    expect(declined.statusCode, declined.body).toBe(200)
    expect(declined.json().status).toBe('routing')
    expect((await call('GET', `/api/appeals/${a.id}`, executor)).statusCode).toBe(404)
    expect((await call('GET', `/api/appeals/${a.id}`, coExec)).statusCode).toBe(404)
    const back = (await call('GET', `/api/appeals/${a.id}`, operator)).json()
    expect(back.unit).toBeNull()
    expect(back.routing.why).toMatch(/не наша компетенция — крыша — зона управляющей компании/)

    // Assigned again, then reassigned: a reason is required.
    expect(
      (await call('POST', `/api/appeals/${a.id}/assign`, operator, { sectorCode: 'housing', unitId: ugkh }))
        .statusCode,
    ).toBe(200)
    const zelenstroy = await unitId(t.database, 'zelenstroy')
    const noReason = await call('POST', `/api/appeals/${a.id}/assign`, operator, {
      sectorCode: 'improvement',
      unitId: zelenstroy,
    })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.message).toMatch(/Укажите причину переназначения/)
    const moved = await call('POST', `/api/appeals/${a.id}/assign`, operator, {
      sectorCode: 'improvement',
      unitId: zelenstroy,
      note: 'это двор, не дом',
    })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json().routing.why).toMatch(
      /^Исполнитель выбран оператором вручную: «МБУ «Зеленстрой»» \(по матрице — «Управление по благоустройству», правило №\d+\)\.$/,
    )

    const after = (await call('GET', `/api/units/${ugkh}`, operator)).json()
    expect(after.declined30 - before.declined30).toBe(1)
    expect(after.reassigned30 - before.reassigned30).toBe(1)
    const inList = (await call('GET', '/api/units?sector=housing', operator))
      .json()
      .items.find((u: { id: number }) => u.id === ugkh)
    expect(inList.declined30).toBe(after.declined30)
  })
})

describe('object type, the CSV upload and the sector guard', () => {
  it('routes a regional road by object type and keeps it on the appeal; refuses an unknown type', async () => {
    const a = await appealIn('leninsky', `Яма на дороге ${uniq()}`)
    const preview = (
      await call(
        'GET',
        `/api/appeals/${a.id}/responsibility?sectorCode=roads&objectType=regional_road`,
        operator,
      )
    ).json()
    expect(preview.objectTypes.map((o: { code: string }) => o.code)).toContain('regional_road')
    expect(preview.match.why).toMatch(
      /тип объекта «дорога регионального значения» → исполнитель «СОГБУ «Смоленскавтодор»»/,
    )
    const bad = await call('POST', `/api/appeals/${a.id}/assign`, operator, {
      sectorCode: 'roads',
      unitId: preview.match.unit.id,
      objectType: 'castle',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toBe('Неизвестный тип объекта «castle»')
    const ok = await call('POST', `/api/appeals/${a.id}/assign`, operator, {
      sectorCode: 'roads',
      unitId: preview.match.unit.id,
      objectType: 'regional_road',
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().routing.coExecutors.map((u: { shortName: string }) => u.shortName)).toEqual([
      'Минтранс Смоленской области',
    ])
    const [row] = await t.database.db.select().from(appeals).where(eq(appeals.id, a.id))
    expect(row.meta.objectType).toBe('regional_road')
  })

  it('uploads a CSV through the API: bad rows → 400 with line numbers and nothing written; good → upserted', async () => {
    const code = uniq('csv').toLowerCase()
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/units/import',
      headers: { cookie: admin, 'content-type': 'text/csv' },
      payload: `Код;Наименование;Секторы\n${code};Годная;ЖКХ\n${code}_2;Плохая;Космос\n`,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toMatch(/строк с ошибками — 1, ничего не записано/)
    expect(bad.json().error.details).toEqual([
      { path: 'line.3', message: 'строка 3: неизвестный сектор «Космос»' },
    ])
    expect(await t.database.db.select().from(units).where(eq(units.code, code))).toEqual([])
    const good = await t.app.inject({
      method: 'POST',
      url: '/api/units/import',
      headers: { cookie: admin, 'content-type': 'text/csv' },
      payload: `Код;Наименование;Секторы\n${code};Годная;ЖКХ\n`,
    })
    expect(good.statusCode, good.body).toBe(200)
    expect(good.json()).toMatchObject({ total: 1, created: 1, updated: 0, encoding: 'utf-8', delimiter: ';' })
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/units/import',
      headers: { cookie: operator, 'content-type': 'text/csv' },
      payload: `Код;Наименование;Секторы\n${code};Годная;ЖКХ\n`,
    })
    expect(forbidden.statusCode).toBe(403)
  })

  it('refuses to take a sector away from a unit the matrix routes that sector to', async () => {
    const id = await unitId(t.database, 'spetsavto')
    const card = (await call('GET', `/api/units/${id}`, operator)).json()
    const { id: _id, deleted, reassigned30, declined30, headUser, ...input } = card
    const res = await call('PUT', `/api/units/${id}`, admin, { ...input, sectors: ['housing'] })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.message).toMatch(
      /Сектор нельзя убрать: на «АО «Спецавтохозяйство»» по нему направляют правила/,
    )
    const same = await call('PUT', `/api/units/${id}`, admin, { ...input, workingHours: 'пн–пт 8:00–17:00' })
    expect(same.statusCode, same.body).toBe(200)
    expect(same.json().workingHours).toBe('пн–пт 8:00–17:00')
  })
})

describe('functions for escalation', () => {
  it('curatingDeputy follows the matrix rule, then the deputy of the sector; unitHead names the head', async () => {
    const deputy = await curatingDeputy(t.database.db, {
      sectorCode: 'housing',
      topicCode: 'housing_heating',
      districtCode: null,
    })
    expect(deputy?.login).toBe('deputy')
    // The roads rules name no deputy and no demo deputy curates roads.
    expect(
      await curatingDeputy(t.database.db, { sectorCode: 'roads', topicCode: null, districtCode: null }),
    ).toBeNull()
    const head = await unitHead(t.database.db, await unitId(t.database, 'ugkh'))
    expect(head).toMatchObject({
      login: 'unit_head',
      position: 'Начальник управления',
      unitName: 'Управление ЖКХ',
    })
    expect(await unitHead(t.database.db, 999_999)).toBeNull()
    const r = await resolveResponsibility(t.database.db, {
      sectorCode: 'waste',
      topicCode: 'waste_collection',
    })
    expect(r?.unit.code).toBe('spetsavto')
    expect(r?.coExecutors.map((u) => u.code)).toEqual(['ublag'])
    expect(r?.deputy?.fullName).toBe('Ермаков Игорь Павлович')
    expect((await t.database.db.select().from(responsibilityRules)).length).toBeGreaterThan(0)
  })
})
