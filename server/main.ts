import { Command, InvalidArgumentError } from 'commander'
import { eq } from 'drizzle-orm'
import { ROLE_CODES, type RoleCode } from '../common/domain'
import { openMigratedDatabase, startRoles } from './app'
import { progressBar } from './cli/progress'
import { DEMO_PASSWORD, seedDatabase } from './modules/demo/seed'
import { importAppeals, readImportFile } from './modules/intake/import.service'
import { importIncidents, readIncidentFile } from './modules/intake/incidents/incidents.import'
import { importPosMessages, readPosFile } from './modules/intake/pos/pos.import'
import { units } from './modules/org/org.tables'
import { createUser } from './modules/users/users.service'
import { users } from './modules/users/users.tables'
import { type Env, loadEnv } from './platform/env'
import { AppError } from './platform/errors'
import { createLogger } from './platform/logger'

const program = new Command()
  .name('veche')
  .description('Вече — система Муниципального центра управления (обращения граждан)')
  .showHelpAfterError('(подробнее: --help)')
  .configureOutput({ outputError: (s, write) => write(s) })

const positiveInt = (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('нужно целое неотрицательное число')
  return n
}

function env(overrides: Record<string, string | undefined> = {}): Env {
  return loadEnv({
    ...process.env,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  })
}

program
  .command('serve')
  .description(
    'Запустить систему: API и веб-интерфейс, обработчик задач, планировщик (по умолчанию все роли)',
  )
  .option('--roles <roles>', 'роли через запятую: api,worker,scheduler (или VECHE_ROLES)')
  .option('--port <port>', 'порт HTTP (или PORT; по умолчанию 3000)')
  .action(async (opts: { roles?: string; port?: string }) => {
    const e = env({ VECHE_ROLES: opts.roles, PORT: opts.port })
    const log = createLogger(e.LOG_LEVEL)
    // The shipped model is trained once from the project's corpus and cached; do it before serving,
    // not in the middle of the first sweep.
    const { shippedModel } = await import('./modules/understanding/shipped-model')
    shippedModel({ onTrain: (m) => log.info(m) })
    const database = await openMigratedDatabase(e)
    const where =
      database.mode === 'embedded'
        ? `встроенная PostgreSQL (PGlite) в ${database.location}`
        : `PostgreSQL ${database.location}`
    log.info(`База данных: ${where}`)
    if (e.VECHE_SEED !== 'none') {
      const firstStart = (await database.db.$count(users)) === 0
      const demo = e.VECHE_SEED === 'demo' || firstStart
      let bar: ReturnType<typeof progressBar> | undefined
      const report = await seedDatabase(database.db, {
        demo,
        appeals: e.VECHE_DEMO_APPEALS,
        onProgress: (done, total) => {
          bar ??= progressBar('Демо-обращения', total)
          bar.update(done)
        },
      })
      bar?.stop()
      if (report.users > 0) {
        log.info(
          `Первый запуск: создан демо-город Смоленск (${report.units} подразделений, ${report.appeals} обращений за год). ` +
            `Демо-пользователи: operator, coordinator, executor, unit_head, deputy, head, cur, admin — пароль «${DEMO_PASSWORD}».`,
        )
      }
    }
    const running = await startRoles(database, e, log)
    if (running.url)
      log.info(`Вече работает: ${running.url.replace('0.0.0.0', 'localhost')}  (API: /api/docs)`)
    let stopping = false
    const shutdown = async (signal: string) => {
      if (stopping) return
      stopping = true
      log.info(`Получен ${signal}: останавливаемся`)
      await running.stop()
      await database.close()
      process.exit(0)
    }
    process.on('SIGINT', () => void shutdown('SIGINT'))
    process.on('SIGTERM', () => void shutdown('SIGTERM'))
  })

program
  .command('migrate')
  .description('Применить миграции схемы базы данных и выйти')
  .action(async () => {
    const database = await openMigratedDatabase(env())
    console.log(
      `Миграции применены (${database.mode === 'embedded' ? 'PGlite' : 'PostgreSQL'}: ${database.location})`,
    )
    await database.close()
  })

