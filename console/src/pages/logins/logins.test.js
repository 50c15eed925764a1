import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/session';
import LoginsPage from './index.vue';
import { $, cleanup, click, mountPage } from '@/test/helpers';

vi.mock('@/api/session', () => ({ loginRecords: vi.fn() }));

let wrapper;
afterEach(() => cleanup(wrapper));

describe('the login records page', () => {
  it('lists who logged in, when and from where, paging on', async () => {
    api.loginRecords
      .mockResolvedValueOnce({ items: [{ id: 2, userName: '王主任', at: '2026-12-05T02:30:00Z', address: '10.0.0.8', browser: 'Chrome 131 / Windows' }], nextAfter: 2 })
      .mockResolvedValueOnce({ items: [{ id: 1, userName: '', at: '2026-12-04T02:30:00Z', address: '10.0.0.9', browser: 'Edge' }], nextAfter: null });
    ({ wrapper } = await mountPage(LoginsPage));
    const text = () => $('[data-test="login-table"]').textContent;
    expect(text()).toContain('王主任');
    expect(text()).toContain('2026-12-05 10:30');
    expect(text()).toContain('10.0.0.8');
    expect(text()).toContain('Chrome 131 / Windows');
    await click('[data-test="load-more"]');
    expect(api.loginRecords).toHaveBeenLastCalledWith({ after: 2 });
    expect(text()).toContain('未填写姓名');
  });
});
