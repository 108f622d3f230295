import { type ECharts, init } from 'echarts/core'
import { useEffect, useRef } from 'react'
// The side-effect import registers the chart types and the SVG renderer before init().
import './echarts'
import type { ChartOption } from './echarts'

/** A minimal echarts wrapper: SVG renderer, follows its container's size, replaces the option on change. */
export function EChart({
  option,
  label,
  height = 260,
}: {
  option: ChartOption
  label: string
  height?: number
}) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<ECharts | null>(null)

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const chart = init(container, undefined, { renderer: 'svg' })
    chartRef.current = chart
    const observer = new ResizeObserver(() => chart.resize())
    observer.observe(container)
    return () => {
      observer.disconnect()
      chart.dispose()
      chartRef.current = null
    }
  }, [])

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={containerRef} className="chart" style={{ height }} role="img" aria-label={label} />
}