program
  .command('seed')
  .description(
    'Заполнить справочники, подразделения и (с --demo) демо-пользователей и демо-обращения; повторный запуск ничего не дублирует',
  )
  .option('--demo', 'создать демо-пользователей и демо-обращения', false)
  .option('--appeals <n>', 'сколько демо-обращений создать', positiveInt, 6000)
  .option('--seed <n>', 'зерно генератора демо-данных', positiveInt, 2026)
  .action(async (opts: { demo: boolean; appeals: number; seed: number }) => {
    const database = await openMigratedDatabase(env())
    let bar: ReturnType<typeof progressBar> | undefined
    try {
      const report = await seedDatabase(database.db, {
        demo: opts.demo,
        appeals: opts.appeals,
        seed: opts.seed,
        onProgress: (done, total) => {
          bar ??= progressBar('Демо-обращения', total)
          bar.update(done)
        },
      })
      bar?.stop()
      console.log(
        `Справочники обновлены. Добавлено: улиц ${report.gazetteer}, подразделений ${report.units}, пользователей ${report.users}, обращений ${report.appeals}.`,
      )
    } finally {
      await database.close()
    }
  })

program
  .command('import')
  .description(
    'Загрузить архив обращений из .csv, .xlsx, .json или .jsonl пачками по 1000 (повторная загрузка ничего не дублирует)',
  )
  .argument('<file>', 'файл с обращениями')
  .option('--dry-run', 'только проверить строки, ничего не записывать', false)
  .option(
    '--map <pairs|file.json>',
    'сопоставить свои заголовки столбцов полям Вече: "Суть=text;Когда=receivedAt" или JSON-файл {"Суть": "text"}',
  )
  .option('--status <code>', 'статус строк без столбца «Статус» (архив — обычно закрытые)', 'closed')
  .action(async (file: string, opts: { dryRun: boolean; map?: string; status: string }) => {
    const rows = await readImportFile(file, { map: opts.map })
    const database = await openMigratedDatabase(env())
    const bar = progressBar(opts.dryRun ? 'Проверка' : 'Загрузка', rows.length)
    try {
      const started = performance.now()
      const report = await importAppeals(database.db, rows, {
        dryRun: opts.dryRun,
        defaultStatus: opts.status,
        onProgress: (n) => bar.update(n),
      })
      bar.stop()
      const seconds = (performance.now() - started) / 1000
      console.log(
        `${opts.dryRun ? 'Проверено' : 'Обработано'} строк: ${report.total}; зарегистрировано: ${report.registered}; уже были: ${report.duplicates}; отклонено: ${report.rejected.length} (${seconds.toFixed(1)} с, ${Math.round(report.total / Math.max(seconds, 0.001))} строк/с)`,
      )
      for (const r of report.rejected.slice(0, 100)) console.log(`  строка ${r.line}: ${r.reason}`)
      if (report.rejected.length > 100) console.log(`  … и ещё ${report.rejected.length - 100}`)
      process.exitCode = report.rejected.length > 0 ? 2 : 0
    } finally {
      await database.close()
    }
  })

program
  .command('import-pos')
  .description(
    'Загрузить выгрузку ПОС (.json: массив, {items: […]} или одно сообщение; .jsonl: по сообщению в строке) — тот же разбор, что у POST /api/channels/pos/messages; повторная загрузка ничего не дублирует',
  )
  .argument('<file>', 'файл с сообщениями ПОС')
  .option('--dry-run', 'только проверить сообщения, ничего не записывать', false)
  .action(async (file: string, opts: { dryRun: boolean }) => {
    const rows = readPosFile(file)
    const database = await openMigratedDatabase(env())
    const bar = progressBar(opts.dryRun ? 'Проверка' : 'Загрузка', rows.length)
    try {
      const report = await importPosMessages(database.db, rows, {
        dryRun: opts.dryRun,
        onProgress: (n) => bar.update(n),
      })
      bar.stop()
      console.log(
        `${opts.dryRun ? 'Проверено' : 'Обработано'} сообщений ПОС: ${report.total}; зарегистрировано: ${report.registered}; уже были: ${report.duplicates}; отклонено: ${report.rejected.length}`,
      )
      for (const r of report.rejected.slice(0, 100))
        console.log(`  строка ${r.line}${r.posId ? ` (posId ${r.posId})` : ''}: ${r.reason}`)
      if (report.rejected.length > 100) console.log(`  … и ещё ${report.rejected.length - 100}`)
      process.exitCode = report.rejected.length > 0 ? 2 : 0
    } finally {
      await database.close()
    }
  })

