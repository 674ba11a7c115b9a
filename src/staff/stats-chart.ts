import type { VillageFigures } from './statistics.ts';

/**
 * The station-target chart as SVG, rendered on the server by ECharts (no script on the page):
 * per village, the year's cases ÷ population beside the tier target. ECharts is imported when the
 * first chart is drawn: it takes half a second to load, and most starts never show the 统计 page.
 */
export async function targetChartSvg(villages: VillageFigures[], width = 900, height = 320): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif' },
      legend: { data: ['办件量÷常住人口', '目标'], top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: villages.map((v) => v.village), axisLabel: { rotate: 40, interval: 0 } },
      yAxis: { type: 'value' },
      series: [
        { name: '办件量÷常住人口', type: 'bar', data: villages.map((v) => v.ratio ?? 0), itemStyle: { color: '#0b5cad' } },
        { name: '目标', type: 'bar', data: villages.map((v) => v.target), itemStyle: { color: '#c9d3dd' } },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
