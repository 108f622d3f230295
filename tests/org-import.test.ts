import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { eq, inArray, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { units } from '../server/modules/org/org.tables'
import type { Database } from '../server/platform/db'
import { openTestDatabase, uniq } from './helpers'

const run = promisify(execFile)
const CLI = path.resolve('bin/veche.js')

async function veche(args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'warn' },
    })
    return { code: 0, out: stdout + stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, out: e.stdout + e.stderr }
  }
}

/** Windows-1251 for the characters these files use (what Excel writes as «CSV» on a Russian Windows). */
function cp1251(s: string): Buffer {
  const special: Record<string, number> = { Ё: 0xa8, ё: 0xb8, '«': 0xab, '»': 0xbb, '—': 0x97, '№': 0xb9 }
  return Buffer.from(
    [...s].map((ch) => {
      const c = ch.codePointAt(0) as number
      if (c < 0x80) return c
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0
      if (ch in special) return special[ch]
      throw new Error(`no cp1251 for ${ch}`)
    }),
  )
}

let database: Database
let tmp: string
const tag = uniq('imp').toLowerCase()
beforeAll(async () => {
  database = await openTestDatabase()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-org-'))
})
afterAll(async () => {
  await database.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

const codes = async () =>
  (
    await database.db
      .select()
      .from(units)
      .where(like(units.code, `${tag}%`))
  ).sort((a, b) => a.code.localeCompare(b.code))

describe('veche org import', { timeout: 120_000 }, () => {
  it('imports a UTF-8 file with «;», then updates by code from a cp1251 file with «,»', async () => {
    const good = path.join(tmp, 'good.csv')
    fs.writeFileSync(
      good,
      '\uFEFFКод;Наименование;Краткое наименование;Вид;Уровень;Секторы;Район;Руководитель;Должность руководителя;Телефон;E-mail;Адрес;Часы работы;Вышестоящая организация;Заместители\n' +
        `${tag}_b;Отдел «Б» управления;Отдел Б;подразделение администрации;муниципальный;ЖКХ, Благоустройство;;Сидоров С. С.;Начальник отдела;+7 (4812) 10-10-10;b@example.org;"214000, Смоленск, ул. Октябрьской революции, 1/2";пн–пт 9–18;${tag}_a;Кузнецова К. К. — заместитель — +7 (4812) 10-10-11 | Приёмная — priem@example.org\n` +
        `${tag}_a;Управление «А»;Управление А;управление;муниципальный;ЖКХ;;Андреев А. А.;Начальник;;;;;;\n` +
        `${tag}_t;Терруправление тестовое;ТУ тест;территориальное управление;муниципальный;Благоустройство;Ленинский;;;;;;;;\n`,
    )
    const res = await veche(['org', 'import', good])
    expect(res.out).toMatch(/Загружено организаций: 3 \(новых: 3, обновлено: 0; UTF-8, разделитель «;»\)/)
    expect(res.code).toBe(0)
    const [a, b, tu] = await codes()
    expect(b).toMatchObject({
      name: 'Отдел «Б» управления',
      kind: 'administration',
      sectors: ['housing', 'improvement'],
      headPosition: 'Начальник отдела',
      address: '214000, Смоленск, ул. Октябрьской революции, 1/2',
      parentId: a.id,
      contacts: [
        { name: 'Кузнецова К. К.', position: 'заместитель', phone: '+7 (4812) 10-10-11' },
        { name: 'Приёмная', email: 'priem@example.org' },
      ],
    })
    expect(tu).toMatchObject({ kind: 'territorial', districtCode: 'leninsky' })

    const win = path.join(tmp, 'win.csv')
    fs.writeFileSync(
      win,
      cp1251(
        'Код,Наименование,Вид,Уровень,Секторы,Руководитель\r\n' +
          `${tag}_a,Управление «А» (новое имя),управление,муниципальный,"ЖКХ, Дороги",Борисов Б. Б.\r\n` +
          `${tag}_c,Министерство тестов Смоленской области,региональный орган,региональный,Другое,Ёлкин Ё. Ё.\r\n`,
      ),
    )
    const again = await veche(['org', 'import', win])
    expect(again.out).toMatch(/Загружено организаций: 2 \(новых: 1, обновлено: 1; cp1251, разделитель «,»\)/)
    const after = await codes()
    expect(after.map((u) => u.code)).toEqual([`${tag}_a`, `${tag}_b`, `${tag}_c`, `${tag}_t`])
    expect(after[0]).toMatchObject({
      id: a.id,
      name: 'Управление «А» (новое имя)',
      sectors: ['housing', 'roads'],
      headName: 'Борисов Б. Б.',
    })
    expect(after[2]).toMatchObject({ kind: 'regional', level: 'regional', headName: 'Ёлкин Ё. Ё.' })
  })

  it('reports every bad row by line in Russian and writes nothing', async () => {
    const bad = path.join(tmp, 'bad.csv')
    fs.writeFileSync(
      bad,
      'Код;Наименование;Вид;Секторы;Район;E-mail;Вышестоящая организация\n' +
        `${tag}_ok;Годная строка;управление;ЖКХ;;;\n` +
        `;Без кода;управление;ЖКХ;;;\n` +
        `${tag}_x;Плохой вид;космодром;ЖКХ;;;\n` +
        `${tag}_y;Плохой сектор;управление;Космос;;;\n` +
        `${tag}_z;Терруправление без района;территориальное управление;ЖКХ;;;\n` +
        `${tag}_e;Плохая почта;управление;ЖКХ;;not-an-email;\n` +
        `${tag}_p;Нет родителя;управление;ЖКХ;;;${tag}_nobody\n` +
        `${tag}_ok;Повтор кода;управление;ЖКХ;;;\n` +
        `BAD CODE;Кириллица;управление;ЖКХ;Марсианский;;\n`,
    )
    const res = await veche(['org', 'import', bad])
    expect(res.code).toBe(2)
    expect(res.out).toMatch(
      /Справочник не загружен \(UTF-8, разделитель «;»\): строк с ошибками — 8, ничего не записано/,
    )
    for (const line of [
      /строка 3: не указан код/,
      /строка 4: неизвестный вид «космодром»/,
      /строка 5: неизвестный сектор «Космос»/,
      /строка 6: для территориального управления нужен район/,
      /строка 7: неверный e-mail «not-an-email»/,
      new RegExp(`строка 8: вышестоящая организация «${tag}_nobody» не найдена`),
      new RegExp(`строка 9: код «${tag}_ok» уже был в строке 2`),
      /строка 10: код «BAD CODE» — только латиница.*; неизвестный район «Марсианский»/,
    ])
      expect(res.out).toMatch(line)
    const written = await database.db
      .select()
      .from(units)
      .where(inArray(units.code, [`${tag}_ok`, `${tag}_p`]))
    expect(written).toEqual([])
  })

  it('refuses a missing file, an empty file and a file without the required columns', async () => {
    expect((await veche(['org', 'import', path.join(tmp, 'nope.csv')])).out).toMatch(
      /Файл «.*nope\.csv» не найден/,
    )
    const empty = path.join(tmp, 'empty.csv')
    fs.writeFileSync(empty, '')
    expect((await veche(['org', 'import', empty])).out).toMatch(/строка 1: файл пуст/)
    const noCols = path.join(tmp, 'nocols.csv')
    fs.writeFileSync(noCols, 'Название;Цвет\nА;красный\n')
    const r = await veche(['org', 'import', noCols])
    expect(r.code).toBe(2)
    expect(r.out).toMatch(/неизвестные столбцы: «Цвет»/)
    expect(r.out).toMatch(/нет столбца «Код» в заголовке/)
    expect(await database.db.select().from(units).where(eq(units.code, 'а'))).toEqual([])
  })
})