program
  .command('import-incidents')
  .description(
    'Загрузить инциденты из соцсетей («Инцидент менеджмент»: .json, .jsonl, .csv); репосты засчитываются оригиналу, шум уходит на проверку; повторная загрузка ничего не дублирует',
  )
  .argument('<file>', 'файл с инцидентами')
  .option('--dry-run', 'только проверить строки, ничего не записывать', false)
  .action(async (file: string, opts: { dryRun: boolean }) => {
    const rows = readIncidentFile(file)
    const database = await openMigratedDatabase(env())
    const bar = progressBar(opts.dryRun ? 'Проверка' : 'Загрузка', rows.length)
    try {
      const report = await importIncidents(database.db, rows, {
        dryRun: opts.dryRun,
        onProgress: (n) => bar.update(n),
      })
      bar.stop()
      console.log(
        `${opts.dryRun ? 'Проверено' : 'Обработано'} инцидентов: ${report.total}; зарегистрировано: ${report.registered} (на проверку как шум: ${report.review}); уже были или репосты: ${report.duplicates}; отклонено: ${report.rejected.length}`,
      )
      for (const r of report.rejected.slice(0, 100)) console.log(`  строка ${r.line}: ${r.reason}`)
      if (report.rejected.length > 100) console.log(`  … и ещё ${report.rejected.length - 100}`)
      process.exitCode = report.rejected.length > 0 ? 2 : 0
    } finally {
      await database.close()
    }
  })

program
  .command('understand')
  .description(
    'Понять обращения: JSON-строки {"id","channel","text","created_at"} на входе, на выходе по строке на каждое — сектор, тема (код ТОТКО), запрос или шум, улица и дом, район, координаты, срочность, группа дублей',
  )
  .option(
    '--gazetteer <file>',
    'справочник адресов (JSON, как пишет veche gazetteer export); по умолчанию демо-справочник Смоленска',
  )
  .option('--model <file>', 'файл модели (как пишет veche train --out); по умолчанию встроенная модель')
  .option('--details', 'добавить подробности: топ-3 подсказки, причины, персональные данные', false)
  .action(async (opts: { gazetteer?: string; model?: string; details: boolean }) => {
    const { runUnderstand } = await import('./cli/understand')
    const { items, errors } = await runUnderstand(process.stdin, process.stdout, {
      gazetteerFile: opts.gazetteer,
      modelFile: opts.model,
      details: opts.details,
      urgentModelThreshold: env().VECHE_URGENT_MODEL_CONFIDENCE,
    })
    if (errors > 0) console.error(`Обработано: ${items}; строк с ошибками: ${errors}`)
    process.exitCode = errors > 0 ? 2 : 0
  })

program
  .command('train')
  .description(
    'Переобучить модель: корпус проекта + подтверждённая история города; переключиться, только если новая модель не хуже действующей',
  )
  .option('--dry-run', 'обучить и сравнить, но не переключать', false)
  .option('--out <file>', 'сохранить обученную модель в файл (для veche understand --model)')
  .action(async (opts: { dryRun: boolean; out?: string }) => {
    const { trainFromHistory } = await import('./modules/understanding/training.service')
    const database = await openMigratedDatabase(env())
    try {
      const r = await trainFromHistory(database.db, {
        dryRun: opts.dryRun,
        urgentModelThreshold: env().VECHE_URGENT_MODEL_CONFIDENCE,
        onProgress: (stage) => console.error(`… ${stage}`),
      })
      console.log(`Подтверждённая история: ${r.history} обращений (отложено для проверки: ${r.heldOut})`)
      if (r.candidateVersion)
        console.log(
          `Macro-F1 по секторам на отложенной истории: действующая ${r.activeVersion} — ${r.activeMacroF1.toFixed(3)}, новая — ${r.candidateMacroF1.toFixed(3)}`,
        )
      if (r.activeUrgency !== null && r.candidateUrgency !== null)
        console.log(
          `Срочность: согласие с решениями людей на отложенной истории — действующая ${r.activeUrgency.toFixed(3)}, новая ${r.candidateUrgency.toFixed(3)}`,
        )
      console.log(r.reason)
      if (opts.out && r.model) {
        const fs = await import('node:fs')
        fs.writeFileSync(opts.out, r.model.toBuffer())
        console.log(`Модель ${r.model.version} сохранена в ${opts.out}`)
      }
    } finally {
      await database.close()
    }
  })

