/**
 * `npm run bench:escalation`: the escalation sweep over 1 000 000 open appeals on PostgreSQL (target < 5 s).
 *
 * A fresh database (bench/lib.ts freshStore) gets the demo city's units and users and then BENCH_OPEN (1 000 000)
 * open appeals made by one `insert … select generate_series`, spread over every unit and sector, all registered
 * 16 days ago with a 30-day term — so the «half» step (50 %) has just fallen due for every one of them. Measured:
 *   1. the sweep when 1M steps fall due at once (records every step, creates the notifications for the units'
 *      executors and heads, and their delivery jobs for users who chose e-mail / Telegram);
 *   2. the steady-state sweep a minute later (nothing new is due: one look at the queue's index);
 *   3. the steady state when a sliver (1 %) of the appeals reaches its next step.
 * The insert itself is timed too: the appeal trigger arms the escalation queue (five steps per appeal). Then the
 * urgent notice (urgent.sweep.ts): 1 % of the appeals turn urgent at once, and its steady state; then its follow-up
 * half an hour later, when someone of the unit has opened a tenth of those appeals and nobody the rest.
 * Runs against DATABASE_URL or postgres://postgres@127.0.0.1:5432/test; the database is dropped afterwards.
 */
import { sql } from 'drizzle-orm'
import { seedDatabase } from '../server/modules/demo/seed'
import { sweepEscalation } from '../server/modules/escalation/escalation.sweep'
import { followUpUrgent, notifyUrgent } from '../server/modules/escalation/urgent.sweep'
import { migrateDatabase, openDatabase } from '../server/platform/db'
import { freshStore, markdownTable, ms, type Row } from './lib'

const OPEN = Number(process.env.BENCH_OPEN ?? 1_000_000)
const DAY = 86_400_000

