import fs from 'node:fs'
import { z } from 'zod'
import { dayKind, isWorkingDay, type ProductionCalendar } from '../calendar/calendar'

/*
 * The escalation ladder (reference/escalation.json) and when each of its steps becomes due: pure functions
 * over the production calendar. The same rules are SQL in the escalation queue (migration 0013, view
 * escalation_point over the calendar mirror calendar_day), checked against stepPoint by tests/escalation-queue.test.ts.
 */

const MSK_OFFSET_MS = 3 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** Who a step notifies: the executor unit's users, the unit head, the curating deputy of the sector. */
export const STEP_TARGETS = ['executors', 'unit_head', 'deputy'] as const
export type StepTarget = (typeof STEP_TARGETS)[number]

const ZAt = z
  .object({
    share: z
      .number('доля срока — число')
      .gt(0, 'доля срока — больше 0')
      .lt(1, 'доля срока — меньше 1 (истечение срока — это шаг overdueWorkingDays: 0)')
      .optional(),
    workingDaysLeft: z
      .number('число рабочих дней — целое')
      .int('число рабочих дней — целое')
      .min(1, 'рабочих дней до срока — не меньше 1')
      .max(30, 'рабочих дней до срока — не больше 30')
      .optional(),
    overdueWorkingDays: z
      .number('число рабочих дней — целое')
      .int('число рабочих дней — целое')
      .min(0, 'рабочих дней просрочки — не меньше 0')
      .max(30, 'рабочих дней просрочки — не больше 30')
      .optional(),
  })
  .strict()
  .refine((a) => Object.values(a).filter((v) => v !== undefined).length === 1, {
    message: 'укажите ровно одно из: share, workingDaysLeft, overdueWorkingDays',
  })
  .transform(
    (a) =>
      (a.share !== undefined
        ? { share: a.share }
        : a.workingDaysLeft !== undefined
          ? { workingDaysLeft: a.workingDaysLeft }
          : { overdueWorkingDays: a.overdueWorkingDays as number }) as StepAt,
  )

/** When a step falls due: a share of the term, working days left before the due day, or working days after it. */
export type StepAt = { share: number } | { workingDaysLeft: number } | { overdueWorkingDays: number }

const ZStep = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, 'код шага — латиница, цифры и _, до 31 символа'),
    at: ZAt,
    to: z.enum(STEP_TARGETS, 'получатель — executors, unit_head или deputy'),
    title: z.string().trim().min(3, 'нужен заголовок уведомления').max(120),
    reason: z.string().trim().min(10, 'у шага должна быть причина со ссылкой на норму').max(1000),
  })
  .strict()

const ZLadder = z
  .object({
    description: z.string().min(1),
    steps: z.array(ZStep).min(1, 'в лестнице нет ни одного шага'),
    digest: z.object({
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'время сводки — ЧЧ:ММ по Москве'),
      description: z.string().optional(),
    }),
    manual: z.object({
      minIntervalMinutes: z.number().int().min(1, 'интервал ручных напоминаний — от 1 минуты').max(1440),
      description: z.string().optional(),
    }),
    urgent: z.object({
      followUpMinutes: z
        .number('через сколько минут напомнить о неоткрытом срочном — целое число')
        .int('через сколько минут напомнить о неоткрытом срочном — целое число')
        .min(5, 'повторное уведомление о срочном — не раньше чем через 5 минут')
        .max(1440, 'повторное уведомление о срочном — не позже чем через 1440 минут (сутки)'),
      description: z.string().optional(),
    }),
  })
  .strict()

export type LadderStep = z.infer<typeof ZStep>
export type Ladder = z.infer<typeof ZLadder> & { digestMinute: number }

/** Order of a step on the time line: before the deadline (shares, then days left), then after it. */
function rank(step: LadderStep): [number, number] {
  const at = step.at
  if ('share' in at) return [0, at.share]
  if ('workingDaysLeft' in at) return [1, -at.workingDaysLeft]
  return [2, at.overdueWorkingDays]
}

/** Validates a ladder; every problem is one Russian line. Steps must be in time order with unique codes. */
export function parseLadder(raw: unknown, source = 'reference/escalation.json'): Ladder {
  const parsed = ZLadder.safeParse(raw)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(файл)'}: ${i.message}`)
    throw new Error(`Лестница эскалации (${source}) неверна:\n${lines.join('\n')}`)
  }
  const ladder = parsed.data
  const problems: string[] = []
  const seen = new Set<string>()
  ladder.steps.forEach((s, i) => {
    if (seen.has(s.code)) problems.push(`  steps.${i}.code: шаг «${s.code}» повторяется`)
    seen.add(s.code)
    if (i > 0) {
      const [a, b] = [rank(ladder.steps[i - 1]), rank(s)]
      if (a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1])) {
        problems.push(
          `  steps.${i}: шаг «${s.code}» должен наступать позже шага «${ladder.steps[i - 1].code}» — перечислите шаги по порядку времени`,
        )
      }
    }
  })
  if (problems.length > 0) {
    throw new Error(`Лестница эскалации (${source}) неверна:\n${problems.join('\n')}`)
  }
  const [h, m] = ladder.digest.time.split(':').map(Number)
  return { ...ladder, digestMinute: h * 60 + m }
}