const gazetteer = program
  .command('gazetteer')
  .description('Справочник адресов города (улицы, дома, районы, ориентиры)')

async function runGazetteerImport(
  kind: 'osm' | 'gar',
  source: string,
  opts: { title?: string; city?: string; cityId?: string; merge: boolean },
) {
  const { gazetteerImport } = await import('./modules/understanding/address/cli')
  const database = await openMigratedDatabase(env())
  const bar = progressBar('Импорт', 1)
  try {
    const report = await gazetteerImport(database.db, {
      kind,
      path: source,
      title: opts.title,
      city: opts.cityId ? { objectId: opts.cityId } : opts.city ? { name: opts.city } : undefined,
      merge: opts.merge,
      onProgress: (done, total) => {
        bar.setTotal(Math.max(total, 1))
        bar.update(done)
      },
    })
    bar.stop()
    console.log(
      `Справочник №${report.id} активен: улиц ${report.streets}, домов ${report.houses}, ориентиров ${report.landmarks}, районов ${report.districts}`,
    )
    for (const s of report.skipped)
      console.log(
        `  пропущено ${s.count}: ${s.reason}${s.examples.length ? ` (например ${s.examples.join(', ')})` : ''}`,
      )
  } finally {
    bar.stop()
    await database.close()
  }
}

gazetteer
  .command('import-osm')
  .description('Импорт из выгрузки OpenStreetMap (.osm XML): улицы, дома с addr:*, границы районов')
  .argument('<file>', 'файл .osm')
  .option('--title <title>', 'название справочника')
  .option('--city <name>', 'город, если в выгрузке нет узла place=city')
  .option('--merge', 'добавить к действующему справочнику, а не заменить его', false)
  .action((file: string, opts: { title?: string; city?: string; merge: boolean }) =>
    runGazetteerImport('osm', file, opts),
  )

gazetteer
  .command('import-gar')
  .description('Импорт из ГАР/ФИАС (XML региона): улицы и дома одного города')
  .argument('<dir>', 'папка с файлами AS_ADDR_OBJ_*.XML, AS_HOUSES_*.XML, AS_ADM_HIERARCHY_*.XML')
  .option('--city <name>', 'город по названию (по умолчанию — город действующего справочника)')
  .option('--city-id <objectid>', 'город по OBJECTID')
  .option('--title <title>', 'название справочника')
  .option('--merge', 'добавить дома к действующему справочнику (например, к импорту OSM)', false)
  .action((dir: string, opts: { title?: string; city?: string; cityId?: string; merge: boolean }) =>
    runGazetteerImport('gar', dir, opts),
  )

gazetteer
  .command('export')
  .description('Выгрузить действующий справочник в JSON (его читает veche understand --gazetteer)')
  .option('--out <file>', 'файл (по умолчанию — в стандартный вывод)')
  .action(async (opts: { out?: string }) => {
    const { gazetteerExport } = await import('./modules/understanding/address/cli')
    const database = await openMigratedDatabase(env())
    try {
      const json = await gazetteerExport(database.db, opts.out)
      if (opts.out) console.error(`Справочник сохранён в ${opts.out}`)
      else process.stdout.write(json)
    } finally {
      await database.close()
    }
  })

