import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/statistics';
import StatisticsPage from './index.vue';
import { funnelOption, overdueOption, ratesOption, trendOption } from './charts';
import { $, $$, cleanup, mountPage, typeAndLeave } from '@/test/helpers';
import { loginAs } from '@/test/session';

vi.mock('@/api/places', () => ({ regions: vi.fn().mockResolvedValue([]) }));
vi.mock('@/api/statistics', () => ({
  statistics: vi.fn(), trend: vi.fn(), overdueByUnit: vi.fn(),
  exportUrl: (id, format, { from, to }) => `/api/regions/${id}/statistics.${format}?from=${from}&to=${to}`,
}));

const figures = (over = {}) => ({ submitted: 40, reviewed: 36, responseRate: 0.9, accepted: 30, closedA: 12, resolutionRate: 0.4, satisfactionRate: 0.875, overdueTasks: 3, ...over });
const REPORT = {
  region: { id: 1, name: '淮安市' }, from: '2026-01-01', to: '2026-12-05', totals: figures(),
  children: [{ id: 2, name: '清江浦区', figures: figures({ responseRate: 0.5 }) }, { id: 3, name: '淮阴区', figures: figures({ satisfactionRate: null }) }],
};

let wrapper;
beforeEach(() => {
  loginAs([{ role: 'reviewer', regionId: 1, regionName: '淮安市' }]);
  api.statistics.mockResolvedValue(REPORT);
  api.trend.mockResolvedValue({ months: [{ month: '2026-01', submitted: 5, accepted: 4, resolved: 1, satisfied: 3, evaluated: 4 }] });
  api.overdueByUnit.mockResolvedValue({ items: [{ unit: '清江浦区住建局', overdue: 2, open: 5 }] });
});
afterEach(() => cleanup(wrapper));

describe('the statistics page', () => {
  it('draws the four charts from the region\'s figures for the period, with the headline rates', async () => {
    ({ wrapper } = await mountPage(StatisticsPage));
    const [, period] = api.statistics.mock.calls[0];
    expect(api.statistics.mock.calls[0][0]).toBe(1);
    expect(period.from).toMatch(/^\d{4}-01-01$/);
    expect(api.trend).toHaveBeenCalledWith(1, period);
    expect(api.overdueByUnit).toHaveBeenCalledWith(1);

    expect($('[data-test="kpi-responseRate"]').textContent).toContain('90.0%');
    expect($('[data-test="kpi-satisfactionRate"]').textContent).toContain('87.5%');
    const charts = wrapper.findAllComponents({ name: 'EChart' });
    expect(charts).toHaveLength(4);
    expect(charts[0].props('option').xAxis.data).toEqual(['清江浦区', '淮阴区']);
    expect($('[data-test="stats-csv"]').getAttribute('href')).toBe(`/api/regions/1/statistics.csv?from=${period.from}&to=${period.to}`);
    expect($('[data-test="stats-xlsx"]').getAttribute('href')).toContain('statistics.xlsx');
  });

  it('keeps the other charts when one figure set is refused', async () => {
    api.overdueByUnit.mockRejectedValue(Object.assign(new Error('只有该区域的工作人员可以查看。'), { status: 403 }));
    ({ wrapper } = await mountPage(StatisticsPage));
    expect($('[data-test="stats-overdue"]').textContent).toContain('只有该区域的工作人员可以查看。');
    expect(wrapper.findAllComponents({ name: 'EChart' })).toHaveLength(3);
  });

  it('says an empty overdue chart is about today, as its figures are, not about the chosen period', async () => {
    api.overdueByUnit.mockResolvedValue({ items: [] });
    api.trend.mockResolvedValue({ months: [] });
    ({ wrapper } = await mountPage(StatisticsPage));
    expect($('[data-test="stats-overdue"]').textContent).toContain('截至今天');
    expect($('[data-test="stats-overdue"] [data-test="chart-empty"]').textContent).toContain('目前没有未完成的落实任务');
    expect($('[data-test="stats-trend"] [data-test="chart-empty"]').textContent).toContain('所选期间暂无数据');
  });

  it('takes a date typed into the period when the field is left, and names text that is no date', async () => {
    ({ wrapper } = await mountPage(StatisticsPage));
    const [start, end] = $$('[data-test="stats-period"] input');
    await typeAndLeave(start, '2026-3-1');
    expect(api.statistics.mock.calls.at(-1)[1].from).toBe('2026-03-01');
    await typeAndLeave(end, '2026-06-30');
    expect(api.statistics.mock.calls.at(-1)[1]).toEqual({ from: '2026-03-01', to: '2026-06-30' });
    expect($('[data-test="stats-period-unread"]')).toBeNull();

    const calls = api.statistics.mock.calls.length;
    await typeAndLeave(end, '2026-6-3x');
    expect(api.statistics.mock.calls).toHaveLength(calls);
    expect($('[data-test="stats-period-unread"]').textContent).toBe('“2026-6-3x”不是日期：请按 2026-12-20 的样子填写，或点右边的日历选一天。');
    await typeAndLeave(end, '2026-07-31');
    expect(api.statistics.mock.calls.at(-1)[1]).toEqual({ from: '2026-03-01', to: '2026-07-31' });
    expect($('[data-test="stats-period-unread"]')).toBeNull();
  });

  it('shows the API error for a bad period', async () => {
    api.statistics.mockRejectedValue(Object.assign(new Error('统计期间不能超过 3 年。'), { status: 400 }));
    ({ wrapper } = await mountPage(StatisticsPage));
    expect($('[data-test="stats-error"]').textContent).toContain('统计期间不能超过 3 年。');
  });
});

