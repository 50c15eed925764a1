const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

beforeEach(() => jest.resetModules());

test('the app logs in silently on launch', async () => {
  let app;
  global.App = (options) => { app = options; };
  require('../app');
  wx.__respond({ data: fixtures.tokens(1) });

  app.onLaunch();
  await app.globalData.loginReady;

  expect(requestedPaths(wx)).toEqual(['/api/auth/login']);
  expect(wx.getStorageSync('auth').accessToken).toBe('access-1');
  delete global.App;
});

describe('API base URL', () => {
  test('develop builds talk to the API on this machine', () => {
    expect(require('../config').apiBaseUrl()).toBe('http://localhost:5080');
  });

  test('trial and release builds use HTTPS', () => {
    ['trial', 'release'].forEach((envVersion) => {
      wx.getAccountInfoSync.mockReturnValue({ miniProgram: { envVersion } });
      expect(require('../config').apiBaseUrl()).toMatch(/^https:\/\//);
    });
  });

  test('an unknown version falls back to production, never to localhost', () => {
    wx.getAccountInfoSync.mockImplementation(() => { throw new Error('not supported'); });
    expect(require('../config').apiBaseUrl()).toMatch(/^https:\/\//);
  });
});

describe('app.json', () => {
  const fs = require('fs'); // eslint-disable-line global-require
  const path = require('path'); // eslint-disable-line global-require
  const ROOT = path.resolve(__dirname, '..');
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));
  const PAGES = app.pages.concat(...app.subPackages.map((p) => p.pages.map((page) => `${p.root}/${page}`)));

  test.each(PAGES)('%s exists and has a Chinese title', (page) => {
    ['js', 'json', 'wxml', 'wxss'].forEach((ext) => expect(fs.existsSync(path.join(ROOT, `${page}.${ext}`))).toBe(true));
    const json = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8'));
    expect(json.navigationBarTitleText).toMatch(/[\u4e00-\u9fff]/);
  });
});
