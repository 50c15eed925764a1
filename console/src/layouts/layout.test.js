import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/session';
import AppLayout from './AppLayout.vue';
import { $, cleanup, click, mountPage, testRouter } from '@/test/helpers';
import { loginAs } from '@/test/session';
import { session } from '@/store/session';

vi.mock('@/api/session', () => ({ logout: vi.fn() }));

let wrapper;
afterEach(() => cleanup(wrapper));

describe('the console layout', () => {
  it('shows who is logged in and the menu their roles open', async () => {
    loginAs([{ role: 'room_admin', regionId: 4, regionName: '长西街道', roleName: '议事室管理员' }], '赵管理');
    ({ wrapper } = await mountPage(AppLayout, { router: testRouter('/work/due') }));
    expect($('[data-test="current-user"]').textContent).toContain('赵管理');
    expect($('[data-test="current-user"]').textContent).toContain('长西街道议事室管理员');
    expect($('[data-test="menu-moderation"]')).not.toBeNull();
    expect($('[data-test="menu-due"]')).not.toBeNull();
    expect($('[data-test="menu-places"]')).toBeNull();
  });

  it('logs out and returns to the login page', async () => {
    api.logout.mockResolvedValue(null);
    loginAs([{ role: 'reviewer', regionId: 1 }]);
    const router = testRouter('/work/review');
    ({ wrapper } = await mountPage(AppLayout, { router }));
    await click('[data-test="logout"]');
    expect(api.logout).toHaveBeenCalled();
    expect(session.loaded).toBe(false);
    expect(router.currentRoute.value.name).toBe('login');
  });
});
