// Apache ECharts, only the parts the dashboard uses, so the bundle stays small.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

const charts = new Map<HTMLElement, echarts.ECharts>();

/**
 * Draws (or redraws in place) a chart in an element. The element's data-series attribute carries
 * the plotted numbers, so a test or a screen reader can tell what the chart shows.
 */
export function draw(element: HTMLElement, option: ChartOption, plotted: unknown): void {
  let chart = charts.get(element);
  if (!chart || chart.isDisposed()) {
    chart = echarts.init(element, undefined, { renderer: 'canvas' });
    charts.set(element, chart);
  }
  // No animation: live figures change often, and a chart in mid-animation shows neither the old
  // nor the new numbers.
  chart.setOption({ animation: false, ...option }, { notMerge: true, lazyUpdate: false });
  element.dataset.series = JSON.stringify(plotted);
}

/** Disposes the charts of elements that left the page. */
export function sweep(): void {
  for (const [element, chart] of charts) {
    if (!element.isConnected) {
      chart.dispose();
      charts.delete(element);
    }
  }
}

window.addEventListener('resize', () => {
  for (const chart of charts.values()) chart.resize();
});

export const palette = { energy: '#2f6f9f', carbon: '#8a4b2a', target: '#888888', green: '#2e8b57', yellow: '#d4a017', red: '#c0392b' };