let loaded: Ladder | undefined

/** The ladder from reference/escalation.json, read and validated once (a bad file stops the start). */
export function loadLadder(): Ladder {
  if (!loaded) {
    const file = new URL('../../../reference/escalation.json', import.meta.url)
    let raw: unknown
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch (err) {
      throw new Error(
        `Лестница эскалации: не удалось прочитать reference/escalation.json: ${(err as Error).message}`,
      )
    }
    loaded = parseLadder(raw)
  }
  return loaded
}

// ---- Moscow days (fixed +03:00 since 2014, as in calendar.ts) ----

const dayOf = (t: Date) => Math.floor((t.getTime() + MSK_OFFSET_MS) / DAY_MS)
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)
const at = (day: number, minute: number) => new Date(day * DAY_MS + minute * 60_000 - MSK_OFFSET_MS)
const endOf = (day: number) => new Date(at(day + 1, 0).getTime() - 1)
const working = (cal: ProductionCalendar, day: number) => isWorkingDay(cal, isoOf(day))
const workStart = (cal: ProductionCalendar) => cal.workday.start

/** 09:00 of the n-th working day counted back from `day` (the day itself counts when it is a working day). */
function nthLastWorkingStart(cal: ProductionCalendar, day: number, n: number): Date {
  let d = day + 1
  for (let left = n; left > 0; ) {
    d--
    if (working(cal, d)) left--
  }
  return at(d, workStart(cal))
}

/**
 * The moment a step falls due for one appeal:
 * - `share` s: registration + s × (due − registration);
 * - `workingDaysLeft` n: the start of working time (09:00 MSK) of the n-th last working day up to the due day
 *   (the due day counts when it is a working day), so «1 рабочий день» is the morning of the last working day;
 * - `overdueWorkingDays` 0: the due moment itself; n ≥ 1: the end of the n-th working day after the due day.
 */
export function stepPoint(
  cal: ProductionCalendar,
  step: Pick<LadderStep, 'at'>,
  appeal: { registeredAt: Date; dueAt: Date },
): Date {
  const a = step.at
  if ('share' in a) {
    const r = appeal.registeredAt.getTime()
    return new Date(r + a.share * (appeal.dueAt.getTime() - r))
  }
  if ('workingDaysLeft' in a) return nthLastWorkingStart(cal, dayOf(appeal.dueAt), a.workingDaysLeft)
  if (a.overdueWorkingDays === 0) return appeal.dueAt
  return endOfNthWorkingDayAfter(cal, dayOf(appeal.dueAt), a.overdueWorkingDays)
}

/** The end of working time (18:00, 17:00 on a shortened day — ТК РФ ст. 95) of the n-th working day after `day`. */
function endOfNthWorkingDayAfter(cal: ProductionCalendar, day: number, n: number): Date {
  let d = day
  for (let left = n; left > 0; ) {
    d++
    if (working(cal, d)) left--
  }
  const short = dayKind(cal, isoOf(d)) === 'short'
  return at(d, short ? cal.workday.shortDayEnd : cal.workday.end)
}

/** The latest step due at `now` for one appeal (earlier ones are skipped: only the latest is sent), or null. */
export function dueStep(
  cal: ProductionCalendar,
  ladder: Pick<Ladder, 'steps'>,
  appeal: { registeredAt: Date; dueAt: Date },
  now: Date,
): LadderStep | null {
  for (let i = ladder.steps.length - 1; i >= 0; i--) {
    if (stepPoint(cal, ladder.steps[i], appeal).getTime() <= now.getTime()) return ladder.steps[i]
  }
  return null
}

/** The board's and the digest's windows: overdue before `now`; today until midnight; «завтра» until the end of the next working day. */
export function controlWindows(cal: ProductionCalendar, now: Date): { todayEnd: Date; tomorrowEnd: Date } {
  const today = dayOf(now)
  let next = today + 1
  while (!working(cal, next)) next++
  return { todayEnd: endOf(today), tomorrowEnd: endOf(next) }
}

/** Whether the Moscow date of `now` is a working day and the clock has passed `minute` (digest time). */
export function digestDue(cal: ProductionCalendar, now: Date, minute: number): boolean {
  const day = dayOf(now)
  return working(cal, day) && now.getTime() >= at(day, minute).getTime()
}

/** The Moscow date 'YYYY-MM-DD' of an instant (the digest's day key). */
export const moscowDay = (now: Date) => isoOf(dayOf(now))
