const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

let topics;
let comments;
let meetings;
let catalog;
let subscriptions;

beforeEach(() => {
  jest.resetModules();
  topics = require('../services/topics');
  comments = require('../services/comments');
  meetings = require('../services/meetings');
  catalog = require('../services/catalog');
  subscriptions = require('../services/subscriptions');
});

const sent = (i = 0) => wx.request.mock.calls[i][0];

describe('topics service', () => {
  test('submit posts the form to the room with the Idempotency-Key header', async () => {
    wx.__respond({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001' } });
    const body = { title: '路灯不亮', description: '萧湖路北段路灯坏了', categoryId: 2, anonymous: true };

    await expect(topics.submit(7, body, 'key-1')).resolves.toMatchObject({ receiptNo: '2026-R8K2MQ-0001' });
    expect(requestedPaths(wx)).toEqual(['/api/rooms/7/topics']);
    expect(sent().method).toBe('POST');
    expect(sent().data).toEqual(body);
    expect(sent().header['Idempotency-Key']).toBe('key-1');
  });

  test('reads a topic, a receipt (trimmed, upper case) and the lists with keyset paging', async () => {
    for (let i = 0; i < 5; i += 1) wx.__respond({ data: { items: [], nextAfter: null } });
    await topics.detail(9);
    await topics.byReceipt(' 2026-r8k2mq-0001 ');
    await topics.roomTopics(7, { after: 30 });
    await topics.regionTopics(4, { status: 'announced' });
    await topics.mine();

    expect(requestedPaths(wx)).toEqual([
      '/api/topics/9',
      '/api/topics/by-receipt/2026-R8K2MQ-0001',
      '/api/rooms/7/topics?after=30&limit=20',
      '/api/regions/4/topics?status=announced&limit=20',
      '/api/me/topics?limit=20',
    ]);
  });

  test('similar topics are asked with the title and description as typed, an empty one left out', async () => {
    wx.__respond({ data: { items: [{ id: 31 }] } });
    wx.__respond({ data: { items: [] } });
    await expect(topics.similar(7, '东门路灯坏了', '晚上很黑')).resolves.toEqual({ items: [{ id: 31 }] });
    await topics.similar(7, '', '东门的路灯');

    expect(wx.request.mock.calls.map((c) => c[0].url.replace(/^https?:\/\/[^/]+/, ''))).toEqual([
      `/api/rooms/7/similar-topics?title=${encodeURIComponent('东门路灯坏了')}&description=${encodeURIComponent('晚上很黑')}`,
      `/api/rooms/7/similar-topics?description=${encodeURIComponent('东门的路灯')}`,
    ]);
  });

  test('support posts, withdrawing deletes, evaluating posts the answers', async () => {
    wx.__respond({ data: { supportCount: 3, supportedByMe: true } });
    wx.__respond({ data: { supportCount: 2, supportedByMe: false } });
    wx.__respond({ statusCode: 201, data: { id: 9 } });
    await expect(topics.support(9)).resolves.toEqual({ supportCount: 3, supportedByMe: true });
    await topics.withdrawSupport(9);
    await topics.evaluate(9, { solved: true, satisfied: false, comment: '' });

    expect(wx.request.mock.calls.map((c) => c[0].method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(requestedPaths(wx)).toEqual(['/api/topics/9/support', '/api/topics/9/support', '/api/topics/9/evaluations']);
    expect(sent(2).data).toEqual({ solved: true, satisfied: false, comment: null });
  });

  test('an API refusal reaches the caller with its Chinese message', async () => {
    wx.__respond(fixtures.problem(409, 'room_closed', '该议事室已停用，暂不接受新的议题。'));
    await expect(topics.submit(7, {}, 'k')).rejects.toMatchObject({ status: 409, code: 'room_closed', message: '该议事室已停用，暂不接受新的议题。' });
  });
});

describe('comments service', () => {
  test('lists newest first with paging, posts with a stance, reports', async () => {
    wx.__respond({ data: { items: [], nextAfter: null, counts: {} } });
    wx.__respond({ statusCode: 201, data: { id: 5 } });
    wx.__respond({ statusCode: 204, data: '' });
    await comments.list(9, { after: 40 });
    await comments.create(9, { stance: 'doubt', body: '费用谁出？' });
    await comments.report(9, 5);

    expect(requestedPaths(wx)).toEqual(['/api/topics/9/comments?after=40&limit=20', '/api/topics/9/comments', '/api/topics/9/comments/5/report']);
    expect(sent(1).data).toEqual({ stance: 'doubt', body: '费用谁出？' });
    expect(sent(2).data).toEqual({ reason: null });
  });
});

describe('meetings service', () => {
  test('lists a room\'s meetings, signs up with an attend mode and cancels', async () => {
    wx.__respond({ data: { items: [], nextAfter: null } });
    wx.__respond({ data: { id: 9 } });
    wx.__respond({ data: { id: 9 } });
    await meetings.list({ roomId: 7, when: 'past' });
    await meetings.signUp(9, 3, 'online');
    await meetings.cancel(9, 3);

    expect(requestedPaths(wx)).toEqual(['/api/meetings?roomId=7&when=past&limit=20', '/api/topics/9/meetings/3/signups', '/api/topics/9/meetings/3/signups']);
    expect(sent(1).data).toEqual({ attendMode: 'online' });
    expect(sent(2).method).toBe('DELETE');
  });

  test('offers only the attend modes a meeting accepts', () => {
    expect(meetings.attendModesFor('offline').map((m) => m.key)).toEqual(['offline']);
    expect(meetings.attendModesFor('hybrid').map((m) => m.key)).toEqual(['offline', 'online']);
  });
});

describe('catalog service', () => {
  test('loads categories and the workflow once and keeps them in memory', async () => {
    wx.__respond({ data: [{ id: 1, name: '环境卫生' }] });
    wx.__respond({ data: { statuses: [], actions: [{ name: 'accept', chineseName: '受理并公示' }] } });
    await catalog.categories();
    await catalog.categories();
    const wf = await catalog.workflow();
    expect(wf.actions[0].name).toBe('accept');
    await catalog.workflow();

    expect(requestedPaths(wx)).toEqual(['/api/categories', '/api/workflow']);
  });

  test('a failed load is not cached', async () => {
    wx.__respond({ fail: 'request:fail timeout' });
    wx.__respond({ data: [{ id: 1, name: '环境卫生' }] });
    await expect(catalog.categories()).rejects.toMatchObject({ code: 'network_timeout' });
    await expect(catalog.categories()).resolves.toEqual([{ id: 1, name: '环境卫生' }]);
  });
});

describe('subscriptions service', () => {
  test('templates: the list, or nothing when the API fails', async () => {
    wx.__respond({ data: [{ key: 'progress', templateId: 'T1', title: '议题进展通知' }] });
    wx.__respond(fixtures.problem(404, 'not_found', '没有找到相关内容。'));
    await expect(subscriptions.templates()).resolves.toHaveLength(1);
    await expect(subscriptions.templates()).resolves.toEqual([]);
  });

  test('subscribe asks WeChat for the templates and reports only the accepted ones', async () => {
    wx.requestSubscribeMessage = jest.fn((o) => o.success({ errMsg: 'requestSubscribeMessage:ok', T1: 'accept', T2: 'reject' }));

    wx.__respond({ data: { templateId: 'T1', remaining: 4 } });

    await expect(subscriptions.subscribe(['T1', 'T2'])).resolves.toEqual([{ templateId: 'T1', remaining: 4 }]);
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['T1', 'T2']);
    expect(requestedPaths(wx)).toEqual(['/api/me/subscriptions']);
    expect(sent().data).toEqual({ templateId: 'T1', accepted: 1 });
  });

  test('subscribe never passes WeChat more than 3 ids in one call', async () => {
    wx.requestSubscribeMessage = jest.fn((o) => o.success({}));

    await subscriptions.subscribe(['T1', 'T2', 'T3', 'T4', 'T5']);
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['T1', 'T2', 'T3']);
    expect(subscriptions.groups(['T1', 'T2', 'T3', 'T4', 'T5'])).toEqual([['T1', 'T2', 'T3'], ['T4', 'T5']]);
  });

  test('a resident is asked only for the resident templates', () => {
    const list = [
      { key: 'topic_progress', templateId: 'T1', audience: 'resident', roles: [] },
      { key: 'new_submission', templateId: 'T2', audience: 'staff', roles: ['reviewer', 'room_admin'] },
      { key: 'task_assigned', templateId: 'T3', audience: 'staff', roles: ['implementer'] },
    ];
    expect(subscriptions.residentTemplateIds(list)).toEqual(['T1']);
  });

  test('mine reads the caller\'s templates and credits', async () => {
    wx.__respond({ data: [{ key: 'new_submission', templateId: 'T2', remaining: 2 }] });
    await expect(subscriptions.mine()).resolves.toEqual([{ key: 'new_submission', templateId: 'T2', remaining: 2 }]);
    expect(requestedPaths(wx)).toEqual(['/api/me/subscriptions']);
    expect(sent().method).toBe('GET');
  });
});
