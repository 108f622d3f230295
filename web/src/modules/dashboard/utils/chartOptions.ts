import type { ChartOption } from '../../../ui/echarts'
import { formatDay } from '../../../ui/format'
import type { Dashboard } from '../api/dashboard'

const COLORS = { received: '#2f6db5', answered: '#2e8b57', overdue: '#c62828' }
const TEXT = '#39424c'
// echarts measures label widths itself, so it needs a real font list (CSS `inherit` breaks layout).
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif'

/** Received vs answered per day over the last 30 days. */
export function dailyChartOption(daily: Dashboard['daily']): ChartOption {
  return {
    color: [COLORS.received, COLORS.answered],
    textStyle: { fontFamily: FONT, color: TEXT },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: daily.map((d) => formatDay(d.date)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'Поступило', type: 'line', symbolSize: 5, data: daily.map((d) => d.received) },
      { name: 'Дан ответ', type: 'line', symbolSize: 5, data: daily.map((d) => d.answered) },
    ],
  }
}

/** Received and overdue per sector over 30 days, largest first. */
export function sectorChartOption(rows: Dashboard['bySector']): ChartOption {
  const sorted = [...rows].sort((a, b) => a.received30 - b.received30)
  return {
    color: [COLORS.received, COLORS.overdue],
    textStyle: { fontFamily: FONT, color: TEXT },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: sorted.map((r) => r.name),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: [
      { name: 'Поступило за 30 дней', type: 'bar', data: sorted.map((r) => r.received30), barMaxWidth: 14 },
      { name: 'Просрочено', type: 'bar', data: sorted.map((r) => r.overdue), barMaxWidth: 14 },
    ],
  }
}
