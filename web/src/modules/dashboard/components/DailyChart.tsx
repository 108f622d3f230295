import { useMemo } from 'react'
import { EChart } from '../../../ui/EChart'
import type { Dashboard } from '../api/dashboard'
import { dailyChartOption } from '../utils/chartOptions'

/** The 30-day line of received vs answered. */
export function DailyChart({ daily }: { daily: Dashboard['daily'] }) {
  const option = useMemo(() => dailyChartOption(daily), [daily])
  return <EChart option={option} label="Поступило и отвечено по дням за 30 дней" height={280} />
}
