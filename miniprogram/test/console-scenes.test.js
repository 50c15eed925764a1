// The two services behind the console login and invitation pages, and how a scanned scene finds its page.
const { renderPage } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

let consoleLogin;
let invitations;
let sceneRoute;

beforeEach(() => {
  jest.resetModules();
  consoleLogin = require('../services/console-login');
  invitations = require('../services/invitations');
  sceneRoute = require('../utils/scene-route');
});

const sent = (i = 0) => wx.request.mock.calls[i][0];

describe('console login service', () => {
  test('reads, confirms and cancels a ticket by its scene', async () => {
    wx.__respond({ data: { createdAt: '2026-11-27T08:00:00Z', expiresAt: '2026-11-27T08:02:00Z', browser: 'Edge 126 · Windows' } });
    wx.__respond({ statusCode: 204, data: '' });
    wx.__respond({ statusCode: 204, data: '' });

    await expect(consoleLogin.ticket('L23456789ABCDEFG')).resolves.toMatchObject({ browser: 'Edge 126 · Windows' });
    await consoleLogin.confirm('L23456789ABCDEFG');
    await consoleLogin.cancel('L23456789ABCDEFG');

    expect(requestedPaths(wx)).toEqual([
      '/api/console/login-tickets/by-scene/L23456789ABCDEFG',
      '/api/console/login-tickets/by-scene/L23456789ABCDEFG/confirm',
      '/api/console/login-tickets/by-scene/L23456789ABCDEFG/cancel',
    ]);
    expect([sent(0).method, sent(1).method, sent(2).method]).toEqual(['GET', 'POST', 'POST']);
  });

  test('a refusal arrives as an ApiError with the API\'s code and Chinese message', async () => {
    wx.__respond({ statusCode: 403, data: { status: 403, code: 'not_staff', detail: '管理后台仅供工作人员使用。' } });

    await expect(consoleLogin.confirm('L23456789ABCDEFG')).rejects.toMatchObject({ status: 403, code: 'not_staff', message: '管理后台仅供工作人员使用。' });
  });
});

describe('invitations service', () => {
  test('previews and accepts an invitation by its scene with the name', async () => {
    wx.__respond({ data: { roleName: '审题人', regionName: '长西街道', status: 'pending' } });
    wx.__respond({ data: { grant: { id: 5 } } });

    await invitations.preview('I23456789ABCDEFG');
    await expect(invitations.accept('I23456789ABCDEFG', '李明')).resolves.toEqual({ grant: { id: 5 } });

    expect(requestedPaths(wx)).toEqual(['/api/invitations/by-scene/I23456789ABCDEFG', '/api/invitations/by-scene/I23456789ABCDEFG/accept']);
    expect(sent(1)).toMatchObject({ method: 'POST', data: { name: '李明' } });
  });
});

describe('scene routing', () => {
  test.each([
    ['L23456789ABCDEFG', '/pages/console-login/index?scene=L23456789ABCDEFG'],
    [' l23456789abcdefg ', '/pages/console-login/index?scene=L23456789ABCDEFG'],
    ['I23456789ABCDEFG', '/pages/invitation/index?scene=I23456789ABCDEFG'],
  ])('%s opens its own page', (scene, url) => {
    expect(sceneRoute.pageFor(scene)).toBe(url);
  });

  test.each(['R8K2MQ7P', 'L23456789', 'L23456789ABCDEF0', 'X23456789ABCDEFG', '', undefined])('%s is a room\'s (or nobody\'s)', (scene) => {
    expect(sceneRoute.pageFor(scene)).toBeNull();
  });

  test('a login code that opened the room page goes to the confirm page without asking for a room', async () => {
    await renderPage('pages/room/index', { scene: 'L23456789ABCDEFG' });

    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/console-login/index?scene=L23456789ABCDEFG' });
    expect(wx.request).not.toHaveBeenCalled();
  });

  test('a room code still opens the room', async () => {
    wx.__respond({ data: fixtures.landing() });
    await renderPage('pages/room/index', { scene: 'R8K2MQ7P' });

    expect(wx.redirectTo).not.toHaveBeenCalled();
    expect(requestedPaths(wx)[0]).toBe('/api/landing?scene=R8K2MQ7P');
  });
});
