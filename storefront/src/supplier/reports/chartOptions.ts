// ECharts options of the analytics pages, built from the API's figures and the page's translations.
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { SalesPoint, SalesRow } from './documents'

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>

/** A fraction from the API ("0.1234") as a percentage ("12.3%"). */
export function percent(fraction: string): string {
  return `${(Number(fraction) * 100).toFixed(1)}%`
}

export interface SeriesLabels {
  sales: string
  orders: string
}

export function seriesOption(points: readonly SalesPoint[], labels: SeriesLabels): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.sales, labels.orders], top: 0, left: 'center' },
    grid: { left: 64, right: 48, top: 56, bottom: 32 },
    xAxis: { type: 'category', data: points.map((point) => point.startsOn) },
    yAxis: [
      { type: 'value', name: labels.sales },
      { type: 'value', name: labels.orders, minInterval: 1 },
    ],
    series: [
      { name: labels.sales, type: 'line', smooth: true, data: points.map((point) => Number(point.sales.amount)) },
      { name: labels.orders, type: 'line', yAxisIndex: 1, data: points.map((point) => point.orders) },
    ],
  }
}

export function barOption(rows: readonly SalesRow[], valueName: string, notSet: string, value: (row: SalesRow) => number): ChartOption {
  const shown = [...rows].reverse()
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 140, right: 32, top: 16, bottom: 24 },
    xAxis: { type: 'value', name: valueName },
    yAxis: { type: 'category', data: shown.map((row) => row.label ?? notSet), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{ name: valueName, type: 'bar', data: shown.map(value) }],
  }
}
