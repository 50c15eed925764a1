const { renderPage, text, tap } = require('./page');
const { requestedPaths } = require('./wx-mock');

const PAGE = 'pages/console-login/index';
const SCENE = 'L23456789ABCDEFG';
const TICKET = { createdAt: '2026-11-27T08:00:12.417Z', expiresAt: '2026-11-27T08:02:12.417Z', browser: 'Chrome 126 · Windows' };
const problem = (status, code, detail) => ({ statusCode: status, data: { status, code, detail } });

beforeEach(() => {
  wx.reLaunch = jest.fn();
});

describe('console login confirm page', () => {
  test('asks to log in to the console with the time and the browser, and confirms', async () => {
    wx.__respond({ data: TICKET });
    wx.__respond({ statusCode: 204, data: '' });
    const page = await renderPage(PAGE, { scene: SCENE });

    expect(text(page, '#question')).toBe('登录码上议管理后台？');
    expect(text(page, '#asked-at')).toBe('请求时间：2026-11-27 16:00');
    expect(text(page, '#browser')).toBe('登录的浏览器：Chrome 126 · Windows');
    await tap(page, '#confirm');

    expect(requestedPaths(wx)).toEqual([
      `/api/console/login-tickets/by-scene/${SCENE}`,
      `/api/console/login-tickets/by-scene/${SCENE}/confirm`,
    ]);
    expect(wx.request.mock.calls[1][0].method).toBe('POST');
    expect(text(page, '#confirmed')).toContain('已确认登录');
  });

  test('cancelling refuses the login', async () => {
    wx.__respond({ data: TICKET });
    wx.__respond({ statusCode: 204, data: '' });
    const page = await renderPage(PAGE, { scene: encodeURIComponent(SCENE) });

    await tap(page, '#cancel');

    expect(requestedPaths(wx)[1]).toBe(`/api/console/login-tickets/by-scene/${SCENE}/cancel`);
    expect(text(page, '#cancelled')).toContain('已取消登录');
  });

  test('a resident is refused plainly, with no confirm button', async () => {
    wx.__respond(problem(403, 'not_staff', '管理后台仅供工作人员使用。您的微信账号还没有工作角色，不能登录。'));
    const page = await renderPage(PAGE, { scene: SCENE });

    expect(text(page, '#refused')).toContain('不能登录管理后台');
    expect(text(page, '#refused-message')).toContain('仅供工作人员使用');
    expect(page.querySelector('#confirm')).toBeUndefined();
    await tap(page, '#home');
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/room/index' });
  });

  test('an expired code says so and offers no retry', async () => {
    wx.__respond(problem(410, 'ticket_expired', '登录码已过期，请在电脑上刷新登录页后重新扫码。'));
    const page = await renderPage(PAGE, { scene: SCENE });

    expect(text(page, '#error-message')).toBe('登录码已过期，请在电脑上刷新登录页后重新扫码。');
    expect(page.querySelector('#retry')).toBeUndefined();
  });

  test('a confirm that comes too late shows why, and a lost network can be retried', async () => {
    wx.__respond({ data: TICKET });
    wx.__respond(problem(409, 'ticket_used', '该登录码已被使用或已取消，请在电脑上刷新登录页后重新扫码。'));
    const late = await renderPage(PAGE, { scene: SCENE });
    await tap(late, '#confirm');
    expect(text(late, '#error-message')).toContain('已被使用');

    wx.__respond({ fail: 'request:fail' });
    wx.__respond({ data: TICKET });
    const offline = await renderPage(PAGE, { scene: SCENE });
    expect(text(offline, '#error-message')).toContain('网络');
    await tap(offline, '#retry');
    expect(text(offline, '#question')).toBe('登录码上议管理后台？');
  });

  test('without a scene it asks to scan again and calls nothing', async () => {
    const page = await renderPage(PAGE, {});

    expect(text(page, '#error-message')).toContain('重新扫描');
    expect(wx.request).not.toHaveBeenCalled();
  });
});
