import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { count, eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import writeExcelFile from 'write-excel-file/node'
import { appeals } from '../server/modules/appeals/appeals.tables'
import { importAppeals, readImportFile } from '../server/modules/intake/import.service'
import type { Database } from '../server/platform/db'
import { openTestDatabase, uniq } from './helpers'

let database: Database
let tmp: string
beforeAll(async () => {
  database = await openTestDatabase()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-import-'))
})
afterAll(async () => {
  await database.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

const tagged = async (tag: string) =>
  database.db
    .select()
    .from(appeals)
    .where(like(appeals.text, `%${tag}%`))
    .orderBy(appeals.regNumber)

describe('bulk import of history', () => {
  it('reads an XLSX with Russian headers and names, keeps the old number, and re-imports nothing twice', async () => {
    const tag = uniq('xlsx')
    const file = path.join(tmp, `${tag}.xlsx`)
    await writeExcelFile(
      [
        ['Рег. номер', 'Дата поступления', 'Текст обращения', 'ФИО', 'Канал', 'Статус', 'Сектор'],
        [
          'СТ-2023-17',
          '14.03.2023 10:15',
          `Архив ${tag}: яма на дороге у дома 5`,
          'Иванов И. И.',
          'Телефон',
          'Закрыто',
          'Дороги',
        ],
        [
          'СТ-2023-18',
          new Date('2023-03-15T08:00:00Z'),
          `Архив ${tag}: не вывезли мусор`,
          'Петрова А. А.',
          'Письмо',
          '',
          'ТКО',
        ],
        [null, null, null, null, null, null, null],
      ],
      { dateFormat: 'dd.mm.yyyy' },
    ).toFile(file)
    const rows = await readImportFile(file)
    expect(rows).toHaveLength(2)
    const report = await importAppeals(database.db, rows, { dryRun: false })
    expect(report).toMatchObject({ total: 2, registered: 2, duplicates: 0, rejected: [] })
    const [first, second] = await tagged(tag)
    expect(first).toMatchObject({
      channel: 'phone',
      status: 'closed',
      sectorCode: 'roads',
      externalId: 'СТ-2023-17',
    })
    expect(first.regNumber).toMatch(/^О-2023-\d{6}$/) // numbered in the year it was registered
    expect(first.meta).toEqual({ import: { legacyNumber: 'СТ-2023-17' } })
    expect(first.receivedAt.toISOString()).toBe('2023-03-14T07:15:00.000Z') // Moscow time
    expect(second).toMatchObject({ channel: 'paper', status: 'closed', sectorCode: 'waste' })

    const again = await importAppeals(database.db, await readImportFile(file), { dryRun: false })
    expect(again).toMatchObject({ registered: 0, duplicates: 2 })
    expect(await tagged(tag)).toHaveLength(2)
  })

  it('maps a city’s own column names, and rejects only the bad rows of a batch with their reasons', async () => {
    const tag = uniq('map')
    const file = path.join(tmp, `${tag}.csv`)
    fs.writeFileSync(
      file,
      [
        'Суть;Когда;Кто;Тема',
        `Архив ${tag}: протекает крыша;01.02.2024;Сидоров С. С.;`,
        `Архив ${tag}: тема не из справочника;02.02.2024;Сидоров С. С.;нет-такой-темы`,
        `Архив ${tag}: дата в будущем;01.01.2099;Сидоров С. С.;`,
        `Архив ${tag}: нет отопления;03.02.2024;;`,
      ].join('\n'),
    )
    await expect(readImportFile(file)).rejects.toThrow(/нет столбца с текстом обращения.*«Суть»/)
    const rows = await readImportFile(file, {
      map: 'Суть=text;Когда=receivedAt;Кто=applicantName;Тема=topicCode',
    })
    const report = await importAppeals(database.db, rows, { dryRun: false, defaultStatus: 'registered' })
    expect(report.registered).toBe(2)
    expect(report.rejected.map((r) => r.line).sort()).toEqual([3, 4])
    expect(report.rejected.find((r) => r.line === 3)?.reason).toMatch(/Неизвестная тема/)
    expect(report.rejected.find((r) => r.line === 4)?.reason).toMatch(/позже даты регистрации|в будущем/)
    const saved = await tagged(tag)
    expect(saved.map((a) => a.status)).toEqual(['registered', 'registered'])
    await expect(readImportFile(file, { map: 'Суть=textt' })).rejects.toThrow(/поле должно быть одним из/)
  })

  it('refuses a file that is not UTF-8, and a dry run writes nothing', async () => {
    const bad = path.join(tmp, 'cp1251.csv')
    fs.writeFileSync(bad, Buffer.from([0x74, 0x65, 0x78, 0x74, 0x0a, 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]))
    await expect(readImportFile(bad)).rejects.toThrow(/не в кодировке UTF-8/)

    const tag = uniq('dry')
    const file = path.join(tmp, `${tag}.json`)
    fs.writeFileSync(
      file,
      JSON.stringify([{ regime: 'fz59', text: `Архив ${tag}: открытый люк`, applicants: [{}] }]),
    )
    const report = await importAppeals(database.db, await readImportFile(file), { dryRun: true })
    expect(report).toMatchObject({ total: 1, registered: 0, rejected: [] })
    const [{ n }] = await database.db.select({ n: count() }).from(appeals).where(eq(appeals.externalId, tag))
    expect(n).toBe(0)
    expect(await tagged(tag)).toHaveLength(0)
  })

  it('loads thousands of rows in batches with gapless numbers', async () => {
    const tag = uniq('bulk')
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      line: i + 1,
      value: {
        regime: 'fz59',
        receivedAt: '2022-06-01T09:00:00+03:00',
        text: `Архив ${tag}: обращение № ${i}`,
        applicants: [{ fullName: `Житель ${i}` }],
      },
    }))
    const report = await importAppeals(database.db, rows, { dryRun: false })
    expect(report).toMatchObject({ registered: 2500, rejected: [] })
    const numbers = (await tagged(tag)).map((a) => Number(a.regNumber.slice(-6))).sort((a, b) => a - b)
    expect(numbers.at(-1)! - numbers[0]).toBe(2499)
  })
})
