import { eq, sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { loadCalendar, type ProductionCalendar } from '../server/modules/calendar/calendar'
import { syncEscalationQueue } from '../server/modules/escalation/escalation.queue'
import { sweepEscalation } from '../server/modules/escalation/escalation.sweep'
import { escalationWatch } from '../server/modules/escalation/escalation.tables'
import { type Ladder, loadLadder, parseLadder, stepPoint } from '../server/modules/escalation/ladder'
import { makeAppeal, makeUser, setupTestApp, signIn, unitId } from './helpers'

/*
 * The escalation queue (escalation_watch) is SQL: the view escalation_point over the calendar mirror calendar_day,
 * kept by triggers. Here its moments are checked against the per-appeal rule in JavaScript (ladder.ts stepPoint) for
 * due dates across the New Year and May holidays, a transferred working day and shortened days; then the mirrors'
 * re-arming on a calendar override and on a pause.
 */

const ctx = setupTestApp()
const DAY = 86_400_000
const msk = (s: string) => new Date(`${s}+03:00`)

afterAll(async () => {
  // Other files see the shipped ladder and the plain calendar again.
  if (ctx.database) await syncEscalationQueue(ctx.database.db, { ladder: loadLadder(), cal: loadCalendar() })
})

/** Open appeals with the given due moments (registered 30 days before each), inserted in one statement. */
async function appealsDue(dues: Date[]): Promise<number[]> {
  const ugkh = await unitId(ctx.database, 'ugkh')
  const rows = dues.map((d, i) => ({
    n: `Q-${Date.now()}-${i}`,
    reg: new Date(d.getTime() - 30 * DAY).toISOString(),
    due: d.toISOString(),
  }))
  const r = await ctx.database.db.execute<{ id: number }>(sql`
    insert into appeal (reg_number, regime, channel, external_id, received_at, registered_at, text, sector_code,
                        unit_id, status, due_at, tracking_code_hash)
    select x.n, 'fz59', 'phone', x.n, x.reg, x.reg, 'Проверка очереди эскалации', 'housing', ${ugkh}, 'in_work',
      x.due, md5(x.n)
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(n text, reg timestamptz, due timestamptz)
    returning id`)
  return r.rows.map((x) => Number(x.id))
}

async function watchOf(ids: number[]) {
  const r = await ctx.database.db.execute<{ appeal_id: number; step: string; at: Date | string }>(sql`
    select appeal_id, step, at from escalation_watch
    where appeal_id in (${sql.join(
      ids.map((id) => sql`${id}::bigint`),
      sql`, `,
    )})`)
  return new Map(r.rows.map((x) => [`${Number(x.appeal_id)}:${x.step}`, new Date(x.at).toISOString()]))
}

function expectSameAsRule(
  cal: ProductionCalendar,
  ladder: Ladder,
  ids: number[],
  dues: Date[],
  got: Map<string, string>,
) {
  let checked = 0
  ids.forEach((id, i) => {
    const appeal = { registeredAt: new Date(dues[i].getTime() - 30 * DAY), dueAt: dues[i] }
    for (const s of ladder.steps) {
      const want = stepPoint(cal, s, appeal).toISOString()
      const have = got.get(`${id}:${s.code}`)
      if (have !== want)
        throw new Error(
          `${s.code} (${JSON.stringify(s.at)}), due ${dues[i].toISOString()}: ${have} ≠ ${want}`,
        )
      checked++
    }
  })
  return checked
}

describe('the escalation queue', () => {
  it('holds, for every open appeal, the moment of each step exactly as the per-appeal rule computes it', async () => {
    const { database } = ctx
    // A wider ladder than the shipped one, so 3 working days left and 2 working days late are checked too.
    const ladder = parseLadder({
      description: 'проверка',
      steps: [
        {
          code: 'half',
          at: { share: 0.5 },
          to: 'executors',
          title: 'Половина',
          reason: 'Половина срока прошла',
        },
        {
          code: 'left3',
          at: { workingDaysLeft: 3 },
          to: 'executors',
          title: 'Три дня',
          reason: 'Осталось три дня',
        },
        {
          code: 'left1',
          at: { workingDaysLeft: 1 },
          to: 'executors',
          title: 'Один день',
          reason: 'Остался один день',
        },
        {
          code: 'late',
          at: { overdueWorkingDays: 0 },
          to: 'unit_head',
          title: 'Просрочено',
          reason: 'Срок истёк давно',
        },
        {
          code: 'late2',
          at: { overdueWorkingDays: 2 },
          to: 'deputy',
          title: 'Два дня',
          reason: 'Просрочено на 2 дня',
        },
      ],
      digest: { time: '08:30' },
      manual: { minIntervalMinutes: 60 },
      urgent: { followUpMinutes: 30 },
    })
    const cal = loadCalendar()
    await syncEscalationQueue(database.db, { ladder, cal })
    const dues: Date[] = []
    const spans: [string, number][] = [
      ['2025-12-20', 32], // New Year holidays
      ['2026-04-25', 20], // May holidays
      ['2025-10-30', 6], // 1 November 2025: a transferred working Saturday; 3–4 November off
      ['2027-02-19', 8], // 23 February and the shortened 22nd
    ]
    for (const [from, days] of spans) {
      for (let d = 0; d < days; d++) {
        const day = new Date(msk(`${from}T00:00:00`).getTime() + d * DAY).toISOString().slice(0, 10)
        for (const time of ['00:30:00', '12:00:00', '23:59:59']) dues.push(msk(`${day}T${time}`))
      }
    }
    const ids = await appealsDue(dues)
    expect(expectSameAsRule(cal, ladder, ids, dues, await watchOf(ids))).toBe(dues.length * 5)
  })

  it('an admin override of a day moves the working-day steps of the appeals around it, and back', async () => {
    const { app, database } = ctx
    const ladder = loadLadder()
    await syncEscalationQueue(database.db, { ladder, cal: loadCalendar() })
    const dues = [msk('2027-03-10T23:59:59'), msk('2027-03-11T12:00:00'), msk('2027-08-10T23:59:59')]
    const ids = await appealsDue(dues)
    const before = await watchOf(ids)
    expect(before.get(`${ids[0]}:day_left`)).toBe(msk('2027-03-10T09:00:00').toISOString())

    const admin = await signIn(app, await makeUser(database, 'admin'))
    const put = await app.inject({
      method: 'PUT',
      url: '/api/calendar/overrides/2027-03-10',
      headers: { cookie: admin },
      payload: { kind: 'holiday', reason: 'Проверка: день объявлен нерабочим' },
    })
    expect(put.statusCode, put.body).toBe(200)
    const moved = await watchOf(ids)
    const withHoliday = loadCalendar([{ date: '2027-03-10', kind: 'holiday' }])
    expectSameAsRule(withHoliday, ladder, ids, dues, moved)
    expect(moved.get(`${ids[0]}:day_left`)).toBe(msk('2027-03-09T09:00:00').toISOString())
    // An appeal due months away is not touched.
    expect(moved.get(`${ids[2]}:day_left`)).toBe(before.get(`${ids[2]}:day_left`))

    const del = await app.inject({
      method: 'DELETE',
      url: '/api/calendar/overrides/2027-03-10',
      headers: { cookie: admin },
    })
    expect(del.statusCode, del.body).toBe(200)
    expect(await watchOf(ids)).toEqual(before)
  })

  it('the sweep takes only what came due; a closed appeal leaves the queue; a sent step is not armed again', async () => {
    const { database } = ctx
    await syncEscalationQueue(database.db, { ladder: loadLadder(), cal: loadCalendar() })
    await makeUser(database, 'executor', { unit: 'ugkh' })
    const now = new Date()
    const [a, b] = await appealsDue([new Date(now.getTime() + 10 * DAY), new Date(now.getTime() + 12 * DAY)])
    // Registered 30 days before a due 10 days ahead: 2/3 of the term passed — «half» is due, «share80» is not.
    const first = await sweepEscalation(database.db, now)
    expect(first.steps).toBeGreaterThanOrEqual(2)
    const left = await watchOf([a, b])
    expect([...left.keys()].filter((k) => k.startsWith(`${a}:`)).sort()).toEqual([
      `${a}:day_left`,
      `${a}:overdue`,
      `${a}:overdue_1`,
      `${a}:share80`,
    ])
    expect((await sweepEscalation(database.db, now)).steps).toBe(0)

    await database.db.update(appeals).set({ status: 'closed' }).where(eq(appeals.id, b))
    expect(await database.db.$count(escalationWatch, eq(escalationWatch.appealId, b))).toBe(0)
    // Reopened with the same due date: the steps still ahead come back, the one already sent does not.
    await database.db.update(appeals).set({ status: 'in_work' }).where(eq(appeals.id, b))
    const back = await watchOf([b])
    expect([...back.keys()].sort()).toEqual([
      `${b}:day_left`,
      `${b}:overdue`,
      `${b}:overdue_1`,
      `${b}:share80`,
    ])
  })

  it('a burst (the server stood for days) is swept at once: each appeal gets only its latest step, once', async () => {
    const { database } = ctx
    await syncEscalationQueue(database.db, { ladder: loadLadder(), cal: loadCalendar() })
    const now = new Date()
    // More than the sweep's burst threshold (2 000 due rows), all late by ten days: the latest step is «overdue_1».
    const ids = await appealsDue(Array.from({ length: 2_100 }, () => new Date(now.getTime() - 10 * DAY)))
    const r = await sweepEscalation(database.db, now)
    expect(r.steps).toBeGreaterThanOrEqual(2_100)
    const got = await database.db.execute<{ step: string; n: number }>(sql`
      select step, count(*)::int as n from escalation_step
      where appeal_id in (select unnest(${`{${ids.join(',')}}`}::bigint[])) group by step`)
    expect(got.rows.map((x) => [x.step, Number(x.n)])).toEqual([['overdue_1', 2_100]])
    expect(
      await database.db.$count(
        escalationWatch,
        sql`${escalationWatch.appealId} in (select unnest(${`{${ids.join(',')}}`}::bigint[]))`,
      ),
    ).toBe(0)
    expect((await sweepEscalation(database.db, now)).steps).toBe(0)
  })

  it('a fresh appeal registered through the service is armed by the insert trigger', async () => {
    const a = await makeAppeal(ctx.database)
    const [row] = await ctx.database.db.select().from(appeals).where(eq(appeals.id, a.id))
    const steps = await watchOf([a.id])
    expect(row.dueAt).not.toBeNull()
    expect(steps.get(`${a.id}:overdue`)).toBe(row.dueAt?.toISOString())
    expect(steps.size).toBe(loadLadder().steps.length)
  })
})
