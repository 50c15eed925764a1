// ECharts options for the statistics page, from the API's figures. Each builder answers null when
// there is nothing to draw, and the page shows "暂无数据" instead of an empty chart.
const RATE_SERIES = [
  { key: 'responseRate', name: '响应率' },
  { key: 'resolutionRate', name: '解决率' },
  { key: 'satisfactionRate', name: '满意率' },
];

const pct = (rate) => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);
const percentAxis = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
const percentTooltip = (params) => [params[0].axisValue, ...params.map((p) => `${p.marker}${p.seriesName}：${p.value === null || p.value === undefined ? '—' : `${p.value}%`}`)].join('<br/>');

// About how wide the narrowest chart's axis is (a card of 380 px less its padding and the value axis), and a
// character of the axis's 12 px labels with the room between two: each name stands centred in its share of the axis,
// so when the longest would not fit its share the names are slanted, never drawn over each other.
const AXIS_PX = 300;
const CHAR_PX = 12;
const GAP_PX = 8;

/** The three rates (response, resolution, satisfaction) of each child region. */
export function ratesOption(children) {
  if (!children || !children.length) return null;
  const longest = Math.max(...children.map((c) => c.name.length));
  const crowded = longest * CHAR_PX + GAP_PX > AXIS_PX / children.length;
  return {
    tooltip: { trigger: 'axis', formatter: percentTooltip },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: children.map((c) => c.name),
      axisLabel: { interval: 0, rotate: crowded ? 30 : 0, width: 96, overflow: 'truncate' },
    },
    yAxis: percentAxis,
    series: RATE_SERIES.map((s) => ({ name: s.name, type: 'bar', data: children.map((c) => pct(c.figures[s.key])) })),
  };
}

/** Topics submitted, accepted and resolved per month, with the month's satisfaction rate. */
export function trendOption(months) {
  if (!months || !months.length) return null;
  const line = (name, key) => ({ name, type: 'line', smooth: true, data: months.map((m) => m[key] ?? 0) });
  return {
    tooltip: { trigger: 'axis' },
    // The legend above the axes' names (议题数, 满意率), which stand over the axes' tops.
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: [{ type: 'value', name: '议题数', minInterval: 1 }, { ...percentAxis, name: '满意率' }],
    series: [
      line('提交', 'submitted'),
      line('受理', 'accepted'),
      line('解决', 'resolved'),
      { name: '满意率', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, data: months.map((m) => (m.evaluated ? pct(m.satisfied / m.evaluated) : null)) },
    ],
  };
}

/** How far the period's topics got: submitted → reviewed → accepted → resolved (class A, closed). */
export function funnelOption(totals) {
  if (!totals || !totals.submitted) return null;
  const steps = [
    { name: '提交', value: totals.submitted },
    { name: '已审题', value: totals.reviewed },
    { name: '已受理', value: totals.accepted },
    { name: '已解决（A类办结）', value: totals.closedA },
  ];
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件' },
    series: [{
      // Labels beside the funnel, not inside: the last step (A类办结) is often a sliver its text would cover.
      type: 'funnel', sort: 'none', left: '4%', width: '56%', top: 16, bottom: 16, minSize: '8%',
      label: { show: true, position: 'right', formatter: '{b} {c}', color: '#333' },
      labelLine: { show: true, length: 12 },
      data: steps,
    }],
  };
}

/** Open implementation tasks per responsible unit, the overdue ones first. */
export function overdueOption(items) {
  if (!items || !items.length) return null;
  const sorted = [...items].sort((a, b) => a.overdue - b.overdue); // the longest bar on top
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 40, bottom: 16, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((i) => i.unit) },
    series: [
      { name: '逾期', type: 'bar', data: sorted.map((i) => i.overdue), itemStyle: { color: '#d54941' } },
      { name: '未完成', type: 'bar', data: sorted.map((i) => i.open), itemStyle: { color: '#a6a6a6' } },
    ],
  };
}
