import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import EChart from './EChart.vue';
import { echarts } from './echarts';

vi.mock('./echarts', () => {
  const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
  return { echarts: { init: vi.fn(() => chart), chart } };
});

describe('EChart', () => {
  it('draws its option as SVG, redraws on change and disposes on unmount', async () => {
    const wrapper = mount(EChart, { props: { option: { series: [] }, label: '趋势' } });
    await flushPromises();
    expect(echarts.init).toHaveBeenCalledWith(wrapper.element, null, { renderer: 'svg' });
    expect(echarts.chart.setOption).toHaveBeenCalledWith({ series: [] }, true);
    expect(wrapper.attributes('data-rendered')).toBe('true');

    await wrapper.setProps({ option: { series: [{ type: 'bar' }] } });
    expect(echarts.chart.setOption).toHaveBeenLastCalledWith({ series: [{ type: 'bar' }] }, true);
    wrapper.unmount();
    expect(echarts.chart.dispose).toHaveBeenCalled();
  });

  it('is not marked drawn without an option', async () => {
    const wrapper = mount(EChart, { props: { option: null } });
    await flushPromises();
    expect(wrapper.attributes('data-rendered')).toBe('false');
  });
});
