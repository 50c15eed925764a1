const { renderPage, text, tap, settle } = require('./page');
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

describe('review queue page: similar topics', () => {
  const WORKFLOW = require('../../tests/fixtures/workflow.json');
  const withSimilar = () => staff.listItem({
    possibleDuplicateOf: 31,
    similar: [
      { id: 31, title: '小区门口停车乱', status: 'announced', statusName: '听取意见中', roomId: 4, roomName: '柳树湾社区协商议事室', supportCount: 6, score: 0.45, sameRoom: true, canMergeInto: true },
      { id: 32, title: '门口乱停车', status: 'implementing', statusName: '正在办理', roomId: 5, roomName: '东长街社区协商议事室', supportCount: 1, score: 0.3, sameRoom: false, canMergeInto: false },
    ],
  });

  test('each item shows its town\'s like topics, the likely duplicate flagged, and 合并到此 only where the merge is allowed', async () => {
    wx.__respond({ data: { items: [withSimilar(), staff.listItem({ id: 13, title: '楼道堆物', similar: [], possibleDuplicateOf: null })], nextAfter: null } });
    const page = await renderPage(PAGE);

    expect(text(page, '#duplicate-12')).toContain('可能重复');
    expect(text(page, '#like-12-31')).toContain('【很像】小区门口停车乱');
    expect(text(page, '#like-12-31')).toContain('柳树湾社区协商议事室 · 听取意见中 · 6 人支持');
    expect(text(page, '#merge-12-31')).toBe('合并到此');
    expect(page.querySelector('#merge-12-32')).toBeUndefined();
    expect(text(page, '#like-12-32')).toContain('其他议事室的议题，不能合并');
    expect(page.querySelector('#duplicate-13')).toBeUndefined();
    expect(page.querySelector('#similar-13')).toBeUndefined();
  });

  test('合并到此 asks to confirm, then merges through the workflow\'s merge form and takes the item off the list', async () => {
    wx.__respond({ data: { items: [withSimilar()], nextAfter: null } });
    const page = await renderPage(PAGE);
    wx.__respond({ data: WORKFLOW });
    wx.__respond({ data: { id: 12, status: 'merged' } });

    await tap(page, '#merge-12-31');
    await new Promise((r) => setTimeout(r, 10));

    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '合并到此议题？' }));
    const merge = wx.request.mock.calls.map((c) => c[0]).find((r) => r.url.endsWith('/api/topics/12/merge'));
    expect(merge.method).toBe('POST');
    expect(merge.data).toEqual({ intoTopicId: 31 });
    expect(page.querySelector('#topic-12')).toBeUndefined();
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });

  test('a declined confirmation merges nothing; a refused merge shows the API message', async () => {
    wx.__respond({ data: { items: [withSimilar()], nextAfter: null } });
    const page = await renderPage(PAGE);
    wx.showModal.mockImplementationOnce((o) => o.success({ confirm: false, cancel: true }));
    await tap(page, '#merge-12-31');
    expect(wx.request.mock.calls.some((c) => c[0].url.endsWith('/merge'))).toBe(false);

    wx.__respond({ data: WORKFLOW });
    wx.__respond(fixtures.problem(422, 'merge_target_other_room', '只能合并到同一议事室的议题。'));
    await tap(page, '#merge-12-31');
    await new Promise((r) => setTimeout(r, 10));
    expect(text(page, '#merge-error')).toBe('⚠ 只能合并到同一议事室的议题。');
    expect(page.querySelector('#topic-12')).toBeTruthy();
  });
});

describe('review queue page: coming back from a topic keeps the place in a long list', () => {
  const topics = (list) => list.map((id) => staff.listItem({ id, title: `待审议题${id}` }));
  const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const answer = (list, nextAfter) => ({ data: { items: topics(list), nextAfter } });

  // Two pages on screen (40 topics), then a topic opened.
  async function scrolledDown() {
    wx.__respond(answer(range(1, 20), 20));
    const page = await renderPage(PAGE);
    wx.__respond(answer(range(21, 40), 40));
    page.instance.onReachBottom();
    await settle();
    expect(page.instance.data.items).toHaveLength(40);
    await tap(page, '#topic-30');
    return page;
  }

  test('reads as many pages again as were on screen, without the topic that left, and goes on from there', async () => {
    const page = await scrolledDown();
    // Topic 5 was accepted meanwhile: it left the queue and the pages move up by one.
    wx.__respond(answer([...range(1, 4), ...range(6, 21)], 21));
    wx.__respond(answer(range(22, 41), 41));
    page.instance.onShow();
    expect(page.querySelector('#loading')).toBeUndefined(); // the list stays on screen while it is read
    expect(text(page, '#topic-30')).toContain('待审议题30');
    await settle();

    expect(requestedPaths(wx).slice(2)).toEqual(['/api/review/queue?limit=20', '/api/review/queue?after=21&limit=20']);
    expect(page.instance.data.items.map((i) => i.id)).toEqual([...range(1, 4), ...range(6, 41)]);
    expect(page.querySelector('#topic-5')).toBeUndefined();
    expect(text(page, '#topic-41')).toContain('待审议题41');
    expect(text(page, '#list-end')).toBe('上拉加载更多');

    wx.__respond(answer([], null));
    page.instance.onReachBottom();
    await settle();
    expect(requestedPaths(wx)[4]).toBe('/api/review/queue?after=41&limit=20');
  });

  test('a page that fails leaves the list as it was and says why at its end', async () => {
    const page = await scrolledDown();
    wx.__respond(answer(range(2, 21), 21));
    wx.__respond(fixtures.problem(503, 'database_unavailable', '服务暂时不可用，请稍后重试。'));
    page.instance.onShow();
    await settle();

    expect(requestedPaths(wx)).toHaveLength(4);
    expect(page.querySelector('#error')).toBeUndefined();
    expect(page.instance.data.items.map((i) => i.id)).toEqual(range(1, 40));
    expect(text(page, '#list-end')).toBe('⚠ 服务暂时不可用，请稍后重试。（下拉可以刷新）');
  });

  test('pulling down still starts from the first page', async () => {
    const page = await scrolledDown();
    wx.__respond(answer(range(2, 21), 21));
    page.instance.onPullDownRefresh();
    await settle();
    expect(requestedPaths(wx).slice(2)).toEqual(['/api/review/queue?limit=20']);
    expect(page.instance.data.items).toHaveLength(20);
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });
});
