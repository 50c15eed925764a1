import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/session';
import { requireSession } from './index';
import { firstPage, menuFor } from './routes';
import { clearSession, hasAnyRole } from '@/store/session';
import { loginAs } from '@/test/session';

vi.mock('@/api/session', () => ({ session: vi.fn() }));

afterEach(clearSession);

describe('the console routes', () => {
  it('send a visitor without a session to the login page and back afterwards', async () => {
    api.session.mockRejectedValue(Object.assign(new Error('请先登录。'), { status: 401 }));
    expect(await requireSession({ meta: {}, fullPath: '/people' })).toEqual({ name: 'login', query: { redirect: '/people' } });
  });

  it('let a logged-in user through after loading the session once', async () => {
    api.session.mockResolvedValue({ user: { id: 1, name: '王' }, grants: [], csrfToken: 't' });
    expect(await requireSession({ meta: {}, fullPath: '/statistics' })).toBe(true);
    expect(await requireSession({ meta: {}, fullPath: '/statistics' })).toBe(true);
    expect(api.session).toHaveBeenCalledTimes(1);
  });

  it('never guard the login page', async () => {
    expect(await requireSession({ meta: { public: true }, fullPath: '/login' })).toBe(true);
    expect(api.session).not.toHaveBeenCalled();
  });

  it('show a reviewer the review queue and statistics, not the admin pages', () => {
    loginAs([{ role: 'reviewer', regionId: 2 }]);
    const names = menuFor(hasAnyRole).flatMap((g) => g.items.map((i) => i.name));
    expect(names).toEqual(['review', 'statistics']);
    expect(firstPage()).toEqual({ name: 'review' });
  });

  it('show a region admin the places, people and channel pages', () => {
    loginAs([{ role: 'region_admin', regionId: 1 }]);
    const names = menuFor(hasAnyRole).flatMap((g) => g.items.map((i) => i.name));
    expect(names).toEqual(['places', 'import', 'print', 'people', 'logins', 'statistics', 'channels']);
  });
});

describe('the console home', () => {
  it('lands a logged-in user on the first page their roles open, once the session is known', async () => {
    const { createMemoryHistory } = await import('vue-router');
    const { createConsoleRouter } = await import('./index');
    api.session.mockResolvedValue({ user: { id: 1, name: '审' }, grants: [{ id: 1, role: 'reviewer', regionId: 2 }], csrfToken: 't' });
    const router = createConsoleRouter(createMemoryHistory());
    await router.push('/');
    expect(router.currentRoute.value.name).toBe('review');
  });
});
