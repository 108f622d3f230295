import { iso, presentListItem } from '../appeals/appeals.presenter'
import { type Board, lateness } from './control.service'

/** The board as the API returns it: list rows are the registry's masked rows plus lateness and the last manual action. */
export function presentBoard(board: Board, now: Date) {
  return {
    summary: board.summary,
    windows: { todayEnd: iso(board.windows.todayEnd), tomorrowEnd: iso(board.windows.tomorrowEnd) },
    byUnit: board.byUnit.map((u) => ({
      unit: u.unitId ? { id: u.unitId, shortName: u.name ?? String(u.unitId) } : null,
      overdue: u.overdue,
      today: u.today,
      tomorrow: u.tomorrow,
    })),
    bySector: board.bySector.map((s) => ({
      sector: s.code ? { code: s.code, name: s.name ?? s.code } : null,
      overdue: s.overdue,
      today: s.today,
      tomorrow: s.tomorrow,
    })),
    total: board.total,
    items: board.items.map((v) => {
      const last = board.lastManual.get(v.appeal.id)
      return {
        ...presentListItem(v, now),
        late: lateness(v.appeal.dueAt, now),
        lastManual: last ? { type: last.type, at: last.at.toISOString() } : null,
      }
    }),
  }
}

export type PresentedBoard = ReturnType<typeof presentBoard>

const HEADER = ['Номер', 'Сектор', 'Исполнитель', 'Статус', 'Срок (МСК)', 'Просрочено, раб. дн.', 'Заявитель']

const dueText = (isoDate: string | null) => {
  if (!isoDate) return ''
  const d = new Date(new Date(isoDate).getTime() + 3 * 3_600_000).toISOString()
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)} ${d.slice(11, 16)}`
}

/** Export rows: the same list, personal data masked exactly as on screen. */
export function exportRows(board: PresentedBoard): string[][] {
  return [
    HEADER,
    ...board.items.map((i) => [
      i.regNumber,
      i.sector?.name ?? '',
      i.unit?.shortName ?? '',
      i.status.name,
      dueText(i.dueAt),
      i.late ? String(i.late.workingDays) : '',
      i.applicantName ?? '',
    ]),
  ]
}

/** CSV for Excel: UTF-8 with BOM, «;» separators, quotes doubled; a cell starting with =+-@ is defused. */
export function toCsv(rows: string[][]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
    return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return `\uFEFF${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`
}
