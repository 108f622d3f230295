import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const CLI = path.resolve('bin/veche.js')
const CALENDAR = path.resolve('reference/calendar/ru.json')

/** Runs `veche …` as a real process (no database needed); never throws. */
async function veche(args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let tmp: string
const hash = () => crypto.createHash('sha256').update(fs.readFileSync(CALENDAR)).digest('hex')
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-deadline-'))
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const XML_2027 = (extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2027" lang="ru" date="2026.09.02" country="ru">
  <days>
    <day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/><day d="01.04" t="1" h="1"/>
    <day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/><day d="01.07" t="1" h="2"/><day d="01.08" t="1" h="1"/>
    <day d="02.20" t="2"/><day d="02.22" t="1" f="02.20"/><day d="02.23" t="1" h="3"/><day d="03.08" t="1" h="4"/>
    <day d="04.30" t="2"/><day d="05.01" t="1" h="5"/><day d="05.03" t="1" f="05.01"/><day d="05.09" t="1" h="6"/>
    <day d="05.10" t="1" f="05.09"/><day d="06.11" t="2"/><day d="06.12" t="1" h="7"/><day d="06.14" t="1" f="06.12"/>
    <day d="11.03" t="2"/><day d="11.04" t="1" h="8"/><day d="11.05" t="1" f="01.02"/><day d="12.31" t="1" f="01.03"/>${extra}
  </days>
</calendar>`

// Each call starts a process that compiles TypeScript on the fly (a few seconds on a busy machine).
describe('veche deadline and veche calendar as real processes', { timeout: 120_000 }, () => {
  it.each([
    // 59-ФЗ: 30 calendar days, end of the 30th day in Moscow
    [
      ['--from', '2025-03-03T12:00:00+03:00', '--calendar-days', '30'],
      '2025-04-02T23:59:59+03:00',
      /30 календарных дней/,
    ],
    // the start day is not counted; 8 working days across the May holidays of 2025
    [
      ['--from', '2025-04-29T15:00:00+03:00', '--working-days', '8'],
      '2025-05-15T23:59:59+03:00',
      /8 рабочих дней/,
    ],
    // UTC input: 21:30Z on 6 March is 00:30 on 7 March in Moscow; 8–9 March are off
    [
      ['--from', '2025-03-06T21:30:00Z', '--working-days', '1'],
      '2025-03-10T23:59:59+03:00',
      /день начала не считается/,
    ],
    // 4 working hours from Friday 16:00 → Monday 12:00
    [
      ['--from', '2025-06-06T16:00:00+03:00', '--working-hours', '4'],
      '2025-06-09T11:00:00+03:00',
      /4 рабочих часа/,
    ],
    // a last day on a Sunday moves to Monday when asked
    [
      ['--from', '2025-06-06T10:00:00+03:00', '--calendar-days', '2', '--move-off-day', 'next'],
      '2025-06-09T23:59:59+03:00',
      /переносится/,
    ],
    // the configured rules
    [
      ['--from', '2025-04-29T15:00', '--regime', 'pos'],
      '2025-05-15T23:59:59+03:00',
      /^pos-answer \(режим pos\): 8 рабочих дней\. .*domain\.md/,
    ],
    [
      ['--from', '2025-04-29T15:00', '--regime', 'pos', '--category', 'social'],
      '2025-05-19T23:59:59+03:00',
      /^pos-social \(режим pos, категория social\)/,
    ],
    [
      ['--from', '2025-03-03T12:00', '--regime', 'fz59', '--channel', 'web'],
      '2025-04-02T23:59:59+03:00',
      /^fz59-answer .*59-ФЗ ст\. 12 ч\. 1/,
    ],
    [
      ['--from', '2025-06-06T16:00', '--regime', 'incident'],
      '2025-06-09T11:00:00+03:00',
      /^incident-reaction/,
    ],
  ])('veche deadline %j', async (args, due, rule) => {
    const r = await veche(['deadline', ...args])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const out = JSON.parse(lines[0])
    expect(Object.keys(out)).toEqual(['due', 'rule'])
    expect(out.due).toBe(due)
    expect(out.rule).toMatch(rule)
  })

  it.each([
    [['--calendar-days', '30'], /Укажите начало отсчёта/],
    [['--from', 'вчера', '--calendar-days', '30'], /Неверная дата --from/],
    [['--from', '2025-02-30T10:00', '--calendar-days', '30'], /Такой даты нет/],
    [['--from', '2025-02-03T25:00', '--calendar-days', '30'], /Неверное время/],
    [['--from', '2025-02-03T10:00'], /Укажите срок/],
    [['--from', '2025-02-03T10:00', '--calendar-days', '3', '--working-days', '3'], /только один срок/],
    [['--from', '2025-02-03T10:00', '--calendar-days', '-3'], /целое положительное число/],
    [['--from', '2025-02-03T10:00', '--working-days', '1.5'], /целое положительное число/],
    [['--from', '2025-02-03T10:00', '--working-hours', 'abc'], /положительное число/],
    [['--from', '2025-02-03T10:00', '--regime', 'nonsense'], /Неизвестный режим «nonsense»/],
    [
      ['--from', '2025-02-03T10:00', '--working-days', '3', '--category', 'roads'],
      /только вместе с --regime/,
    ],
    [['--from', '2025-02-03T10:00', '--calendar-days', '3', '--move-off-day', 'later'], /none или next/],
    [['--from', '2027-12-20T10:00', '--working-days', '10'], /календарь на 2028 год не загружен/],
    [['--from', '2025-02-03T10:00', '--calendar-days', '3', '--bogus'], /неизвестный параметр --bogus/],
    [['--from'], /нужно значение/],
  ])('bad arguments %j → Russian message on stderr, exit code 2', async (args, message) => {
    const r = await veche(['deadline', ...args])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
  })

  it('calendar status names the years and their status', async () => {
    const r = await veche(['calendar', 'status'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/2026: утверждён — ПП РФ от 24\.09\.2025 № 1466/)
    expect(r.stdout).toMatch(/2027: ПРОЕКТ \(draft\)/)
  })

  it('calendar import: the same year changes nothing; a changed day is shown in a dry run; bad files write nothing', async () => {
    const before = hash()
    const same = path.join(tmp, 'same.xml')
    fs.writeFileSync(same, XML_2027())
    const r1 = await veche(['calendar', 'import', same, '--dry-run'])
    expect(r1.code, r1.stderr).toBe(0)
    expect(r1.stdout).toMatch(/2027 год: изменений нет/)

    const changed = path.join(tmp, 'changed.xml')
    fs.writeFileSync(changed, XML_2027('<day d="07.06" t="1"/>'))
    const r2 = await veche(['calendar', 'import', changed, '--dry-run'])
    expect(r2.code, r2.stderr).toBe(0)
    expect(r2.stdout).toMatch(/нерабочие дни: \+ 2027-07-06/)
    expect(r2.stdout).toMatch(/рабочих дней: 247 → 246/)
    expect(r2.stdout).toMatch(/Файл не изменён/)

    const cases: [string, RegExp][] = [
      ['<calendar', /не является XML|нет элемента/],
      ['<html><body>нет</body></html>', /нет элемента <calendar/],
      [XML_2027().replace('year="2027"', 'year="20x7"'), /Неверный год в файле: «20x7»/],
      [XML_2027().replace('year="2027"', 'year="1812"'), /Неверный год/],
      [XML_2027('<day d="02.30" t="1"/>'), /Несуществующая дата «02\.30»/],
      [XML_2027('<day d="07.07" t="9"/>'), /неизвестный тип t="9"/],
      [XML_2027('<day d="07.05" t="3"/>'), /не суббота и не воскресенье/],
    ]
    for (const [text, message] of cases) {
      const f = path.join(tmp, `bad-${crypto.randomBytes(4).toString('hex')}.xml`)
      fs.writeFileSync(f, text)
      const r = await veche(['calendar', 'import', f])
      expect(r.code, `${text}\n${r.stdout}`).toBe(2)
      expect(r.stderr).toMatch(message)
    }
    const missing = await veche(['calendar', 'import', path.join(tmp, 'nope.xml')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/Не удалось прочитать файл/)
    expect(hash()).toBe(before)
  })
})
