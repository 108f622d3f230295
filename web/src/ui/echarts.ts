import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components'
import { type ComposeOption, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

// Only what the dashboard draws is bundled (tree-shaken echarts).
use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer])

/** The option type for the charts this app registers. */
export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>
