import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/session';
import { requireRole, requireSession } from './index';
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
    expect(names).toEqual(['review', 'topics', 'statistics']);
    expect(firstPage()).toEqual({ name: 'review' });
  });

  it('show a room admin the topics of their scope first, then their queues', () => {
    loginAs([{ role: 'room_admin', regionId: 5 }]);
    const names = menuFor(hasAnyRole).flatMap((g) => g.items.map((i) => i.name));
    expect(names).toEqual(['topics', 'moderation', 'due', 'statistics']);
    expect(firstPage()).toEqual({ name: 'topics' });
  });

  it('show an implementer their tasks first, and the topics of their region', () => {
    loginAs([{ role: 'implementer', regionId: 2, unit: '清江浦区住建局' }]);
    const names = menuFor(hasAnyRole).flatMap((g) => g.items.map((i) => i.name));
    expect(names).toEqual(['tasks', 'topics', 'statistics']);
    expect(firstPage()).toEqual({ name: 'tasks' });
  });

  it('show a CPPCC member the topics of their region', () => {
    loginAs([{ role: 'cppcc_member', regionId: 2 }]);
    expect(menuFor(hasAnyRole).flatMap((g) => g.items.map((i) => i.name))).toEqual(['topics', 'statistics']);
  });

  it('show a region admin the places, people, catalog and channel pages', () => {
    loginAs([{ role: 'region_admin', regionId: 1 }]);
    const names = menuFor(hasAnyRole).flatMap((g) => g.items.map((i) => i.name));
    expect(names).toEqual(['places', 'import', 'print', 'people', 'logins', 'topics', 'statistics', 'catalog', 'channels']);
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

describe('pages a user\'s roles do not open', () => {
  it('send a room admin who opens an admin page to their first page', () => {
    loginAs([{ role: 'room_admin', regionId: 5 }]);
    expect(requireRole({ name: 'places', meta: { roles: ['region_admin'] } })).toEqual({ name: 'topics' });
    expect(requireRole({ name: 'tasks', meta: { roles: ['implementer'] } })).toEqual({ name: 'topics' });
  });

  it('let a user through to a page one of their roles opens, and to pages open to all', () => {
    loginAs([{ role: 'room_admin', regionId: 5 }]);
    expect(requireRole({ name: 'moderation', meta: { roles: ['room_admin'] } })).toBe(true);
    expect(requireRole({ name: 'not-found', meta: { title: '页面不存在' } })).toBe(true);
    expect(requireRole({ name: 'login', meta: { public: true } })).toBe(true);
  });

  it('leave someone with no grants where they are rather than redirect in a circle', () => {
    loginAs([]);
    expect(requireRole({ name: 'statistics', meta: { roles: ['region_admin', 'reviewer'] } })).toBe(true);
    expect(requireRole({ name: 'places', meta: { roles: ['region_admin'] } })).toEqual({ name: 'statistics' });
  });

  it('are not shown when typed into the address: the router lands on the first page', async () => {
    const { createMemoryHistory } = await import('vue-router');
    const { createConsoleRouter } = await import('./index');
    api.session.mockResolvedValue({ user: { id: 3, name: '王' }, grants: [{ id: 3, role: 'room_admin', regionId: 5 }], csrfToken: 't' });
    const router = createConsoleRouter(createMemoryHistory());
    await router.push('/places');
    expect(router.currentRoute.value.name).toBe('topics');
    await router.push('/work/topics/7');
    expect(router.currentRoute.value.fullPath).toBe('/work/topics/7');
    await router.push('/no/such/page');
    expect(router.currentRoute.value.name).toBe('not-found');
  });
});
