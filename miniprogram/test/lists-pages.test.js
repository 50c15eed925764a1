const { renderPage, text, tap, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const T = require('./topic-fixtures');

beforeEach(() => {
  wx.showActionSheet = jest.fn((o) => o.success({ tapIndex: 0 }));
});

function listItem(id, overrides = {}) {
  return {
    id, receiptNo: `2026-R8K2MQ-000${id}`, roomId: 7, roomName: '萧湖社区议事室', title: `议题${id}`, categoryId: 2, categoryName: '道路交通',
    status: 'announced', statusName: '听取意见中', stage: 2, classification: null, supportCount: 1, commentCount: 0, heldForModeration: false,
    submittedAt: '2026-05-01T00:30:00', updatedAt: '2026-05-01T00:30:00', ...overrides,
  };
}

function meetingItem(id, overrides = {}) {
  return {
    id, topicId: 9, receiptNo: '2026-R8K2MQ-0001', topicTitle: '萧湖路北段路灯不亮', roomId: 7, roomName: '萧湖社区议事室',
    startsAt: '2099-06-01T06:30:00', mode: 'hybrid', modeName: '线上线下结合', place: '议事室', capacity: 30, signupCount: 5, hasMinutes: false, ...overrides,
  };
}

describe('topics page (码上建议)', () => {
  const query = { roomId: '7', roomName: encodeURIComponent('萧湖社区议事室'), regionId: '4', regionName: encodeURIComponent('萧湖社区') };

  test('lists the room\'s topics with status in words and loads the next keyset page at the bottom', async () => {
    wx.__respond({ data: { items: [listItem(3), listItem(2)], nextAfter: 2 } });
    const page = await renderPage('pages/topics/index', query);
    expect(text(page, '#topic-3')).toContain('状态：听取意见中');

    wx.__respond({ data: { items: [listItem(1)], nextAfter: null } });
    page.instance.onReachBottom();
    await settle();
    expect(requestedPaths(wx)).toEqual(['/api/rooms/7/topics?limit=20', '/api/rooms/7/topics?after=2&limit=20']);
    expect(page.instance.data.items.map((i) => i.id)).toEqual([3, 2, 1]);
    expect(text(page, '#list-end')).toBe('没有更多了');

    await tap(page, '#topic-1');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=1' });
  });

  test('the region tab and the resolution filter ask the region list', async () => {
    wx.__respond({ data: { items: [], nextAfter: null } });
    const page = await renderPage('pages/topics/index', query);
    expect(text(page, '#empty')).toBe('这里暂时还没有公开的问题。您有想反映的事，可以回到议事室，点“码上征题”。');

    wx.__respond({ data: { items: [listItem(5)], nextAfter: null } });
    await tap(page, '#tab-region');
    wx.__respond({ data: { items: [listItem(6, { status: 'resolution_published', statusName: '已商定' })], nextAfter: null } });
    await tap(page, '#filter-resolution_published');

    expect(requestedPaths(wx).slice(1)).toEqual(['/api/regions/4/topics?limit=20', '/api/regions/4/topics?status=resolution_published&limit=20']);
    expect(text(page, '#tab-region')).toBe('✓ 萧湖社区全部');
    expect(text(page, '#topic-6')).toContain('状态：已商定');
    expect(text(page, '#filter-resolution_published')).toBe('✓ 已商定');

    wx.__respond({ data: { items: [], nextAfter: null } });
    await tap(page, '#filter-announced');
    expect(text(page, '#empty')).toBe('这一类暂时没有问题，点上面的“全部”看看。');
  });

  test('a next page that fails says so at the end of the list, where it stays', async () => {
    wx.__respond({ data: { items: [listItem(3)], nextAfter: 3 } });
    const page = await renderPage('pages/topics/index', query);
    wx.__respond({ fail: 'request:fail timeout' });
    page.instance.onReachBottom();
    await settle();

    expect(text(page, '#list-end')).toBe('⚠ 网络超时，请检查网络后重试。（往上拉可以再试）');
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('an error shows the message and 重试', async () => {
    wx.__respond({ fail: 'request:fail timeout' });
    const page = await renderPage('pages/topics/index', query);
    expect(text(page, '#error-message')).toBe('网络超时，请检查网络后重试。');
    wx.__respond({ data: { items: [listItem(1)], nextAfter: null } });
    await tap(page, '#retry');
    expect(text(page, '#topic-1')).toContain('议题1');
  });
});

describe('meetings page (码上协商)', () => {
  test('signs up for an upcoming meeting, then offers cancelling', async () => {
    wx.__respond({ data: { items: [meetingItem(3)], nextAfter: null } });
    wx.__respond({ data: [] });
    const page = await renderPage('pages/meetings/index', { roomId: '7' });
    expect(text(page, '#meeting-3')).toContain('2099-06-01 14:30 · 线上线下结合会议');

    wx.__respond({ data: T.topic({ meetings: [T.meeting({ signedUpByMe: true, signupCount: 6 })] }) });
    await tap(page, '#sign-up-3');
    expect(requestedPaths(wx)).toEqual(['/api/meetings?roomId=7&when=upcoming&limit=20', '/api/me/signups?meetingIds=3', '/api/topics/9/meetings/3/signups']);
    expect(wx.request.mock.calls[2][0].data).toEqual({ attendMode: 'offline' });
    expect(text(page, '#signed-3')).toBe('✓ 您已报名');
    expect(text(page, '#meeting-3')).toContain('已报名 6/30 人');

    expect(text(page, '#message-3')).toContain('报名成功');
    expect(wx.showToast).not.toHaveBeenCalled();

    // 取消报名 asks first: "no" leaves the sign-up as it is.
    wx.showModal = jest.fn((o) => o.success({ confirm: false, cancel: true }));
    await tap(page, '#cancel-3');
    expect(wx.showModal.mock.calls[0][0]).toMatchObject({ title: '取消报名', confirmText: '取消报名', cancelText: '还要参加' });
    expect(wx.request.mock.calls).toHaveLength(3);
    expect(text(page, '#signed-3')).toBe('✓ 您已报名');

    wx.showModal = jest.fn((o) => o.success({ confirm: true, cancel: false }));
    wx.__respond({ data: T.topic({ meetings: [T.meeting({ signedUpByMe: false, signupCount: 5 })] }) });
    await tap(page, '#cancel-3');
    expect(wx.request.mock.calls[3][0].method).toBe('DELETE');
    expect(page.querySelector('#sign-up-3')).toBeTruthy();
    expect(text(page, '#message-3')).toBe('✓ 已取消报名。想参加的话，可以再报名。');
  });

  test('the list shows the caller\'s own sign-ups, asked apart from the public list', async () => {
    wx.__respond({ data: { items: [meetingItem(3), meetingItem(4)], nextAfter: 4 } });
    wx.__respond({ data: [{ meetingId: 4, attendMode: 'online' }] });
    const page = await renderPage('pages/meetings/index', { roomId: '7' });

    expect(requestedPaths(wx)).toEqual(['/api/meetings?roomId=7&when=upcoming&limit=20', '/api/me/signups?meetingIds=3%2C4']);
    expect(text(page, '#signed-4')).toBe('✓ 您已报名');
    expect(page.querySelector('#cancel-4')).toBeTruthy();
    expect(page.querySelector('#signed-3')).toBeUndefined();
    expect(page.querySelector('#sign-up-3')).toBeTruthy();

    wx.__respond({ data: { items: [meetingItem(5)], nextAfter: null } });
    wx.__respond({ data: [{ meetingId: 5, attendMode: 'offline' }] });
    await page.instance.onReachBottom();
    await settle();
    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/me/signups?meetingIds=5']);
    expect(text(page, '#signed-5')).toBe('✓ 您已报名');
  });

  test('without an answer about sign-ups the list still shows', async () => {
    wx.__respond({ data: { items: [meetingItem(3)], nextAfter: null } });
    wx.__respond(fixtures.problem(503, 'database_unavailable', '服务暂时不可用，请稍后重试。'));
    const page = await renderPage('pages/meetings/index', { roomId: '7' });

    expect(text(page, '#meeting-3')).toContain('2099-06-01 14:30');
    expect(page.querySelector('#sign-up-3')).toBeTruthy();
  });

  test('a full meeting refuses with the API message', async () => {
    wx.__respond({ data: { items: [meetingItem(3, { mode: 'online' })], nextAfter: null } });
    wx.__respond({ data: [] });
    const page = await renderPage('pages/meetings/index', { roomId: '7' });
    wx.__respond(fixtures.problem(409, 'meeting_full', '这次会议的报名名额已满，可以在会后查看协商结果。'));
    await tap(page, '#sign-up-3');

    expect(wx.showActionSheet).not.toHaveBeenCalled();
    expect(wx.request.mock.calls[2][0].data).toEqual({ attendMode: 'online' });
    expect(text(page, '#message-3')).toBe('⚠ 这次会议的报名名额已满，可以在会后查看协商结果。');
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('past meetings lead to minutes and resolutions on the topic page; empty says so', async () => {
    wx.__respond({ data: { items: [], nextAfter: null } });
    const page = await renderPage('pages/meetings/index', { roomId: '7' });
    expect(text(page, '#empty')).toBe('近期没有安排协商会议。有新的会议会显示在这里，也可以点上面的“已召开”看看以往的会议。');

    wx.__respond({ data: { items: [meetingItem(2, { startsAt: '2026-04-01T06:30:00', hasMinutes: true })], nextAfter: null } });
    wx.__respond({ data: [{ meetingId: 2, attendMode: 'offline' }] });
    await tap(page, '#tab-past');
    expect(requestedPaths(wx).slice(-2)).toEqual(['/api/meetings?roomId=7&when=past&limit=20', '/api/me/signups?meetingIds=2']);
    expect(text(page, '#signed-2')).toBe('✓ 您报名参加了这次会议');
    await tap(page, '#minutes-2');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=9' });
  });
});

describe('inquire page (码上查情)', () => {
  async function open() {
    wx.__respond({ data: { items: [listItem(4, { status: 'submitted', statusName: '审核中' })], nextAfter: null } });
    wx.__respond({ data: fixtures.landing() });
    return renderPage('pages/inquire/index', { roomId: '7', scene: 'r8K2mQ' });
  }

  test('shows my topics with status and the room\'s record', async () => {
    const page = await open();
    expect(requestedPaths(wx)).toEqual(['/api/me/topics?limit=20', '/api/landing?scene=r8K2mQ']);
    expect(text(page, '#mine-4')).toContain('状态：审核中');
    expect(text(page, '#record-total')).toBe('12问题总数');
    await tap(page, '#mine-4');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=4' });
  });

  test('a receipt lookup of a public topic shows it and opens the full timeline', async () => {
    const page = await open();
    page.querySelector('#receipt-input').dispatchEvent('input', { detail: { value: ' 2026-r8k2mq-0001 ' } });
    await settle();
    wx.__respond({ data: { topic: T.topic(), status: null } });
    await tap(page, '#lookup-button');

    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/topics/by-receipt/2026-R8K2MQ-0001']);
    expect(text(page, '#found')).toContain('状态：听取意见中');
    await tap(page, '#open-found');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=9' });
  });

  test('a receipt lookup of a topic not public shows where it stands only', async () => {
    const page = await open();
    page.querySelector('#receipt-input').dispatchEvent('input', { detail: { value: '2026-R8K2MQ-0002' } });
    await settle();
    wx.__respond({ data: { topic: null, status: {
      receiptNo: '2026-R8K2MQ-0002', status: 'submitted', statusName: '审核中', stage: 1, stageName: '提出问题',
      submittedAt: '2026-05-01T00:30:00', updatedAt: '2026-05-01T00:30:00',
      timeline: [{ at: '2026-05-01T00:30:00', round: 1, action: 'submit', actionName: '提交问题', fromStatus: null, toStatus: 'submitted', toStatusName: '审核中', actorRole: '居民', actorUnit: null, note: null }],
    } } });
    await tap(page, '#lookup-button');

    const standing = text(page, '#standing');
    expect(standing).toContain('状态：审核中');
    expect(standing).not.toContain('阶段');
    expect(standing).toContain('提交问题 → 审核中');
    expect(standing).toContain('还没有公开');
    expect(page.querySelector('#found')).toBeUndefined();
  });

  test('an unknown receipt shows the API message; an empty one asks for it', async () => {
    const page = await open();
    await tap(page, '#lookup-button');
    expect(text(page, '#lookup-error')).toContain('请输入查询号');

    page.querySelector('#receipt-input').dispatchEvent('input', { detail: { value: '2026-XXXX-9999' } });
    await settle();
    wx.__respond(fixtures.problem(404, 'receipt_not_found', '没有找到这个查询号。请对照回执，一个字一个字地核对后再查。'));
    await tap(page, '#lookup-button');
    expect(text(page, '#lookup-error')).toBe('⚠ 没有找到这个查询号。请对照回执，一个字一个字地核对后再查。');
  });

  test('a receipt read out with spaces, typed with other dashes or in lower case is looked up as the number it is', async () => {
    const page = await open();
    page.querySelector('#receipt-input').dispatchEvent('input', { detail: { value: '2026 - r 8 k 2 m q － 0001' } });
    await settle();
    wx.__respond({ data: { topic: T.topic(), status: null } });
    await tap(page, '#lookup-button');

    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/topics/by-receipt/2026-R8K2MQ-0001']);
    expect(text(page, '#found')).toContain('萧湖路北段路灯不亮');
  });
});
