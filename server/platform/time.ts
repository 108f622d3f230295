/** Moscow is UTC+3 with no DST since 2014: the city's day boundaries are fixed offsets. */
const MSK_OFFSET_MS = 3 * 3_600_000

/** 'YYYY-MM-DD' of an instant in Europe/Moscow. */
export const moscowDate = (d: Date) => new Date(d.getTime() + MSK_OFFSET_MS).toISOString().slice(0, 10)

/** The year of an instant in Europe/Moscow. */
export const moscowYear = (d: Date) => Number(moscowDate(d).slice(0, 4))

/** Midnight (start of day) in Moscow of the day that contains `d`, as a UTC instant. */
export function startOfMoscowDay(d: Date): Date {
  return new Date(`${moscowDate(d)}T00:00:00+03:00`)
}
