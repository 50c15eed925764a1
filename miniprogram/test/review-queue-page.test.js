const { renderPage, text, tap } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const staff = require('./staff-fixtures');

const PAGE = 'packageStaff/pages/review-queue/index';

describe('review queue page', () => {
  test('lists submitted topics oldest first and flags held ones in words', async () => {
    wx.__respond({ data: { items: [staff.listItem(), staff.listItem({ id: 13, title: '楼道堆物', heldForModeration: true })], nextAfter: null } });
    const page = await renderPage(PAGE);

    expect(requestedPaths(wx)).toEqual(['/api/review/queue?limit=20']);
    expect(text(page, '#topic-12')).toContain('小区门口乱停车');
    expect(text(page, '#topic-12')).toContain('2026-8QMTXY5T-0012 · 提交于 2026-05-01 10:00');
    expect(page.querySelector('#held-12')).toBeUndefined();
    expect(text(page, '#held-13')).toBe('⚠ 内容待人工复核');
  });

  test('tapping a topic opens the topic page, where the review actions are', async () => {
    wx.__respond({ data: { items: [staff.listItem()], nextAfter: null } });
    const page = await renderPage(PAGE);
    await tap(page, '#topic-12');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=12' });
  });

  test('loads the next page at the bottom with the keyset cursor', async () => {
    wx.__respond({ data: { items: [staff.listItem()], nextAfter: 12 } });
    wx.__respond({ data: { items: [staff.listItem({ id: 14, title: '路灯不亮' })], nextAfter: null } });
    const page = await renderPage(PAGE);
    page.instance.onReachBottom();
    await new Promise((r) => setTimeout(r, 10));

    expect(requestedPaths(wx)[1]).toBe('/api/review/queue?after=12&limit=20');
    expect(text(page, '#topic-14')).toContain('路灯不亮');
  });

  test('an empty queue says so; a 403 shows the API message', async () => {
    wx.__respond({ data: { items: [], nextAfter: null } });
    const empty = await renderPage(PAGE);
    expect(text(empty, '#empty')).toBe('没有待审的议题。');

    wx.__respond(fixtures.problem(403, 'forbidden', '只有审题人可以查看待审议题。'));
    const refused = await renderPage(PAGE);
    expect(text(refused, '#error-message')).toBe('只有审题人可以查看待审议题。');
  });
});