async function main() {
  const store = await freshStore('server')
  const database = await openDatabase({ databaseUrl: store.url, dataDir: '', poolSize: 4 })
  const rows: Row[] = []
  try {
    await migrateDatabase(database)
    await seedDatabase(database.db, { demo: true, appeals: 0 })
    const { db } = database
    // Some staff chose e-mail: their notifications also queue a delivery job (part of what is measured).
    await db.execute(sql`
      insert into notification_setting (user_id, email, channels)
      select id, login || '@mcu.example', '{email}' from app_user where role in ('unit_head', 'deputy')`)
    const staff = await db.execute<{ role: string; n: number }>(sql`
      select role, count(*)::int as n from app_user group by role order by role`)
    const now = new Date()
    const registered = new Date(now.getTime() - 16 * DAY)
    let t = performance.now()
    await db.execute(sql`
      with u as (select array_agg(id order by id) ids from unit where deleted_at is null),
           s as (select array_agg(code order by code) codes from sector)
      insert into appeal (reg_number, regime, channel, external_id, received_at, registered_at, text, sector_code,
                          unit_id, status, due_at, tracking_code_hash)
      select 'Б-' || g, 'fz59', 'phone', 'bench-' || g, ${registered.toISOString()}::timestamptz,
        ${registered.toISOString()}::timestamptz - (g % 600) * interval '1 second',
        'Обращение для замера эскалации № ' || g,
        s.codes[1 + g % array_length(s.codes, 1)], u.ids[1 + g % array_length(u.ids, 1)], 'in_work',
        ${registered.toISOString()}::timestamptz - (g % 600) * interval '1 second' + interval '30 days',
        md5(g::text)
      from generate_series(1, ${OPEN}) g, u, s`)
    await db.execute(sql`analyze appeal`)
    const fill = performance.now() - t
    const armed = await db.execute<{ n: number }>(sql`select count(*)::int n from escalation_watch`)
    rows.push({
      mode: 'server',
      measure: `insert ${OPEN} open appeals in one statement (the trigger arms ${armed.rows[0].n} queue rows)`,
      value: `${Math.round(OPEN / (fill / 1000))} appeals/s`,
      p50: ms(fill),
      p99: ms(fill),
    })
    console.log(
      `${OPEN} open appeals inserted in ${(fill / 1000).toFixed(1)} s; staff: ${staff.rows.map((r) => `${r.role} ${r.n}`).join(', ')}`,
    )

    t = performance.now()
    const first = await sweepEscalation(db, now)
    const firstMs = performance.now() - t
    const jobs = await db.execute<{ n: number }>(
      sql`select count(*)::int n from job where name = 'notifications.deliver'`,
    )
    rows.push({
      mode: 'server',
      measure: `sweep: ${first.steps} steps fall due at once (${first.notifications} notifications, ${jobs.rows[0].n} e-mail jobs)`,
      value: `${Math.round(first.steps / (firstMs / 1000))} steps/s`,
      p50: ms(firstMs),
      p99: ms(firstMs),
    })
    await db.execute(sql`analyze escalation_step`)

    const steady: number[] = []
    for (let i = 1; i <= 3; i++) {
      t = performance.now()
      const r = await sweepEscalation(db, new Date(now.getTime() + i * 60_000))
      steady.push(performance.now() - t)
      if (r.steps !== 0) throw new Error(`steady sweep recorded ${r.steps} steps`)
    }
    rows.push({
      mode: 'server',
      measure: `steady-state sweep over ${OPEN} open appeals (nothing new due)`,
      value: '—',
      p50: ms(steady.sort((a, b) => a - b)[1]),
      p99: ms(steady[2]),
    })

    // A sliver reaches 80 %: move 1 % of the appeals' registration back so their next step is due.
    await db.execute(sql`
      update appeal set registered_at = registered_at - interval '10 days', due_at = due_at - interval '10 days'
      where id % 100 = 0`)
    t = performance.now()
    const sliver = await sweepEscalation(db, new Date(now.getTime() + 5 * 60_000))
    const sliverMs = performance.now() - t
    rows.push({
      mode: 'server',
      measure: `sweep when ${sliver.steps} appeals (1 %) reach their next step`,
      value: `${sliver.notifications} notifications`,
      p50: ms(sliverMs),
      p99: ms(sliverMs),
    })
    // The urgent notice (every 15 s): 1 % of the open appeals turn urgent at once, then the steady state.
    await db.execute(sql`update appeal set urgent = true where id % 100 = 7`)
    // As the understanding step leaves them: a result naming what threatens (the notice reads it).
    await db.execute(sql`
      insert into appeal_understanding (appeal_id, model_version, result)
      select id, 'bench', jsonb_build_object('details', jsonb_build_object('urgency',
        jsonb_build_object('categories', jsonb_build_array('gas'))))
      from appeal where urgent`)
    await db.execute(sql`analyze appeal`)
    await db.execute(sql`analyze appeal_understanding`)
    t = performance.now()
    const urgentFirst = await notifyUrgent(db)
    const urgentMs = performance.now() - t
    rows.push({
      mode: 'server',
      measure: `urgent notice: ${OPEN / 100} open appeals turn urgent at once`,
      value: `${urgentFirst} notifications`,
      p50: ms(urgentMs),
      p99: ms(urgentMs),
    })
    const urgentSteady: number[] = []
    for (let i = 0; i < 3; i++) {
      t = performance.now()
      const n = await notifyUrgent(db)
      urgentSteady.push(performance.now() - t)
      if (n !== 0) throw new Error(`steady urgent notice created ${n} notifications`)
    }
    rows.push({
      mode: 'server',
      measure: `steady-state urgent notice over ${OPEN / 100} open urgent appeals (nothing new)`,
      value: '—',
      p50: ms(urgentSteady.sort((a, b) => a - b)[1]),
      p99: ms(urgentSteady[2]),
    })
    // The follow-up (every minute) half an hour later: someone of the unit opened every tenth urgent appeal.
    await db.execute(sql`
      insert into pd_access_log (user_id, appeal_id, action, at)
      select (select u.id from app_user u where u.unit_id = a.unit_id limit 1), a.id, 'view_card', now()
      from appeal a where a.urgent and a.id % 1000 = 7`)
    await db.execute(sql`analyze pd_access_log`)
    const later = new Date(Date.now() + 31 * 60_000)
    t = performance.now()
    const followed = await followUpUrgent(db, later, 30)
    const followMs = performance.now() - t
    rows.push({
      mode: 'server',
      measure: `urgent follow-up 30 min later: ${OPEN / 100} urgent appeals, a tenth opened by their unit`,
      value: `${followed} notifications`,
      p50: ms(followMs),
      p99: ms(followMs),
    })
    const followSteady: number[] = []
    for (let i = 0; i < 3; i++) {
      t = performance.now()
      const n = await followUpUrgent(db, later, 30)
      followSteady.push(performance.now() - t)
      if (n !== 0) throw new Error(`steady urgent follow-up created ${n} notifications`)
    }
    rows.push({
      mode: 'server',
      measure: `steady-state urgent follow-up over ${OPEN / 100} open urgent appeals (nothing new)`,
      value: '—',
      p50: ms(followSteady.sort((a, b) => a - b)[1]),
      p99: ms(followSteady[2]),
    })
    console.log(`\nEscalation sweep over ${OPEN} open appeals (PostgreSQL, target < 5 s):\n`)
    console.log(markdownTable(rows))
  } finally {
    await database.close()
    await store.drop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
