import { describe, expect, it } from 'vitest'
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  type DayKind,
  dayKind,
  isWorkingDay,
  loadCalendar,
  workingDaysBetween,
} from './calendar'

const cal = loadCalendar()

/** A Moscow wall-clock moment, e.g. msk('2025-03-07 16:00'). */
const msk = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+03:00`)
/** Renders an instant as Moscow wall-clock time, 'YYYY-MM-DD HH:mm:ss.SSS'. */
const fmt = (d: Date): string =>
  new Date(d.getTime() + 3 * 3_600_000).toISOString().slice(0, 23).replace('T', ' ')

function* daysOf(year: number): Generator<string> {
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10)
  }
}

// Official totals for a 40-hour week (ПП 1314, 1335, 1466; 2027 from the draft), independent of the data file.
const OFFICIAL = {
  2024: { working: 248, off: 118, short: 5, hours: 1979 },
  2025: { working: 247, off: 118, short: 4, hours: 1972 },
  2026: { working: 247, off: 118, short: 4, hours: 1972 },
  2027: { working: 247, off: 118, short: 4, hours: 1972 },
} as const

// Non-working weekdays (Mon–Fri) of each year, typed from the decrees, not from the data file.
const OFF_WEEKDAYS: Record<number, string[]> = {
  2024: [
    '2024-01-01',
    '2024-01-02',
    '2024-01-03',
    '2024-01-04',
    '2024-01-05',
    '2024-01-08',
    '2024-02-23',
    '2024-03-08',
    '2024-04-29',
    '2024-04-30',
    '2024-05-01',
    '2024-05-09',
    '2024-05-10',
    '2024-06-12',
    '2024-11-04',
    '2024-12-30',
    '2024-12-31',
  ],
  2025: [
    '2025-01-01',
    '2025-01-02',
    '2025-01-03',
    '2025-01-06',
    '2025-01-07',
    '2025-01-08',
    '2025-05-01',
    '2025-05-02',
    '2025-05-08',
    '2025-05-09',
    '2025-06-12',
    '2025-06-13',
    '2025-11-03',
    '2025-11-04',
    '2025-12-31',
  ],
  2026: [
    '2026-01-01',
    '2026-01-02',
    '2026-01-05',
    '2026-01-06',
    '2026-01-07',
    '2026-01-08',
    '2026-01-09',
    '2026-02-23',
    '2026-03-09',
    '2026-05-01',
    '2026-05-11',
    '2026-06-12',
    '2026-11-04',
    '2026-12-31',
  ],
  2027: [
    '2027-01-01',
    '2027-01-04',
    '2027-01-05',
    '2027-01-06',
    '2027-01-07',
    '2027-01-08',
    '2027-02-22',
    '2027-02-23',
    '2027-03-08',
    '2027-05-03',
    '2027-05-10',
    '2027-06-14',
    '2027-11-04',
    '2027-11-05',
    '2027-12-31',
  ],
}
const WORKING_WEEKENDS: Record<number, string[]> = {
  2024: ['2024-04-27', '2024-11-02', '2024-12-28'],
  2025: ['2025-11-01'],
  2026: [],
  2027: ['2027-02-20'],
}
const SHORT_DAYS: Record<number, string[]> = {
  2024: ['2024-02-22', '2024-03-07', '2024-05-08', '2024-06-11', '2024-11-02'],
  2025: ['2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01'],
  2026: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
  2027: ['2027-02-20', '2027-04-30', '2027-06-11', '2027-11-03'],
}

describe('data file: every day of 2024–2027', () => {
  for (const year of [2024, 2025, 2026, 2027] as const) {
    it(`${year}: totals match the official calendar (${OFFICIAL[year].working} working days)`, () => {
      const counts: Record<DayKind, number> = { working: 0, short: 0, weekend: 0, holiday: 0 }
      let days = 0
      for (const d of daysOf(year)) {
        counts[dayKind(cal, d)]++
        days++
      }
      const working = counts.working + counts.short
      expect(working).toBe(OFFICIAL[year].working)
      expect(days - working).toBe(OFFICIAL[year].off)
      expect(counts.short).toBe(OFFICIAL[year].short)
      expect(working * 8 - counts.short).toBe(OFFICIAL[year].hours)
    })

    it(`${year}: each day has the kind the decree gives it`, () => {
      const offWeekdays = new Set(OFF_WEEKDAYS[year])
      const workingWeekends = new Set(WORKING_WEEKENDS[year])
      const shorts = new Set(SHORT_DAYS[year])
      for (const d of daysOf(year)) {
        const weekend = [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())
        const expectedWorking = weekend ? workingWeekends.has(d) : !offWeekdays.has(d)
        expect(isWorkingDay(cal, d), d).toBe(expectedWorking)
        expect(dayKind(cal, d) === 'short', d).toBe(shorts.has(d))
        expect(isWorkingDay(cal, d), d).toBe(['working', 'short'].includes(dayKind(cal, d)))
      }
    })

    it(`${year}: the ТК РФ ст. 112 holidays are non-working days`, () => {
      const fixed = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08']
      for (const md of [...fixed, '02-23', '03-08', '05-01', '05-09', '06-12', '11-04']) {
        expect(dayKind(cal, `${year}-${md}`), `${year}-${md}`).toBe('holiday')
      }
    })
  }

  it('marks 2027 as a draft and the others as approved decrees', () => {
    expect(cal.years.get(2027)?.status).toBe('draft')
    expect(cal.years.get(2024)?.source).toContain('№ 1314')
    expect(cal.years.get(2025)?.source).toContain('№ 1335')
    expect(cal.years.get(2026)?.source).toContain('№ 1466')
    for (const y of [2024, 2025, 2026]) expect(cal.years.get(y)?.status).toBe('approved')
    expect([...cal.years.keys()].sort()).toEqual([2024, 2025, 2026, 2027])
  })

  it('keeps the default working hours in the data file', () => {
    expect(cal.workday).toEqual({ start: 540, end: 1080, lunchStart: 780, lunchEnd: 840, shortDayEnd: 1020 })
  })
})

describe('dayKind / isWorkingDay', () => {
  it.each([
    '2025-05-02',
    '2025-05-08',
    '2025-06-13',
    '2025-11-03',
    '2025-12-31',
    '2026-01-09',
    '2026-03-09',
    '2026-05-11',
    '2026-12-31',
    '2027-02-22',
    '2024-04-29',
    '2024-12-30',
  ])('transferred day off %s is a holiday', (d) => {
    expect(dayKind(cal, d)).toBe('holiday')
    expect(isWorkingDay(cal, d)).toBe(false)
  })

  it('working weekend days', () => {
    expect(dayKind(cal, '2027-02-20')).toBe('short')
    expect(dayKind(cal, '2025-11-01')).toBe('short')
    expect(dayKind(cal, '2024-11-02')).toBe('short')
    expect(dayKind(cal, '2024-04-27')).toBe('working')
    expect(dayKind(cal, '2024-12-28')).toBe('working')
    expect(isWorkingDay(cal, '2027-02-20')).toBe(true)
  })

  it('plain days, and a holiday that falls on a weekend', () => {
    expect(dayKind(cal, '2025-07-15')).toBe('working')
    expect(dayKind(cal, '2025-07-19')).toBe('weekend')
    expect(dayKind(cal, '2025-07-20')).toBe('weekend')
    expect(dayKind(cal, '2025-01-04')).toBe('holiday')
    expect(dayKind(cal, '2026-03-08')).toBe('holiday')
    expect(dayKind(cal, '2025-03-07')).toBe('short')
  })

  it('rejects malformed and impossible dates in Russian', () => {
    expect(() => isWorkingDay(cal, '2025-02-29')).toThrow(/Некорректная дата «2025-02-29»/)
    expect(() => dayKind(cal, '01.05.2025')).toThrow(/ГГГГ-ММ-ДД/)
    expect(() => dayKind(cal, '2025-5-1')).toThrow(/Некорректная дата/)
    expect(isWorkingDay(cal, '2024-02-29')).toBe(true)
  })

  it('throws a Russian error naming a year outside the data', () => {
    expect(() => isWorkingDay(cal, '2029-01-01')).toThrow(
      'Производственный календарь на 2029 год не загружен',
    )
    expect(() => dayKind(cal, '2023-12-31')).toThrow('Производственный календарь на 2023 год не загружен')
    expect(() => dayKind(cal, '2028-06-01')).toThrow('на 2028 год не загружен')
  })
})

describe('addWorkingDays', () => {
  it.each([
    ['2023-12-29 10:00', 'throws'],
    ['2024-12-27 10:00', '2024-12-28 23:59:59.999'], // working Saturday
    ['2024-12-28 10:00', '2025-01-09 23:59:59.999'],
    ['2025-12-30 10:00', '2026-01-12 23:59:59.999'],
    ['2026-12-30 10:00', '2027-01-11 23:59:59.999'],
  ])('New Year: %s + 1 working day → %s', (from, due) => {
    if (due === 'throws') {
      expect(() => addWorkingDays(cal, msk(from), 1)).toThrow(
        'Производственный календарь на 2023 год не загружен',
      )
    } else {
      expect(fmt(addWorkingDays(cal, msk(from), 1))).toBe(due)
    }
  })

  it('New Year 2027 → 2028 throws, since 2028 is not loaded yet', () => {
    expect(() => addWorkingDays(cal, msk('2027-12-30 10:00'), 1)).toThrow(
      'Производственный календарь на 2028 год не загружен',
    )
  })

  it.each([
    ['2025-04-30 10:00', 1, '2025-05-05 23:59:59.999'],
    ['2025-05-07 10:00', 1, '2025-05-12 23:59:59.999'],
    ['2025-06-11 10:00', 1, '2025-06-16 23:59:59.999'],
    ['2025-11-01 10:00', 1, '2025-11-05 23:59:59.999'],
    ['2026-03-06 10:00', 1, '2026-03-10 23:59:59.999'],
    ['2026-05-08 10:00', 1, '2026-05-12 23:59:59.999'],
    ['2027-02-20 10:00', 1, '2027-02-24 23:59:59.999'],
    ['2025-04-28 10:00', 10, '2025-05-16 23:59:59.999'],
  ])('transferred days: %s + %i → %s', (from, n, due) => {
    expect(fmt(addWorkingDays(cal, msk(from), n))).toBe(due)
  })

  it.each([
    ['2025-03-06 10:00', '2025-03-07 23:59:59.999'],
    ['2025-10-31 10:00', '2025-11-01 23:59:59.999'], // working Saturday, shortened before 3–4 Nov
    ['2027-02-19 10:00', '2027-02-20 23:59:59.999'],
    ['2026-11-02 10:00', '2026-11-03 23:59:59.999'],
  ])(
    'a shortened last day still ends at midnight (the 17:00 end matters only for working hours): %s + 1 → %s',
    (from, due) => {
      expect(fmt(addWorkingDays(cal, msk(from), 1))).toBe(due)
    },
  )

  it('month and year edges', () => {
    expect(fmt(addWorkingDays(cal, msk('2025-01-31 10:00'), 1))).toBe('2025-02-03 23:59:59.999')
    expect(fmt(addWorkingDays(cal, msk('2024-02-28 10:00'), 1))).toBe('2024-02-29 23:59:59.999')
    expect(fmt(addWorkingDays(cal, msk('2025-02-27 10:00'), 2))).toBe('2025-03-03 23:59:59.999')
    expect(fmt(addWorkingDays(cal, msk('2024-12-26 10:00'), 3))).toBe('2025-01-09 23:59:59.999')
  })

  it('does not count the start day, even if it is a day off or ends late', () => {
    expect(fmt(addWorkingDays(cal, msk('2025-06-14 12:00'), 1))).toBe('2025-06-16 23:59:59.999')
    expect(fmt(addWorkingDays(cal, msk('2025-07-14 23:30'), 1))).toBe('2025-07-15 23:59:59.999')
    expect(fmt(addWorkingDays(cal, msk('2025-07-14 08:00'), 1))).toBe('2025-07-15 23:59:59.999')
  })

  it('takes the start day in Moscow time, not UTC', () => {
    // 21:30 UTC on 6 March is 00:30 MSK on 7 March, so the start day is the 7th; 8–9 March are off.
    expect(fmt(addWorkingDays(cal, new Date('2025-03-06T21:30:00Z'), 1))).toBe('2025-03-10 23:59:59.999')
    expect(addWorkingDays(cal, msk('2025-07-14 10:00'), 1).toISOString()).toBe('2025-07-15T20:59:59.999Z')
  })

  it('ПОС SLA of 8 working days across May holidays', () => {
    expect(fmt(addWorkingDays(cal, msk('2025-04-29 15:00'), 8))).toBe('2025-05-15 23:59:59.999')
  })

  it('rejects non-positive and fractional counts', () => {
    expect(() => addWorkingDays(cal, msk('2025-07-14 10:00'), 0)).toThrow(RangeError)
    expect(() => addWorkingDays(cal, msk('2025-07-14 10:00'), -1)).toThrow(/целым числом не меньше 1/)
    expect(() => addWorkingDays(cal, msk('2025-07-14 10:00'), 1.5)).toThrow(RangeError)
    expect(() => addWorkingDays(cal, new Date('nonsense'), 1)).toThrow(/Invalid Date/)
  })
})

describe('addWorkingHours', () => {
  it.each([
    ['across a weekend', '2025-06-06 17:00', 2, '2025-06-09 10:00:00.000'],
    ['across lunch', '2025-07-14 12:30', 1, '2025-07-14 14:30:00.000'],
    ['starting in lunch', '2025-07-14 13:20', 1, '2025-07-14 15:00:00.000'],
    ['starting before opening', '2025-07-14 07:00', 1, '2025-07-14 10:00:00.000'],
    ['starting after closing', '2025-07-14 19:00', 1, '2025-07-15 10:00:00.000'],
    ['starting on a Saturday', '2025-07-19 11:00', 1, '2025-07-21 10:00:00.000'],
    ['a whole day ends at 18:00, not next morning', '2025-07-14 09:00', 8, '2025-07-14 18:00:00.000'],
    ['ends exactly at lunch', '2025-07-14 12:00', 1, '2025-07-14 13:00:00.000'],
    ['two full days', '2025-07-14 09:00', 16, '2025-07-15 18:00:00.000'],
    ['fractional hours', '2025-07-14 17:45', 0.5, '2025-07-15 09:15:00.000'],
    ['a short day has 7 hours', '2025-03-07 09:00', 7, '2025-03-07 17:00:00.000'],
    ['a short day ends at 17:00', '2025-03-07 16:00', 2, '2025-03-10 10:00:00.000'],
    ['after 17:00 on a short day', '2025-04-30 17:30', 1, '2025-05-05 10:00:00.000'],
    ['ИМ 4-hour SLA across New Year', '2025-12-30 16:00', 4, '2026-01-12 11:00:00.000'],
    ['working Saturday', '2024-12-27 17:00', 2, '2024-12-28 10:00:00.000'],
    ['40 hours = one plain week', '2025-07-14 09:00', 40, '2025-07-18 18:00:00.000'],
  ])('%s: %s + %d h → %s', (_name, from, hours, due) => {
    expect(fmt(addWorkingHours(cal, msk(from), hours))).toBe(due)
  })

  it('zero hours gives the next working moment', () => {
    expect(fmt(addWorkingHours(cal, msk('2025-07-14 10:00'), 0))).toBe('2025-07-14 10:00:00.000')
    expect(fmt(addWorkingHours(cal, msk('2025-07-14 13:00'), 0))).toBe('2025-07-14 14:00:00.000')
    expect(fmt(addWorkingHours(cal, msk('2025-07-18 18:00'), 0))).toBe('2025-07-21 09:00:00.000')
  })

  it('keeps seconds of the start', () => {
    const from = new Date('2025-07-14T10:15:42.123+03:00')
    expect(fmt(addWorkingHours(cal, from, 1))).toBe('2025-07-14 11:15:42.123')
  })

  it('rejects negative or non-finite hours and a missing year', () => {
    expect(() => addWorkingHours(cal, msk('2025-07-14 10:00'), -1)).toThrow(RangeError)
    expect(() => addWorkingHours(cal, msk('2025-07-14 10:00'), Number.NaN)).toThrow(/неотрицательным/)
    expect(() => addWorkingHours(cal, msk('2027-12-30 17:00'), 2)).toThrow(
      'Производственный календарь на 2028 год не загружен',
    )
  })
})

describe('addCalendarDays (59-ФЗ ст. 12)', () => {
  it('30 days from registration end at 23:59:59.999 MSK of the 30th day', () => {
    const due = addCalendarDays(cal, msk('2025-03-03 10:00'), 30)
    expect(fmt(due)).toBe('2025-04-02 23:59:59.999')
    expect(due.toISOString()).toBe('2025-04-02T20:59:59.999Z')
  })

  it('counts calendar days, holidays included', () => {
    expect(fmt(addCalendarDays(cal, msk('2024-12-20 12:00'), 30))).toBe('2025-01-19 23:59:59.999')
    expect(fmt(addCalendarDays(cal, msk('2024-01-31 12:00'), 30))).toBe('2024-03-01 23:59:59.999') // leap year
    expect(fmt(addCalendarDays(cal, msk('2025-12-15 12:00'), 30))).toBe('2026-01-14 23:59:59.999')
  })

  it('takes the registration day in Moscow time', () => {
    expect(fmt(addCalendarDays(cal, new Date('2025-03-02T21:30:00Z'), 30))).toBe('2025-04-02 23:59:59.999')
    expect(fmt(addCalendarDays(cal, new Date('2025-03-02T20:59:59Z'), 30))).toBe('2025-04-01 23:59:59.999')
  })

  it.each([
    // registered, due day, none, next, previous
    ['2025-01-31 10:00', '2025-03-02 23:59:59.999', '2025-03-03 23:59:59.999', '2025-02-28 23:59:59.999'], // Sunday
    ['2025-04-08 10:00', '2025-05-08 23:59:59.999', '2025-05-12 23:59:59.999', '2025-05-07 23:59:59.999'], // transferred
    ['2025-12-01 10:00', '2025-12-31 23:59:59.999', '2026-01-12 23:59:59.999', '2025-12-30 23:59:59.999'], // New Year
    ['2026-12-09 10:00', '2027-01-08 23:59:59.999', '2027-01-11 23:59:59.999', '2026-12-30 23:59:59.999'],
    ['2027-01-21 10:00', '2027-02-20 23:59:59.999', '2027-02-20 23:59:59.999', '2027-02-20 23:59:59.999'], // working Sat
    ['2025-06-04 10:00', '2025-07-04 23:59:59.999', '2025-07-04 23:59:59.999', '2025-07-04 23:59:59.999'], // working day
  ])('registered %s: none → %s, next → %s, previous → %s', (from, none, next, previous) => {
    expect(fmt(addCalendarDays(cal, msk(from), 30))).toBe(none)
    expect(fmt(addCalendarDays(cal, msk(from), 30, { moveOffDay: 'none' }))).toBe(none)
    expect(fmt(addCalendarDays(cal, msk(from), 30, { moveOffDay: 'next' }))).toBe(next)
    expect(fmt(addCalendarDays(cal, msk(from), 30, { moveOffDay: 'previous' }))).toBe(previous)
  })

  it('an extension adds at most 30 more days to the original due date (ст. 12 ч. 2)', () => {
    const due = addCalendarDays(cal, msk('2025-03-03 10:00'), 30)
    expect(fmt(addCalendarDays(cal, due, 30))).toBe('2025-05-02 23:59:59.999')
    expect(fmt(addCalendarDays(cal, due, 30, { moveOffDay: 'previous' }))).toBe('2025-04-30 23:59:59.999')
  })

  it('0 days is the end of the same day; 7 days for a redirect (ст. 8 ч. 3)', () => {
    expect(fmt(addCalendarDays(cal, msk('2025-07-14 10:00'), 0))).toBe('2025-07-14 23:59:59.999')
    expect(fmt(addCalendarDays(cal, msk('2025-07-14 10:00'), 7))).toBe('2025-07-21 23:59:59.999')
  })

  it('needs the calendar only to move an off day', () => {
    expect(fmt(addCalendarDays(cal, msk('2027-12-15 10:00'), 30))).toBe('2028-01-14 23:59:59.999')
    expect(() => addCalendarDays(cal, msk('2027-12-15 10:00'), 30, { moveOffDay: 'next' })).toThrow(
      'Производственный календарь на 2028 год не загружен',
    )
    expect(() => addCalendarDays(cal, msk('2024-01-01 10:00'), 0, { moveOffDay: 'previous' })).toThrow(
      'Производственный календарь на 2023 год не загружен',
    )
  })

  it('rejects negative and fractional counts', () => {
    expect(() => addCalendarDays(cal, msk('2025-07-14 10:00'), -1)).toThrow(RangeError)
    expect(() => addCalendarDays(cal, msk('2025-07-14 10:00'), 2.5)).toThrow(/целым числом не меньше 0/)
  })
})

describe('workingDaysBetween', () => {
  it('counts days after `from` up to and including `to`', () => {
    expect(workingDaysBetween(cal, msk('2025-07-14 10:00'), msk('2025-07-14 17:00'))).toBe(0)
    expect(workingDaysBetween(cal, msk('2025-07-14 10:00'), msk('2025-07-15 08:00'))).toBe(1)
    expect(workingDaysBetween(cal, msk('2025-07-11 10:00'), msk('2025-07-14 10:00'))).toBe(1)
    expect(workingDaysBetween(cal, msk('2025-12-30 10:00'), msk('2026-01-12 10:00'))).toBe(1)
    expect(workingDaysBetween(cal, msk('2025-04-30 10:00'), msk('2025-05-12 10:00'))).toBe(4)
  })

  it('is negative when `to` is earlier', () => {
    expect(workingDaysBetween(cal, msk('2026-01-12 10:00'), msk('2025-12-30 10:00'))).toBe(-1)
  })

  it('a whole year gives the official total', () => {
    expect(workingDaysBetween(cal, msk('2024-12-31 12:00'), msk('2025-12-31 12:00'))).toBe(247)
    expect(workingDaysBetween(cal, msk('2025-12-31 12:00'), msk('2026-12-31 12:00'))).toBe(247)
    expect(workingDaysBetween(cal, msk('2026-12-31 12:00'), msk('2027-12-31 12:00'))).toBe(247)
  })

  it('is the inverse of addWorkingDays for every start day of 2024–2027', () => {
    let checked = 0
    for (const year of [2024, 2025, 2026, 2027]) {
      for (const d of daysOf(year)) {
        const from = msk(`${d} 11:00`)
        for (const n of [1, 5, 30]) {
          let due: Date
          try {
            due = addWorkingDays(cal, from, n)
          } catch (e) {
            // Only the last days of 2027 may run into the unloaded 2028.
            expect((e as Error).message).toContain('2028')
            continue
          }
          expect(workingDaysBetween(cal, from, due)).toBe(n)
          expect(isWorkingDay(cal, fmt(due).slice(0, 10))).toBe(true)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(4000)
  })

  it('throws for a span that leaves the data', () => {
    expect(() => workingDaysBetween(cal, msk('2027-12-01 10:00'), msk('2028-01-20 10:00'))).toThrow('2028')
  })
})

describe('loadCalendar overrides', () => {
  it('an override wins over the file', () => {
    const c = loadCalendar([
      { date: '2025-05-05', kind: 'holiday' }, // a plain Monday made a day off
      { date: '2025-05-02', kind: 'working' }, // a transferred day off made working
      { date: '2025-07-04', kind: 'short' },
      { date: '2025-07-19', kind: 'working' }, // a plain Saturday
      { date: '2025-03-07', kind: 'working' }, // a short day made a full one
    ])
    expect(dayKind(c, '2025-05-05')).toBe('holiday')
    expect(dayKind(c, '2025-05-02')).toBe('working')
    expect(dayKind(c, '2025-07-19')).toBe('working')
    expect(fmt(addWorkingDays(c, msk('2025-04-30 10:00'), 1))).toBe('2025-05-02 23:59:59.999')
    expect(fmt(addWorkingDays(c, msk('2025-05-02 10:00'), 1))).toBe('2025-05-06 23:59:59.999')
    expect(fmt(addWorkingHours(c, msk('2025-07-04 16:00'), 1))).toBe('2025-07-04 17:00:00.000')
    expect(fmt(addWorkingHours(c, msk('2025-03-07 17:00'), 1))).toBe('2025-03-07 18:00:00.000')
    expect(fmt(addWorkingHours(c, msk('2025-07-18 17:00'), 2))).toBe('2025-07-19 10:00:00.000')
    expect(fmt(addCalendarDays(c, msk('2025-04-05 10:00'), 30, { moveOffDay: 'next' }))).toBe(
      '2025-05-06 23:59:59.999',
    )
  })

  it('does not leak into other loaded calendars', () => {
    loadCalendar([{ date: '2025-05-05', kind: 'holiday' }])
    expect(dayKind(loadCalendar(), '2025-05-05')).toBe('working')
    expect(dayKind(cal, '2025-05-05')).toBe('working')
  })

  it('rejects bad override rows loudly', () => {
    expect(() => loadCalendar([{ date: '2025-13-01', kind: 'holiday' }])).toThrow(/Некорректная дата/)
    expect(() => loadCalendar([{ date: '2029-01-09', kind: 'working' }])).toThrow(
      'Переопределение на 2029-01-09: Производственный календарь на 2029 год не загружен',
    )
    expect(() =>
      loadCalendar([
        { date: '2025-05-05', kind: 'holiday' },
        { date: '2025-05-05', kind: 'working' },
      ]),
    ).toThrow(/Противоречивые переопределения на 2025-05-05/)
    expect(() => loadCalendar([{ date: '2025-05-05', kind: 'vacation' as 'holiday' }])).toThrow(
      /неизвестный вид дня/,
    )
  })
})
