// 辖区议题: coming back from a topic reads the list again as far down as it was (utils/paging.js reloadShown).
const { renderPage, text, tap, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const staff = require('./staff-fixtures');
const { PAGE, LIST, page1, grant, open } = require('./region-topics-fixtures');

describe('辖区议题 page: coming back from a topic keeps the place in a long list', () => {
  // Newest first: ids counting down; the cursor is the last id of a page.
  const down = (from, to) => Array.from({ length: from - to + 1 }, (_, i) => from - i);
  const topics = (ids, nextAfter, overrides = {}) => page1(ids.map((id) => staff.listItem({ id, title: `辖区议题${id}`, ...overrides })), nextAfter);

  test('reads as many pages of the chosen status again as were on screen, without the topic that left it', async () => {
    const page = await open(['reviewer'], topics(down(100, 81), 81));
    page.instance.onShow(); // the first showing
    wx.__respond(topics(down(100, 81), 81, { status: 'submitted', statusName: '审核中' }));
    await tap(page, '#filter-submitted');
    wx.__respond(topics(down(80, 61), 61, { status: 'submitted', statusName: '审核中' }));
    page.instance.onReachBottom();
    await settle();
    expect(page.instance.data.items).toHaveLength(40);
    await tap(page, '#topic-90');

    // Topic 90 was accepted there: it is no longer under review, and the pages move up by one.
    wx.__respond(topics([...down(100, 91), ...down(89, 80)], 80, { status: 'submitted', statusName: '审核中' }));
    wx.__respond(topics(down(79, 60), 60, { status: 'submitted', statusName: '审核中' }));
    page.instance.onShow();
    expect(page.querySelector('#loading')).toBeUndefined(); // the list stays on screen while it is read
    expect(text(page, '#topic-90')).toContain('辖区议题90');
    await settle();

    expect(requestedPaths(wx).slice(4)).toEqual([`${LIST}?status=submitted&limit=20`, `${LIST}?status=submitted&after=80&limit=20`]);
    expect(page.instance.data.items.map((i) => i.id)).toEqual([...down(100, 91), ...down(89, 60)]);
    expect(page.querySelector('#topic-90')).toBeUndefined();
    expect(text(page, '#topic-60')).toContain('状态：审核中');
    expect(text(page, '#filter-submitted')).toBe('✓ 审核中');
    expect(text(page, '#list-end')).toBe('上拉加载更多');
  });

  test('a page that fails leaves the list as it was and says why at its end', async () => {
    const page = await open(['reviewer'], topics(down(100, 81), 81));
    page.instance.onShow(); // the first showing
    wx.__respond(topics(down(80, 61), 61));
    page.instance.onReachBottom();
    await settle();

    wx.__respond(topics(down(99, 80), 80));
    wx.__respond(fixtures.problem(503, 'database_unavailable', '服务暂时不可用，请稍后重试。'));
    page.instance.onShow();
    await settle();

    expect(requestedPaths(wx).slice(3)).toEqual([`${LIST}?limit=20`, `${LIST}?after=80&limit=20`]);
    expect(page.querySelector('#error')).toBeUndefined();
    expect(page.instance.data.items.map((i) => i.id)).toEqual(down(100, 61));
    expect(text(page, '#list-end')).toBe('⚠ 服务暂时不可用，请稍后重试。（下拉可以刷新）');
  });

  test('an answer for a region the person has since left never lands on the new one', async () => {
    wx.__respond({ data: { id: 2, grants: [grant(1, 'reviewer', 5, '长西街道'), grant(2, 'region_admin', 9, '淮安区')] } });
    wx.__respond(topics(down(100, 81), 81));
    const page = await renderPage(PAGE);
    page.instance.onShow(); // the first showing
    wx.__respond(topics(down(80, 61), 61));
    page.instance.onReachBottom();
    await settle();

    const request = wx.request;
    const held = [];
    wx.request = jest.fn((options) => request({
      ...options,
      success: (res) => (options.url.includes('/regions/5/') ? held.push(() => options.success(res)) : options.success(res)),
    }));
    wx.__respond(topics(down(100, 81), 81));
    page.instance.onShow(); // back from a topic: region 5 read again, its answer slow
    wx.__respond(page1([staff.listItem({ id: 88, title: '菜市场改造' })]));
    await tap(page, '#region-9');
    held.forEach((answer) => answer());
    await settle();

    expect(held).toHaveLength(1);
    expect(requestedPaths(wx).slice(3)).toEqual([`${LIST}?limit=20`, '/api/regions/9/topics/all?limit=20']);
    expect(text(page, '#region-9')).toBe('✓ 淮安区');
    expect(page.instance.data.items.map((i) => i.id)).toEqual([88]);
    expect(text(page, '#list-end')).toBe('没有更多了');
  });
});
