import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/session';
import LoginPage from './index.vue';
import { $, cleanup, click, flushPromises, mountPage, testRouter } from '@/test/helpers';
import { session as state } from '@/store/session';

vi.mock('@/api/session', () => ({
  consoleConfig: vi.fn(),
  createLoginTicket: vi.fn(),
  loginTicket: vi.fn(),
  simulateConfirm: vi.fn(),
  session: vi.fn(),
}));

const TICKET = { ticket: 't-1', scene: 'LABCDEFGHJKMNPQR', expiresAt: '2026-12-05T10:02:00Z', codeUrl: '/api/console/login-tickets/t-1/code' };
const SESSION = { user: { id: 1, name: '王主任' }, grants: [{ id: 1, role: 'region_admin', roleName: '区域管理员', regionId: 1, regionName: '淮安市' }], csrfToken: 'csrf-1' };

let wrapper;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  api.consoleConfig.mockResolvedValue({ simulatedWeChat: true, demoStaff: [{ code: 'demo-city-admin', label: '市级管理员（演示）' }, { code: 'demo-reviewer', label: '审题人（演示）' }] });
  api.createLoginTicket.mockResolvedValue(TICKET);
  api.session.mockResolvedValue(SESSION);
});
afterEach(() => {
  cleanup(wrapper);
  vi.useRealTimers();
  state.loaded = false;
});

async function mountLogin(path = '/login') {
  const router = testRouter(path);
  ({ wrapper } = await mountPage(LoginPage, { router, props: { pollMs: 1500 } }));
  return router;
}

describe('the login page', () => {
  it('shows the ticket code image and polls the ticket until the phone confirms, then enters the console', async () => {
    api.loginTicket
      .mockResolvedValueOnce({ status: 'pending' })
      .mockResolvedValueOnce({ status: 'scanned' })
      .mockResolvedValueOnce({ status: 'confirmed', csrfToken: 'csrf-1', user: SESSION.user });
    const router = await mountLogin('/login?redirect=/people');
    expect($('[data-test="login-code"]').getAttribute('src')).toBe(TICKET.codeUrl);

    await vi.advanceTimersByTimeAsync(1500);
    expect($('[data-test="login-status"]').textContent).toContain('请用微信扫描');
    await vi.advanceTimersByTimeAsync(1500);
    expect($('[data-test="login-status"]').textContent).toContain('已扫码');
    await vi.advanceTimersByTimeAsync(1500);
    await flushPromises();

    expect(api.loginTicket).toHaveBeenCalledWith('t-1');
    expect(state.user.name).toBe('王主任');
    expect(router.currentRoute.value.fullPath).toBe('/people');
  });

  it('offers a fresh code when the ticket expired', async () => {
    api.loginTicket.mockResolvedValueOnce({ status: 'expired' });
    await mountLogin();
    await vi.advanceTimersByTimeAsync(1500);
    expect($('[data-test="login-ended"]').textContent).toContain('登录码已过期');
    expect(api.loginTicket).toHaveBeenCalledTimes(1);

    api.createLoginTicket.mockResolvedValueOnce({ ...TICKET, ticket: 't-2', codeUrl: '/api/console/login-tickets/t-2/code' });
    await click('[data-test="login-refresh"]');
    expect($('[data-test="login-code"]').getAttribute('src')).toContain('t-2');
    expect($('[data-test="login-ended"]')).toBeNull();
  });

  it('treats a ticket the API no longer knows as expired', async () => {
    api.loginTicket.mockRejectedValueOnce(Object.assign(new Error('未找到'), { status: 404 }));
    await mountLogin();
    await vi.advanceTimersByTimeAsync(1500);
    expect($('[data-test="login-status"]').dataset.status).toBe('expired');
  });

  it('lets a developer confirm as a demo staff member in simulated mode', async () => {
    api.simulateConfirm.mockResolvedValue(null);
    api.loginTicket.mockResolvedValue({ status: 'confirmed', csrfToken: 'csrf-1', user: SESSION.user });
    const router = await mountLogin();
    expect($('[data-test="simulate-confirm"]').disabled).toBe(true);

    await click('[data-test="simulate-demo-reviewer"]');
    await click('[data-test="simulate-confirm"]');

    expect(api.simulateConfirm).toHaveBeenCalledWith('t-1', 'demo-reviewer');
    expect(router.currentRoute.value.name).toBe('places');
  });

  it('hides the simulated scan when WeChat is real', async () => {
    api.consoleConfig.mockResolvedValue({ simulatedWeChat: false, demoStaff: [] });
    await mountLogin();
    expect($('[data-test="simulate"]')).toBeNull();
    expect($('[data-test="login-code"]')).not.toBeNull();
  });

  it('stops polling when the person cancels on the phone', async () => {
    api.loginTicket.mockResolvedValue({ status: 'cancelled' });
    await mountLogin();
    await vi.advanceTimersByTimeAsync(6000);
    expect(api.loginTicket).toHaveBeenCalledTimes(1);
    expect($('[data-test="login-ended"]').textContent).toContain('已在手机上取消登录');
  });
});
