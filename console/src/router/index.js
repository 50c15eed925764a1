import { createRouter, createWebHistory } from 'vue-router';
import { hasAnyRole, loadSession, session } from '@/store/session';
import { firstPage, pageRoutes } from './routes';

export const routes = [
  { path: '/login', name: 'login', component: () => import('@/pages/login/index.vue'), meta: { public: true, title: '扫码登录' } },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      // After the session guard, so the user's grants are known (a route `redirect` would run before it).
      { path: '', name: 'home', component: { render: () => null }, beforeEnter: () => firstPage() },
      ...pageRoutes,
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/not-found.vue'), meta: { title: '页面不存在' } },
    ],
  },
];

/** Pages other than the login page need a console session; without one, go to the login page and come back. */
export async function requireSession(to) {
  if (to.meta.public || session.loaded) return true;
  let loggedIn = false;
  try {
    loggedIn = await loadSession();
  } catch {
    loggedIn = false;
  }
  return loggedIn ? true : { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
}

/**
 * A page the user's roles do not open sends them to their first page rather than showing it half-empty (the API would
 * refuse its calls anyway). When even the first page is not theirs (no grants at all), they stay, to be told so there.
 */
export function requireRole(to) {
  if (to.meta.public || !to.meta.roles || hasAnyRole(to.meta.roles)) return true;
  const first = firstPage();
  return first.name === to.name ? true : first;
}

export function createConsoleRouter(history = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes });
  router.beforeEach(requireSession);
  router.beforeEach(requireRole);
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 码上议管理后台` : '码上议管理后台';
  });
  return router;
}