gazetteer
  .command('status')
  .description('Какой справочник действует и что в нём')
  .action(async () => {
    const { gazetteerStatus } = await import('./modules/understanding/address/cli')
    const database = await openMigratedDatabase(env())
    try {
      for (const line of await gazetteerStatus(database.db)) console.log(line)
    } finally {
      await database.close()
    }
  })

const org = program.command('org').description('Справочник организаций')
org
  .command('import')
  .description(
    'Загрузить справочник организаций из CSV (UTF-8 или cp1251, разделитель «;» или «,», строка заголовков); обновление по коду; если хоть одна строка с ошибкой — ничего не записывается',
  )
  .argument('<file>', 'CSV-файл')
  .action(async (file: string) => {
    const fs = await import('node:fs')
    if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `Файл «${file}» не найден`)
    const bytes = fs.readFileSync(file)
    const { importUnits } = await import('./modules/org/org.service')
    const database = await openMigratedDatabase(env())
    let bar: ReturnType<typeof progressBar> | undefined
    try {
      const report = await database.db.transaction((tx) =>
        importUnits(tx, bytes, {
          onProgress: (done, total) => {
            bar ??= progressBar('Организации', total)
            bar.update(done)
          },
        }),
      )
      bar?.stop()
      const format = `${report.encoding === 'utf-8' ? 'UTF-8' : 'cp1251'}, разделитель «${report.delimiter}»`
      if (report.errors.length > 0) {
        console.log(
          `Справочник не загружен (${format}): строк с ошибками — ${report.errors.length}, ничего не записано.`,
        )
        for (const e of report.errors.slice(0, 100)) console.log(`  строка ${e.line}: ${e.message}`)
        if (report.errors.length > 100) console.log(`  … и ещё ${report.errors.length - 100}`)
        process.exitCode = 2
        return
      }
      console.log(
        `Загружено организаций: ${report.total} (новых: ${report.created}, обновлено: ${report.updated}; ${format}).`,
      )
    } finally {
      await database.close()
    }
  })

program
  .command('deadline')
  .description(
    'Рассчитать срок вручную: одна строка JSON {"due": "<ISO 8601 +03:00>", "rule": "<какое правило и почему>"}',
  )
  .option('--from <datetime>', 'начало отсчёта, ISO 8601 (без смещения — московское время)')
  .option('--calendar-days <n>', 'N календарных дней (день начала не считается)')
  .option('--move-off-day <none|next>', 'для календарных дней: переносить ли последний день с выходного')
  .option('--working-days <n>', 'N рабочих дней по производственному календарю (день начала не считается)')
  .option(
    '--working-hours <n>',
    'N рабочих часов (09:00–18:00 МСК, обед 13–14, предпраздничный день до 17:00)',
  )
  .option('--regime <code>', 'применить настроенное правило режима: fz59, pos, incident, message')
  .option('--category <code...>', 'категория для правила: сектор, тема или категория ПОС (можно несколько)')
  .option('--channel <code>', 'канал для правила')
  .option('--db', 'взять действующий набор правил и переопределения календаря из базы данных', false)
  .configureOutput({ outputError: () => {} })
  .exitOverride((err) => {
    if (err.exitCode === 0) process.exit(0)
    const what = /'([^']+)'/.exec(err.message)?.[1] ?? ''
    const message =
      err.code === 'commander.unknownOption'
        ? `неизвестный параметр ${what}`
        : err.code === 'commander.optionMissingArgument'
          ? `параметру ${what} нужно значение`
          : err.message.replace(/^error: /, '')
    console.error(`Ошибка в параметрах: ${message} (подробнее: veche deadline --help)`)
    process.exit(2)
  })
  .action(async (opts: Record<string, unknown>) => {
    const { runDeadline, UsageError } = await import('./cli/deadline')
    try {
      let ctx = {}
      if (opts.db) {
        const { activeRuleSet, calendarFor } = await import('./modules/deadlines/deadlines.service')
        const database = await openMigratedDatabase(env())
        try {
          ctx = { rules: await activeRuleSet(database.db), calendar: await calendarFor(database.db) }
        } finally {
          await database.close()
        }
      }
      console.log(JSON.stringify(runDeadline(opts, ctx)))
    } catch (err) {
      if (!(err instanceof UsageError)) throw err
      console.error(`Ошибка: ${err.message}`)
      process.exitCode = 2
    }
  })

