// The web console's scan-to-login and invitations against the real API (started by scripts/lib/e2e-api.sh;
// MASHANGYI_E2E_URL says where): the browser's side with fetch and a cookie jar, as the console page runs in a
// browser; the phone's side through the mini program's own service modules.
const { createHttpWx } = require('./wx-http');

const URL = process.env.MASHANGYI_E2E_URL;

global.wx = createHttpWx();
const config = require('../../config');
const auth = require('../../services/auth');
const consoleLogin = require('../../services/console-login');
const invitations = require('../../services/invitations');

/** Logs in as whoever the simulated WeChat code stands for, as the app does on launch. */
async function loginAs(code) {
  auth.clear();
  wx.loginCode = code;
  return auth.login();
}

/** A browser: fetch with a cookie jar, so the HttpOnly cookies the API sets go back with later requests. */
function createBrowser() {
  const jar = new Map();
  async function request(path, { method = 'GET', body, headers = {} } = {}) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(URL + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookies = res.headers.getSetCookie();
    setCookies.forEach((line) => {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (!value || attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a))) jar.delete(name);
      else jar.set(name, value);
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') || '').includes('json') && text ? JSON.parse(text) : null;
    return { status: res.status, body: json, setCookies };
  }
  return { request, jar };
}

/** The browser starts a login and gets its ticket (the binding cookie goes into its jar). */
async function startLogin(browser) {
  const created = await browser.request('/api/console/login-tickets', { method: 'POST' });
  expect(created.status).toBe(201);
  return created.body;
}

beforeAll(() => {
  if (!URL) throw new Error('Set MASHANGYI_E2E_URL (bash scripts/lib/e2e-api.sh start DIR writes it).');
  config.BASE_URLS.develop = URL;
});

describe('the web console: scan to log in, then invite a colleague', () => {
  const browser = createBrowser();
  const state = {};

  test('a resident who scans a login code is refused', async () => {
    const ticket = await startLogin(createBrowser());
    await loginAs(`e2e-resident-${Date.now()}`);

    const refused = await consoleLogin.ticket(ticket.scene).catch((e) => e);

    expect(refused).toMatchObject({ status: 403, code: 'not_staff' });
    expect(refused.message).toMatch(/工作人员/);
  });

  test('demo-city-admin confirms in the mini program and the waiting browser gets its session', async () => {
    const ticket = await startLogin(browser);
    expect(ticket.scene).toMatch(/^L[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{15}$/);
    expect(browser.jar.has('msy_console_ticket')).toBe(true);
    expect((await browser.request(`/api/console/login-tickets/${ticket.ticket}`)).body.status).toBe('pending');

    await loginAs('demo-city-admin');
    const asked = await consoleLogin.ticket(ticket.scene);
    expect(asked.browser).toBeTruthy();
    expect(Date.parse(asked.expiresAt)).toBeGreaterThan(Date.parse(asked.createdAt));
    await consoleLogin.confirm(ticket.scene);

    const polled = await browser.request(`/api/console/login-tickets/${ticket.ticket}`);
    expect(polled.body.status).toBe('confirmed');
    expect(polled.setCookies.find((c) => c.startsWith('msy_console=')).toLowerCase()).toMatch(/httponly.*samesite=strict|samesite=strict.*httponly/);
    expect(browser.jar.has('msy_console')).toBe(true);
    state.csrf = polled.body.csrfToken;

    const session = await browser.request('/api/console/session');
    expect(session.status).toBe(200);
    expect(session.body.csrfToken).toBe(state.csrf);
    expect(session.body.grants.map((g) => [g.role, g.regionName])).toContainEqual(['region_admin', '淮安市']);
    state.cityId = session.body.grants.find((g) => g.role === 'region_admin').regionId;

    // The ticket gave its one session; confirming it again is refused.
    await expect(consoleLogin.confirm(ticket.scene)).rejects.toMatchObject({ status: 409, code: 'ticket_used' });
  });

  test('an invitation made in the console is accepted in the mini program and the grant is listed by name', async () => {
    const counties = (await browser.request(`/api/regions?parentId=${state.cityId}`)).body;
    const county = counties.find((r) => r.code === '320812');
    const body = { role: 'reviewer', regionId: county.id, note: '端到端测试邀请' };

    const withoutCsrf = await browser.request('/api/invitations', { method: 'POST', body });
    expect(withoutCsrf).toMatchObject({ status: 403, body: { code: 'csrf_failed' } });
    const created = await browser.request('/api/invitations', { method: 'POST', body, headers: { 'X-CSRF-Token': state.csrf } });
    expect(created.status).toBe(201);
    expect(created.body.scene).toMatch(/^I[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{15}$/);
    expect(created.body.text).toMatch(/^邀请你担任 清江浦区 的 审核人员/);

    const name = `端到端${Date.now() % 100000}`;
    await loginAs(`e2e-invitee-${Date.now()}`);
    const offer = await invitations.preview(created.body.scene);
    expect(offer).toMatchObject({ roleName: '审核人员', regionName: '清江浦区', status: 'pending' });
    const { grant } = await invitations.accept(created.body.scene, name);
    expect(grant).toMatchObject({ role: 'reviewer', userName: name });

    const grants = (await browser.request(`/api/grants?regionId=${county.id}`)).body;
    expect(grants.map((g) => [g.userName, g.roleName, g.regionName])).toContainEqual([name, '审核人员', '清江浦区']);
    const listed = (await browser.request(`/api/invitations?regionId=${county.id}`)).body.items.find((i) => i.id === created.body.id);
    expect(listed.status).toBe('accepted');
    expect(listed.accepted.map((a) => a.userName)).toEqual([name]);
  });

  test('logging out ends the console session', async () => {
    const out = await browser.request('/api/console/logout', { method: 'POST', headers: { 'X-CSRF-Token': state.csrf } });
    expect(out.status).toBe(204);
    expect((await browser.request('/api/console/session')).body.code).toBe('not_logged_in');
  });
});
