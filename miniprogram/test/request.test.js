const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

let request;
let auth;

beforeEach(() => {
  // Fresh modules: auth keeps its in-flight renewal in module state.
  jest.resetModules();
  request = require('../services/request');
  auth = require('../services/auth');
});

const storeSession = (n = 1) => wx.setStorageSync(auth.STORAGE_KEY, {
  accessToken: `access-${n}`, accessExpiresAt: Date.now() + 60000, refreshToken: `refresh-${n}`, refreshExpiresAt: Date.now() + 3600000, userId: 42,
});

describe('request', () => {
  test('resolves with the body, on the develop base URL, with the stored token', async () => {
    storeSession();
    wx.__respond({ data: { id: 42 } });

    await expect(request.get('/api/me')).resolves.toEqual({ id: 42 });
    const sent = wx.request.mock.calls[0][0];
    expect(sent.url).toBe('http://localhost:5080/api/me');
    expect(sent.method).toBe('GET');
    expect(sent.header.Authorization).toBe('Bearer access-1');
  });

  test('leaves out empty query values and encodes the rest', async () => {
    wx.__respond({ data: { items: [], nextAfter: null } });
    await request.get('/api/rooms', { regionId: undefined, q: '河下 街道', after: null, limit: 20 });

    expect(requestedPaths(wx)).toEqual(['/api/rooms?q=%E6%B2%B3%E4%B8%8B%20%E8%A1%97%E9%81%93&limit=20']);
  });

  test('sends no Authorization header without a session', async () => {
    wx.__respond({ data: [] });
    await request.get('/api/regions');

    expect(wx.request.mock.calls[0][0].header.Authorization).toBeUndefined();
  });

  test('turns ProblemDetails into an error with code, status, Chinese message and field errors', async () => {
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', { scene: ['二维码内容无效，请重新扫描议事室的小程序码。'] }));

    const err = await request.get('/api/landing', { scene: '%%' }).catch((e) => e);
    expect(err).toBeInstanceOf(request.ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: '提交的内容有误，请按提示修改。',
      fieldErrors: { scene: ['二维码内容无效，请重新扫描议事室的小程序码。'] },
    });
  });

  test('an error without ProblemDetails still has a Chinese message', async () => {
    wx.__respond({ statusCode: 502, data: '<html>Bad Gateway</html>' });

    await expect(request.get('/api/regions')).rejects.toMatchObject({ status: 502, code: 'http_502', message: '服务暂时不可用，请稍后重试。' });
  });

  test('on an expired token, refreshes once and retries with the new token', async () => {
    storeSession(1);
    wx.__respond(fixtures.problem(401, 'token_expired', '登录已过期，请刷新登录。'));
    wx.__respond({ data: fixtures.tokens(2) });
    wx.__respond({ data: { id: 42 } });

    await expect(request.get('/api/me')).resolves.toEqual({ id: 42 });
    expect(requestedPaths(wx)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
    const [, refresh, retry] = wx.request.mock.calls.map((c) => c[0]);
    expect(refresh.data).toEqual({ refreshToken: 'refresh-1' });
    expect(retry.header.Authorization).toBe('Bearer access-2');
    expect(auth.load().refreshToken).toBe('refresh-2');
    expect(wx.login).not.toHaveBeenCalled();
  });

  test('without a session, a 401 logs in with wx.login and retries', async () => {
    wx.__respond(fixtures.problem(401, 'unauthenticated', '请先登录。'));
    wx.__respond({ data: fixtures.tokens(1) });
    wx.__respond({ data: { id: 42 } });

    await expect(request.get('/api/me')).resolves.toEqual({ id: 42 });
    expect(requestedPaths(wx)).toEqual(['/api/me', '/api/auth/login', '/api/me']);
    expect(wx.request.mock.calls[1][0].data).toEqual({ code: 'code-1' });
  });

  test('retries only once: a second 401 reaches the caller', async () => {
    storeSession(1);
    wx.__respond(fixtures.problem(401, 'token_expired', '登录已过期，请刷新登录。'));
    wx.__respond({ data: fixtures.tokens(2) });
    wx.__respond(fixtures.problem(401, 'unauthenticated', '账号不存在，请重新登录。'));

    await expect(request.get('/api/me')).rejects.toMatchObject({ status: 401, message: '账号不存在，请重新登录。' });
    expect(wx.request).toHaveBeenCalledTimes(3);
  });

  test('other 401s are answers, not a reason to log in again', async () => {
    wx.__respond(fixtures.problem(401, 'wechat_code_invalid', '登录凭证无效或已过期，请重新进入小程序。'));

    await expect(request.post('/api/auth/login', { code: 'x' })).rejects.toMatchObject({ code: 'wechat_code_invalid' });
    expect(wx.request).toHaveBeenCalledTimes(1);
  });

  test('concurrent expired requests share one refresh (a refresh token is single-use)', async () => {
    storeSession(1);
    wx.__respond(fixtures.problem(401, 'token_expired', '登录已过期，请刷新登录。'));
    wx.__respond(fixtures.problem(401, 'token_expired', '登录已过期，请刷新登录。'));
    wx.__respond({ data: fixtures.tokens(2) });
    wx.__respond({ data: { a: 1 } });
    wx.__respond({ data: { b: 2 } });

    await Promise.all([request.get('/api/a'), request.get('/api/b')]);
    expect(requestedPaths(wx).filter((p) => p === '/api/auth/refresh')).toHaveLength(1);
  });

  test('no network gives a Chinese message', async () => {
    wx.__respond({ fail: 'request:fail net::ERR_INTERNET_DISCONNECTED' });

    await expect(request.get('/api/regions')).rejects.toMatchObject({ status: 0, code: 'network_error', message: '网络连接失败，请检查网络后重试。' });
  });

  test('a timeout says so', async () => {
    wx.__respond({ fail: 'request:fail timeout' });

    await expect(request.get('/api/regions')).rejects.toMatchObject({ code: 'network_timeout', message: '网络超时，请检查网络后重试。' });
  });
});