const calendar = program.command('calendar').description('Производственный календарь: годы, обновление')
calendar
  .command('import')
  .description(
    'Загрузить год из файла xmlcalendar.ru (calendar.xml) в файл календаря продукта: показывает изменения и записывает год как проект (draft)',
  )
  .argument('<file>', 'файл xmlcalendar.ru, например ru/2028/calendar.xml')
  .option('--dry-run', 'только показать изменения, ничего не записывать', false)
  .option('--approved', 'отметить год как утверждённый (постановление подписано и сверено)', false)
  .option('--source <text>', 'источник: номер и дата постановления')
  .action((file: string, opts: { dryRun: boolean; approved: boolean; source?: string }) => {
    return import('./cli/calendar').then(({ importCalendar, CalendarImportError }) => {
      try {
        const r = importCalendar(file, {
          dryRun: opts.dryRun,
          status: opts.approved ? 'approved' : undefined,
          source: opts.source,
        })
        console.log(`${r.year} год: ${r.changes.length ? 'изменения' : 'изменений нет'}`)
        for (const c of r.changes) console.log(`  ${c}`)
        console.log(
          r.written
            ? `Записано в reference/calendar/ru.json. Сверьте итоги года с официальным календарём и перезапустите сервер.`
            : 'Файл не изменён.',
        )
      } catch (err) {
        if (!(err instanceof CalendarImportError)) throw err
        console.error(`Ошибка: ${err.message}`)
        process.exitCode = 2
      }
    })
  })
calendar
  .command('status')
  .description('Какие годы загружены (утверждён / проект) и чего не хватает')
  .action(async () => {
    const { calendarStatusLines } = await import('./cli/calendar')
    for (const line of calendarStatusLines()) console.log(line)
  })

const user = program.command('user').description('Пользователи')
user
  .command('add')
  .description('Добавить пользователя')
  .requiredOption('--login <login>', 'логин')
  .requiredOption('--name <fullName>', 'ФИО')
  .requiredOption('--role <role>', `роль: ${ROLE_CODES.join(', ')}`)
  .option('--unit <code>', 'код подразделения (для executor и unit_head)')
  .option('--sectors <list>', 'секторы заместителя через запятую, например housing,waste')
  .option('--password <password>', 'пароль (по умолчанию будет сгенерирован и показан один раз)')
  .action(
    async (opts: {
      login: string
      name: string
      role: string
      unit?: string
      sectors?: string
      password?: string
    }) => {
      if (!ROLE_CODES.includes(opts.role as RoleCode))
        throw new AppError(
          'VALIDATION_FAILED',
          `Неизвестная роль «${opts.role}». Допустимые: ${ROLE_CODES.join(', ')}`,
        )
      const database = await openMigratedDatabase(env())
      try {
        let unitId: number | null = null
        if (opts.unit) {
          const [unit] = await database.db.select().from(units).where(eq(units.code, opts.unit))
          if (!unit) throw new AppError('NOT_FOUND', `Подразделение с кодом «${opts.unit}» не найдено`)
          unitId = unit.id
        }
        const password = opts.password ?? (await import('node:crypto')).randomBytes(9).toString('base64url')
        if (password.length < 8)
          throw new AppError('VALIDATION_FAILED', 'Пароль должен быть не короче 8 символов')
        await createUser(database.db, {
          login: opts.login,
          fullName: opts.name,
          role: opts.role as RoleCode,
          unitId,
          sectors: opts.sectors
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          password,
        })
        console.log(`Пользователь ${opts.login} создан.${opts.password ? '' : ` Пароль: ${password}`}`)
      } finally {
        await database.close()
      }
    },
  )

program.parseAsync(process.argv).catch((err: unknown) => {
  // Users see a Russian message, never a stack trace; LOG_LEVEL=debug shows the details.
  console.error(`Ошибка: ${err instanceof Error ? err.message : String(err)}`)
  if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) console.error(err.stack)
  process.exit(1)
})
