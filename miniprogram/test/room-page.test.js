const { renderPage, text, tap } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

const PAGE = 'pages/room/index';

describe('room page', () => {
  test('shows the room name and its region path from the landing response', async () => {
    wx.__respond({ data: fixtures.landing() });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });

    expect(text(page, '#room-name')).toBe('河下街道萧湖社区议事室');
    expect(text(page, '#region-path')).toBe('淮安市 › 淮安区 › 河下街道 › 萧湖社区');
    expect(text(page, '#count-total')).toBe('12问题总数');
    expect(page.querySelector('#closed-notice')).toBeUndefined();
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '河下街道萧湖社区议事室' });
  });

  test('URL-decodes the scene before asking the API', async () => {
    wx.__respond({ data: fixtures.landing({ scene: 'a=1&b' }) });
    await renderPage(PAGE, { scene: encodeURIComponent('a=1&b') });

    expect(requestedPaths(wx)).toEqual([`/api/landing?scene=${encodeURIComponent('a=1&b')}`]);
  });

  test('a closed room shows the notice and marks its closed functions in words', async () => {
    wx.__respond({ data: fixtures.landing({ isOpen: false }) });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });

    expect(text(page, '#closed-notice')).toContain('本议事室已停用');
    expect(text(page, '#closed-notice')).toContain('以往的问题和办理结果仍可在“码上查情”查看');
    expect(text(page, '#fn-propose')).toContain('暂时不能用');
    expect(text(page, '#fn-deliberate')).toContain('暂时不能用');
    expect(text(page, '#fn-inquire')).not.toContain('暂时不能用');

    // Tapping a closed function says where to go instead, in a dialog that stays until read.
    await tap(page, '#fn-propose');
    expect(wx.showToast).not.toHaveBeenCalled();
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '码上征题暂时不能用', showCancel: false }));
    expect(wx.showModal.mock.calls[0][0].content).toContain('可以点“码上查情”查看以往的问题');
  });

  test('the newest topics show their status in words and each opens its topic', async () => {
    const latest = [
      { id: 31, receiptNo: '2026-R8K2MQ-0031', title: '萧湖路路灯不亮', status: 'announced', statusName: '听取意见中', updatedAt: '2026-05-01T02:00:00' },
      { id: 30, receiptNo: '2026-R8K2MQ-0030', title: '楼道堆放杂物', status: 'closed', statusName: '已办完', updatedAt: '2026-04-01T02:00:00' },
    ];
    wx.__respond({ data: fixtures.landing({ summary: { counts: { total: 2 }, latest } }) });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });

    expect(text(page, '#latest-31')).toBe('萧湖路路灯不亮状态：听取意见中 · 点击查看 ›');
    await tap(page, '#latest-30');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=30' });
  });

  test('each open function opens its page with the room in the query', async () => {
    wx.__respond({ data: fixtures.landing() });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });
    const name = encodeURIComponent('河下街道萧湖社区议事室');

    await tap(page, '#fn-propose');
    await tap(page, '#fn-suggest');
    await tap(page, '#fn-deliberate');
    await tap(page, '#fn-inquire');
    expect(wx.navigateTo.mock.calls.map((c) => c[0].url)).toEqual([
      `/pages/propose/index?roomId=7&roomName=${name}`,
      `/pages/topics/index?roomId=7&roomName=${name}&regionId=4&regionName=${encodeURIComponent('萧湖社区')}`,
      `/pages/meetings/index?roomId=7&roomName=${name}`,
      `/pages/inquire/index?roomId=7&roomName=${name}&scene=r8K2mQ`,
    ]);
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('a closed room keeps only 码上查情', async () => {
    wx.__respond({ data: fixtures.landing({ isOpen: false }) });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });

    await tap(page, '#fn-suggest');
    await tap(page, '#fn-inquire');
    expect(wx.navigateTo.mock.calls.map((c) => c[0].url)).toEqual([expect.stringMatching(/^\/pages\/inquire\/index\?roomId=7/)]);
  });

  test('an error shows the Chinese message, and 重试 loads the room', async () => {
    wx.__respond({ fail: 'request:fail timeout' });
    wx.__respond({ data: fixtures.landing() });
    const page = await renderPage(PAGE, { scene: 'r8K2mQ' });

    expect(text(page, '#error-message')).toBe('网络超时，请检查网络后重试。');
    await tap(page, '#retry');

    expect(text(page, '#room-name')).toBe('河下街道萧湖社区议事室');
    expect(wx.request).toHaveBeenCalledTimes(2);
  });

  test('an unknown code shows the API message and offers finding a room instead of retrying', async () => {
    wx.__respond(fixtures.problem(404, 'room_not_found', '没有找到这个议事室，请确认扫描的是议事室张贴的小程序码。'));
    const page = await renderPage(PAGE, { scene: 'nope' });

    expect(text(page, '#error-message')).toBe('没有找到这个议事室，请确认扫描的是议事室张贴的小程序码。');
    expect(page.querySelector('#retry')).toBeUndefined();
    await tap(page, '#find-room');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/find-room/index' });
  });

  test('remembers the room and opens it again when launched without a code', async () => {
    wx.__respond({ data: fixtures.landing() });
    await renderPage(PAGE, { scene: 'r8K2mQ' });
    wx.__respond({ data: fixtures.landing() });
    const again = await renderPage(PAGE, {});

    expect(requestedPaths(wx)).toEqual(['/api/landing?scene=r8K2mQ', '/api/landing?scene=r8K2mQ']);
    expect(text(again, '#room-name')).toBe('河下街道萧湖社区议事室');
  });

  test('without a code or a remembered room, goes to finding a room', async () => {
    await renderPage(PAGE, {});

    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/find-room/index' });
    expect(wx.request).not.toHaveBeenCalled();
  });
});

describe('room page opened by an ordinary QR code (query.q)', () => {
  const link = (url) => encodeURIComponent(url);

  test('opens the room the link names, not the last remembered one', async () => {
    wx.setStorageSync('lastRoom', { scene: 'OLDROOM', name: '另一个议事室' });
    wx.__respond({ data: fixtures.landing() });
    const page = await renderPage(PAGE, { q: link('https://mashangyi.example.gov.cn/r/r8K2mQ'), scancode_time: '1714036504' });

    expect(requestedPaths(wx)).toEqual(['/api/landing?scene=r8K2mQ']);
    expect(text(page, '#room-name')).toBe('河下街道萧湖社区议事室');
  });

  test('a public base with a path prefix, a trailing slash or a query still names its room', async () => {
    const { sceneFromLink } = require('../utils/room-link');
    expect(sceneFromLink(link('https://gov.example.cn/mashangyi/r/AB3C7K/'))).toBe('AB3C7K');
    expect(sceneFromLink(link('https://gov.example.cn/r/AB3C7K?from=poster'))).toBe('AB3C7K');
    expect(sceneFromLink(link('https://gov.example.cn/board/rooms/AB3C7K'))).toBe('');
    expect(sceneFromLink('%E0%A4%A')).toBe('');
  });

  test('a link that names no room says so and offers finding one, without opening the remembered room', async () => {
    wx.setStorageSync('lastRoom', { scene: 'OLDROOM', name: '另一个议事室' });
    const page = await renderPage(PAGE, { q: link('https://mashangyi.example.gov.cn/board/regions/320812') });

    expect(wx.request).not.toHaveBeenCalled();
    expect(text(page, '#error-message')).toBe('这个二维码不是议事室的码，请扫描议事室张贴的二维码，或查找议事室。');
    expect(page.querySelector('#retry')).toBeUndefined();
    await tap(page, '#find-room');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/find-room/index' });
  });
});
