const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

let auth;

beforeEach(() => {
  jest.resetModules();
  auth = require('../services/auth');
});

describe('auth', () => {
  test('login exchanges the wx.login code and stores the session', async () => {
    wx.__respond({ data: fixtures.tokens(1) });
    const before = Date.now();

    await auth.login();

    expect(requestedPaths(wx)).toEqual(['/api/auth/login']);
    expect(wx.request.mock.calls[0][0]).toMatchObject({ method: 'POST', data: { code: 'code-1' } });
    const stored = wx.getStorageSync('auth');
    expect(stored).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', userId: 42 });
    expect(stored.accessExpiresAt).toBeGreaterThanOrEqual(before + 900 * 1000);
    expect(auth.isLoggedIn()).toBe(true);
    expect(auth.accessToken()).toBe('access-1');
  });

  test('a failed wx.login rejects with a Chinese message and calls no API', async () => {
    wx.login.mockImplementation((o) => o.fail({ errMsg: 'login:fail' }));

    await expect(auth.login()).rejects.toThrow('微信登录失败，请检查网络后重试。');
    expect(wx.request).not.toHaveBeenCalled();
  });

  test('a refused refresh token falls back to a fresh wx.login', async () => {
    wx.__respond({ data: fixtures.tokens(1) });
    await auth.login();
    wx.__respond(fixtures.problem(401, 'refresh_token_invalid', '登录已失效，请重新登录。'));
    wx.__respond({ data: fixtures.tokens(3) });

    const session = await auth.refresh();

    expect(requestedPaths(wx)).toEqual(['/api/auth/login', '/api/auth/refresh', '/api/auth/login']);
    expect(session.accessToken).toBe('access-3');
    expect(wx.getStorageSync('auth').refreshToken).toBe('refresh-3');
  });

  test('an expired refresh token is not sent: log in instead', async () => {
    wx.setStorageSync('auth', { accessToken: 'a', accessExpiresAt: 0, refreshToken: 'old', refreshExpiresAt: Date.now() - 1, userId: 42 });
    wx.__respond({ data: fixtures.tokens(2) });

    await auth.refresh();

    expect(requestedPaths(wx)).toEqual(['/api/auth/login']);
  });

  test('silent login on launch logs in once, and not again while the session is usable', async () => {
    wx.__respond({ data: fixtures.tokens(1) });
    await auth.silentLogin();
    await auth.silentLogin();

    expect(wx.login).toHaveBeenCalledTimes(1);
    expect(requestedPaths(wx)).toEqual(['/api/auth/login']);
  });

  test('silent login never throws: the public pages work without a session', async () => {
    wx.__respond({ fail: 'request:fail' });

    await expect(auth.silentLogin()).resolves.toBeNull();
    expect(auth.isLoggedIn()).toBe(false);
  });
});
