// services/photos.js: wx.uploadFile to POST /api/photos with the token, retries only what may pass next time.
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

let photos;
let auth;

beforeEach(() => {
  jest.resetModules();
  photos = require('../services/photos');
  auth = require('../services/auth');
  photos.retry.delaysMs = [0, 0, 0];
  wx.setStorageSync(auth.STORAGE_KEY, {
    accessToken: 'access-1', accessExpiresAt: Date.now() + 60000, refreshToken: 'refresh-1', refreshExpiresAt: Date.now() + 3600000, userId: 42,
  });
});

const PHOTO = { id: 71, status: 'checking', thumbUrl: 'http://localhost:5080/api/photos/k/thumb.jpg?exp=1&sig=s', url: 'http://localhost:5080/api/photos/k/display.jpg?exp=1&sig=s', width: 1280, height: 960 };
const problem = (status, code, detail) => ({ statusCode: status, data: { status, title: 'Bad', code, detail } });

describe('photos.upload', () => {
  test('posts the file as field "file" with the bearer token and resolves with the API\'s photo, reporting progress', async () => {
    wx.__respondUpload({ statusCode: 201, data: PHOTO, progress: [30, 100] });
    const seen = [];

    await expect(photos.upload('wxfile://tmp/a.jpg', { onProgress: (p) => seen.push(p) })).resolves.toEqual(PHOTO);
    const sent = wx.uploadFile.mock.calls[0][0];
    expect(sent.url).toBe('http://localhost:5080/api/photos');
    expect(sent.filePath).toBe('wxfile://tmp/a.jpg');
    expect(sent.name).toBe('file');
    expect(sent.header.Authorization).toBe('Bearer access-1');
    expect(seen).toEqual([30, 100]);
  });

  test('tries again after a lost connection and a server error, then succeeds', async () => {
    wx.__respondUpload({ fail: 'uploadFile:fail timeout' });
    wx.__respondUpload(problem(503, 'unavailable', '服务暂时不可用'));
    wx.__respondUpload({ statusCode: 201, data: PHOTO });

    await expect(photos.upload('wxfile://tmp/a.jpg')).resolves.toMatchObject({ id: 71 });
    expect(wx.uploadFile).toHaveBeenCalledTimes(3);
  });

  test('gives up after the last retry with the network message', async () => {
    for (let i = 0; i < 4; i += 1) wx.__respondUpload({ fail: 'uploadFile:fail' });
    await expect(photos.upload('wxfile://tmp/a.jpg')).rejects.toMatchObject({ status: 0, message: '网络连接失败，请检查网络后重试。' });
    expect(wx.uploadFile).toHaveBeenCalledTimes(4);
  });

  test.each([
    [415, 'photo_unsupported_type', '只能上传照片（JPG、PNG、HEIC 等格式）。'],
    [413, 'photo_too_large', '照片太大了，每张不能超过 10 MB。'],
    [429, 'photo_rate_limited', '上传太频繁了，请稍后再试。'],
  ])('does not retry a %i and shows its Chinese detail', async (status, code, detail) => {
    wx.__respondUpload(problem(status, code, detail));
    await expect(photos.upload('wxfile://tmp/a.pdf')).rejects.toMatchObject({ status, code, message: detail });
    expect(wx.uploadFile).toHaveBeenCalledTimes(1);
  });

  test('an expired token is renewed once and the upload sent again with the new one', async () => {
    wx.__respondUpload(problem(401, 'token_expired', '登录已过期'));
    wx.__respond({ data: fixtures.tokens(2) });
    wx.__respondUpload({ statusCode: 201, data: PHOTO });

    await expect(photos.upload('wxfile://tmp/a.jpg')).resolves.toMatchObject({ id: 71 });
    expect(requestedPaths(wx)).toEqual(['/api/auth/refresh']);
    expect(wx.uploadFile.mock.calls[1][0].header.Authorization).toBe('Bearer access-2');
  });
});

describe('photos.remove', () => {
  test('deletes the photo by its id', async () => {
    wx.__respond({ statusCode: 204, data: '' });
    await photos.remove(71);
    expect(requestedPaths(wx)).toEqual(['/api/photos/71']);
    expect(wx.request.mock.calls[0][0].method).toBe('DELETE');
  });
});
