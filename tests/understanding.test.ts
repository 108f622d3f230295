import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { SectorCode } from '../common/domain'
import { appealEvents, appeals } from '../server/modules/appeals/appeals.tables'
import { registerMany } from '../server/modules/appeals/registration'
import { trainFromHistory } from '../server/modules/understanding/training.service'
import { loadActiveModel } from '../server/modules/understanding/understander'
import { understandPending } from '../server/modules/understanding/understanding.service'
import { models, understandingCorrections } from '../server/modules/understanding/understanding.tables'
import { makeAppeal, makeUser, setupTestApp, signIn, testEnv, uniq, unitId } from './helpers'

const t = setupTestApp()

async function appealRow(id: number) {
  const [row] = await t.database.db.select().from(appeals).where(eq(appeals.id, id))
  return row
}

describe('the understanding sweep', () => {
  it('fills address, point, district and the urgent flag, and suggests top-3 on the card; nothing routed below the threshold', async () => {
    const a = await makeAppeal(t.database, {
      text: `Прорвало трубу отопления в подвале, кипяток заливает подвал, пар идёт в подъезд! ул. Николаева, д. 5 (${uniq()})`,
      applicants: [],
    })
    const env = testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1' })
    expect(await understandPending(t.database.db, env, { ids: [a.id] })).toBe(1)
    // A second sweep finds nothing: each appeal is understood once.
    expect(await understandPending(t.database.db, env, { ids: [a.id] })).toBe(0)
    const row = await appealRow(a.id)
    expect(row).toMatchObject({
      urgent: true,
      status: 'registered',
      sectorCode: null,
      districtCode: 'leninsky',
    })
    expect(row.addressText).toBe('улица Николаева, 5')
    expect(row.lat).not.toBeNull()

    const cookie = await signIn(t.app, await makeUser(t.database, 'operator', { unit: 'mcu' }))
    const card = (
      await t.app.inject({ method: 'GET', url: `/api/appeals/${a.id}`, headers: { cookie } })
    ).json()
    expect(card.understanding.sectors).toHaveLength(3)
    expect(card.understanding.sectors[0]).toMatchObject({ code: 'housing', name: 'ЖКХ' })
    expect(card.understanding.urgent).toBe(true)
    expect(card.understanding.urgencyReasons.length).toBeGreaterThan(0)
    expect(card.understanding.applied).toEqual(expect.arrayContaining(['адрес', 'район', 'срочное']))
    expect(card.events.map((e: { type: string }) => e.type)).toContain('understood')
  })

  it('routes a confident appeal to the default executor, and the operator’s different decision is stored as a correction', async () => {
    const a = await makeAppeal(t.database, {
      text: `Огромные ямы на проезжей части, асфальт разбит, машины бьют колёса — отремонтируйте дорогу (${uniq()})`,
    })
    await understandPending(t.database.db, testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '0.3' }), { ids: [a.id] })
    const row = await appealRow(a.id)
    expect(row.status).toBe('in_work')
    expect(row.sectorCode).toBe('roads')
    // The responsibility matrix: roads inside the city are a regional job since 2023 (reference/responsibility.json).
    expect(row.unitId).toBe(await unitId(t.database, 'smolavtodor'))
    const [assigned] = await t.database.db
      .select()
      .from(appealEvents)
      .where(and(eq(appealEvents.appealId, a.id), eq(appealEvents.type, 'assigned')))
    expect(assigned.actorKind).toBe('system')
    expect(assigned.data.why).toMatch(/^Правило №\d+ матрицы ответственности: сектор «Дороги»/)

    // The operator reassigns it to another sector: the model's suggestion and the decision are kept.
    const cookie = await signIn(t.app, await makeUser(t.database, 'operator', { unit: 'mcu' }))
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${a.id}/assign`,
      headers: { cookie },
      payload: {
        sectorCode: 'improvement',
        topicCode: 'impr_sidewalk',
        unitId: await unitId(t.database, 'ublag'),
        note: 'тротуар во дворе, не проезжая часть',
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    const corrections = await t.database.db
      .select()
      .from(understandingCorrections)
      .where(eq(understandingCorrections.appealId, a.id))
    expect(corrections.map((c) => [c.field, c.predicted, c.corrected])).toEqual(
      expect.arrayContaining([['sector', 'roads', 'improvement']]),
    )
    expect(corrections[0].modelVersion).toMatch(/^shipped-/)
  })

  it('sends VK noise to the review list, never a real complaint', async () => {
    const [noise, real] = await registerMany(
      t.database.db,
      [
        { text: 'Всем привет! Какая сегодня красивая погода, хорошего всем дня )))', externalId: uniq('vk') },
        {
          text: 'Во дворе дома 7 по улице Кирова третью неделю не вывозят мусор, баки переполнены',
          externalId: uniq('vk'),
        },
      ].map((x) => ({ regime: 'incident' as const, channel: 'vk' as const, applicants: [], ...x })),
      { kind: 'system' },
    )
    const ids = [noise, real].map((r) => ('id' in r ? r.id : 0))
    await understandPending(t.database.db, testEnv({ VECHE_AUTOROUTE_CONFIDENCE: '1' }), { ids })
    expect((await appealRow(ids[0])).status).toBe('moderation')
    expect((await appealRow(ids[1])).status).toBe('registered')
  })
})

describe('veche train', () => {
  it('refuses to learn from too little history, then learns from the city’s archive and switches only when not worse', async () => {
    const before = await trainFromHistory(t.database.db, { dryRun: true })
    if (before.history < 50) expect(before.switched).toBe(false)

    const phrases: Partial<Record<SectorCode, string[]>> = {
      roads: [
        'яма на дороге по улице',
        'разбит асфальт на проезжей части улицы',
        'не чистят дорогу от снега на улице',
      ],
      housing: ['нет горячей воды в доме', 'холодные батареи в квартире дома', 'течёт крыша подъезда дома'],
      waste: [
        'не вывозят мусор с площадки у дома',
        'переполнены мусорные баки у дома',
        'свалка мусора за домом',
      ],
      transport: [
        'не ходит автобус маршрута',
        'водитель автобуса маршрута хамит',
        'убрали остановку автобуса маршрута',
      ],
    }
    const archive = (Object.entries(phrases) as [SectorCode, string[]][]).flatMap(([sector, texts]) =>
      Array.from({ length: 20 }, (_, i) => ({
        regime: 'fz59' as const,
        channel: 'import' as const,
        status: 'closed' as const,
        sectorCode: sector,
        text: `${texts[i % texts.length]} ${i + 1} (${uniq()})`,
        externalId: uniq('arch'),
        applicants: [],
      })),
    )
    await registerMany(t.database.db, archive, { kind: 'system' })
    const report = await trainFromHistory(t.database.db)
    expect(report.history).toBeGreaterThanOrEqual(80)
    expect(report.heldOut).toBeGreaterThan(0)
    expect(report.candidateMacroF1).toBeGreaterThan(0)
    expect(report.switched).toBe(report.candidateMacroF1 >= report.activeMacroF1 - 0.005)
    const active = await loadActiveModel(t.database.db)
    if (report.switched) {
      expect(active.version).toBe(report.candidateVersion)
      const rows = await t.database.db.select().from(models).where(eq(models.active, true))
      expect(rows).toHaveLength(1)
    } else {
      expect(active.version).toBe(report.activeVersion)
    }
    // Clean up: later test files expect the shipped model.
    await t.database.db.update(models).set({ active: false })
  }, 120_000) // four trainings of the whole corpus
})
