import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import * as api from '@/api/places';
import RegionTree from './RegionTree.vue';

vi.mock('@/api/places', () => ({ regions: vi.fn() }));

afterEach(() => { document.body.innerHTML = ''; });

const settle = async () => {
  for (let i = 0; i < 5; i += 1) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('RegionTree', () => {
  it('picks the first region at the start and loads a region\'s children when it is opened', async () => {
    api.regions.mockResolvedValue([{ id: 2, name: '清江浦区', levelName: '县区', childCount: 4 }, { id: 3, name: '淮阴区', levelName: '县区', childCount: 0 }]);
    const wrapper = mount(RegionTree, { attachTo: document.body, props: { roots: [{ id: 1, name: '淮安市' }], modelValue: null } });
    await settle();
    expect(wrapper.emitted('update:modelValue')[0]).toEqual([{ id: 1, name: '淮安市' }]);

    document.querySelector('[data-test="region-1"]').click();
    await settle();
    expect(api.regions).toHaveBeenCalledWith(1);
    expect(document.querySelector('[data-test="region-2"]').textContent).toBe('清江浦区（县区）');

    document.querySelector('[data-test="region-3"]').click();
    await settle();
    expect(wrapper.emitted('update:modelValue').at(-1)).toEqual([{ id: 3, name: '淮阴区' }]);
  });

  it('says so when the user manages no region', async () => {
    const wrapper = mount(RegionTree, { props: { roots: [] } });
    await flushPromises();
    expect(wrapper.text()).toContain('您没有可管理的区域。');
  });
});
