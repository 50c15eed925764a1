const { renderPage, tap } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const staff = require('./staff-fixtures');

const PAGE = 'pages/room/index';

function storeSession() {
  const t = Date.now();
  wx.setStorageSync('auth', { accessToken: 'access-1', accessExpiresAt: t + 900000, refreshToken: 'refresh-1', refreshExpiresAt: t + 2592000000, userId: 2 });
}

describe('room page workbench entry', () => {
  test('a logged-in user with a role grant sees 工作台 and it opens the workbench', async () => {
    storeSession();
    wx.__respond({ data: fixtures.landing() });
    wx.__respond({ data: staff.me(['reviewer']) });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });

    expect(requestedPaths(wx)).toEqual(['/api/landing?scene=r8K2mQ', '/api/me']);
    await tap(page, '#workbench');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/workbench/index' });
  });

  test('a resident without grants sees no entry', async () => {
    storeSession();
    wx.__respond({ data: fixtures.landing() });
    wx.__respond({ data: staff.me([]) });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });
    expect(page.querySelector('#workbench')).toBeUndefined();
  });

  test('without a session the page does not ask who the user is', async () => {
    wx.__respond({ data: fixtures.landing() });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });
    expect(requestedPaths(wx)).toEqual(['/api/landing?scene=r8K2mQ']);
    expect(page.querySelector('#workbench')).toBeUndefined();
  });
});
