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