describe('the chart options', () => {
  it('give the three rates per child region in per cent, a missing rate as a gap', () => {
    const option = ratesOption(REPORT.children);
    expect(option.series.map((s) => s.name)).toEqual(['响应率', '解决率', '满意率']);
    expect(option.series[0].data).toEqual([50, 90]);
    expect(option.series[2].data).toEqual([87.5, null]);
  });

  it('slant the child regions\' names when they would not fit side by side', () => {
    const named = (...names) => names.map((name, i) => ({ id: i, name, figures: figures() }));
    expect(ratesOption(named('清江浦区', '淮阴区', '淮安区')).xAxis.axisLabel.rotate).toBe(0);
    expect(ratesOption(named('清江浦区', '淮阴区', '淮安区', '洪泽区')).xAxis.axisLabel.rotate).toBe(0);
    expect(ratesOption(named('清江浦区', '淮阴区', '淮安区', '测试新区MXCTVYQ5')).xAxis.axisLabel.rotate).toBe(30);
    expect(ratesOption(named('淮安区', '淮阴区', '清江浦区', '淮安经济技术开发区', '淮安市工业园区')).xAxis.axisLabel.rotate).toBe(30);
    expect(ratesOption(named('清江浦区', '淮安区', '淮阴区', '洪泽区', '涟水县', '盱眙县', '金湖县')).xAxis.axisLabel.rotate).toBe(30);
  });

  it('give the monthly trend with the month\'s satisfaction rate', () => {
    const option = trendOption([{ month: '2026-01', submitted: 5, accepted: 4, resolved: 1, satisfied: 3, evaluated: 4 }, { month: '2026-02', submitted: 1, evaluated: 0 }]);
    expect(option.xAxis.data).toEqual(['2026-01', '2026-02']);
    expect(option.series[3].data).toEqual([75, null]);
  });

  it('give the funnel from submitted to resolved', () => {
    expect(funnelOption(figures()).series[0].data.map((d) => d.value)).toEqual([40, 36, 30, 12]);
    expect(funnelOption(figures({ submitted: 0 }))).toBeNull();
    // Beside its bar, with a line to it: the narrow last step's label would cover its bar if drawn inside.
    expect(funnelOption(figures()).series[0].label.position).toBe('right');
  });

  it('put the unit with most overdue tasks on top', () => {
    const option = overdueOption([{ unit: 'A', overdue: 5, open: 6 }, { unit: 'B', overdue: 1, open: 2 }]);
    expect(option.yAxis.data).toEqual(['B', 'A']);
    expect(overdueOption([])).toBeNull();
  });
});
