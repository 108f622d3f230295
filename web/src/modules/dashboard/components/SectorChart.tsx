import { useMemo } from 'react'
import { EChart } from '../../../ui/EChart'
import type { Dashboard } from '../api/dashboard'
import { sectorChartOption } from '../utils/chartOptions'

/** Bars by sector: received and overdue over 30 days. */
export function SectorChart({ rows }: { rows: Dashboard['bySector'] }) {
  const option = useMemo(() => sectorChartOption(rows), [rows])
  return (
    <EChart
      option={option}
      label="Обращения по секторам за 30 дней"
      height={Math.max(220, rows.length * 34 + 50)}
    />
  )
}
