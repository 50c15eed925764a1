const { renderPage, text, tap, find } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

const PAGE = 'pages/find-room/index';

const region = (id, name, level, levelName, childCount = 1) => ({ id, code: String(id), name, level, levelName, childCount, roomCount: 0 });
const room = (id, name, isActive = true) => ({
  id, regionId: 4, name, address: `地址${id}`, contactName: null, contactPhone: null, isActive, scene: `s${id}+x`,
});

async function typeKeyword(page, value) {
  find(page, '#keyword').dispatchEvent('input', { detail: { value } });
  await new Promise((r) => setTimeout(r, 0));
}

describe('find-room page', () => {
  test('drills down from the city to a village and lists its rooms', async () => {
    wx.__respond({ data: [region(1, '淮安市', 1, '市')] });
    wx.__respond({ data: [region(2, '淮安区', 2, '县区'), region(9, '清江浦区', 2, '县区')] });
    wx.__respond({ data: [region(3, '河下街道', 3, '镇街')] });
    wx.__respond({ data: [region(4, '萧湖社区', 4, '村社区', 0)] });
    wx.__respond({ data: [] }); // the village has no children…
    wx.__respond({ data: { items: [room(7, '萧湖社区议事室'), room(8, '老街议事点', false)], nextAfter: null } }); // …so its rooms show

    const page = await renderPage(PAGE);
    expect(text(page, '#region-1')).toContain('淮安市');
    await tap(page, '#region-1');
    expect(text(page, '#region-9')).toContain('清江浦区');
    await tap(page, '#region-2');
    await tap(page, '#region-3');
    await tap(page, '#region-4');

    expect(requestedPaths(wx)).toEqual([
      '/api/regions',
      '/api/regions?parentId=1',
      '/api/regions?parentId=2',
      '/api/regions?parentId=3',
      '/api/regions?parentId=4',
      '/api/rooms?regionId=4&limit=20',
    ]);
    expect(text(page, '#trail')).toBe('全部地区›淮安市›淮安区›河下街道›萧湖社区');
    expect(text(page, '#room-7')).toContain('萧湖社区议事室');
    expect(text(page, '#room-8')).toContain('已停用');

    await tap(page, '#room-7');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/pages/room/index?scene=${encodeURIComponent('s7+x')}` });
  });

  test('going back up the trail reuses the regions already loaded', async () => {
    wx.__respond({ data: [region(1, '淮安市', 1, '市')] });
    wx.__respond({ data: [region(2, '淮安区', 2, '县区')] });
    const page = await renderPage(PAGE);
    await tap(page, '#region-1');
    await tap(page, '#trail .trail-link');

    expect(text(page, '#region-1')).toContain('淮安市');
    expect(text(page, '#trail')).toBe('全部地区');
    expect(wx.request).toHaveBeenCalledTimes(2);
  });

  test('searches rooms by name within the chosen region and pages through the results', async () => {
    wx.__respond({ data: [region(1, '淮安市', 1, '市')] });
    wx.__respond({ data: [region(2, '淮安区', 2, '县区')] });
    wx.__respond({ data: { items: [room(7, '萧湖社区议事室')], nextAfter: 7 } });
    wx.__respond({ data: { items: [room(12, '萧湖新村议事室')], nextAfter: null } });
    const page = await renderPage(PAGE);
    await tap(page, '#region-1');
    await typeKeyword(page, ' 萧湖 ');
    await tap(page, '#search');

    expect(text(page, '#rooms-title')).toBe('搜索“萧湖”的结果');
    expect(text(page, '#room-7')).toContain('萧湖社区议事室');
    await tap(page, '#more');

    expect(requestedPaths(wx).slice(2)).toEqual([
      `/api/rooms?regionId=1&q=${encodeURIComponent('萧湖')}&limit=20`,
      `/api/rooms?regionId=1&q=${encodeURIComponent('萧湖')}&after=7&limit=20`,
    ]);
    expect(text(page, '#room-7')).toContain('萧湖社区议事室');
    expect(text(page, '#room-12')).toContain('萧湖新村议事室');
    expect(page.querySelector('#more')).toBeUndefined();
  });

  test('a search that finds nothing says so', async () => {
    wx.__respond({ data: [region(1, '淮安市', 1, '市')] });
    wx.__respond({ data: { items: [], nextAfter: null } });
    const page = await renderPage(PAGE);
    await typeKeyword(page, '不存在');
    await tap(page, '#search');

    expect(requestedPaths(wx)[1]).toBe(`/api/rooms?q=${encodeURIComponent('不存在')}&limit=20`);
    expect(text(page, '#rooms-empty')).toContain('没有找到议事室');
  });

  test('an empty search asks for a name instead of listing every room', async () => {
    wx.__respond({ data: [region(1, '淮安市', 1, '市')] });
    const page = await renderPage(PAGE);
    await tap(page, '#search');

    expect(text(page, '#search-error')).toBe('⚠ 请先输入议事室的名字，例如“萧湖社区”，再点搜索。');
    expect(wx.showToast).not.toHaveBeenCalled();
    expect(wx.request).toHaveBeenCalledTimes(1);
  });

  test('a failed region list shows the message and 重试 loads it', async () => {
    wx.__respond(fixtures.problem(503, 'unavailable', '服务暂不可用，请稍后重试。'));
    wx.__respond({ data: [region(1, '淮安市', 1, '市')] });
    const page = await renderPage(PAGE);

    expect(text(page, '#error-message')).toBe('服务暂不可用，请稍后重试。');
    await tap(page, '#retry');
    expect(text(page, '#region-1')).toContain('淮安市');
  });
});
