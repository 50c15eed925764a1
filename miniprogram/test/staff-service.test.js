const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const { WORKFLOW } = require('./topic-fixtures');

let staff;

// A fresh module each test, so the workflow (kept in memory for the session) is asked for once in each.
beforeEach(() => {
  jest.resetModules();
  staff = require('../packageStaff/services/staff');
});

function last() {
  return wx.__requests[wx.__requests.length - 1];
}

describe('services/staff', () => {
  test('lists go to their endpoints with keyset paging', async () => {
    for (let i = 0; i < 7; i += 1) wx.__respond({ data: { items: [], nextAfter: null } });
    await staff.reviewQueue({ after: 7 });
    await staff.due();
    await staff.myTasks({ after: '2026-05-01.1.3', limit: 10 });
    await staff.roomTopics(4);
    await staff.reviewCriteria(4);
    await staff.regionTopics(5);
    await staff.regionTopics(5, { status: 'submitted', after: 40, limit: 10 });
    expect(requestedPaths(wx)).toEqual([
      '/api/review/queue?after=7&limit=20',
      '/api/due?limit=20',
      '/api/me/tasks?after=2026-05-01.1.3&limit=10',
      '/api/rooms/4/topics?limit=50',
      '/api/review-criteria?room=4',
      '/api/regions/5/topics/all?limit=20',
      '/api/regions/5/topics/all?status=submitted&after=40&limit=10',
    ]);
  });

  test.each([
    ['accept', { id: 12 }, '/api/topics/12/accept'],
    ['reject', { id: 12 }, '/api/topics/12/reject'],
    ['refer', { id: 12 }, '/api/topics/12/refer'],
    ['merge', { id: 12 }, '/api/topics/12/merge'],
    ['classify', { id: 12 }, '/api/topics/12/classify'],
    ['start_research', { id: 12 }, '/api/topics/12/research'],
    ['add_report', { id: 12 }, '/api/topics/12/reports'],
    ['schedule_meeting', { id: 12 }, '/api/topics/12/meetings'],
    ['record_minutes', { id: 12, meetingId: 5 }, '/api/topics/12/meetings/5/minutes'],
    ['publish_resolution', { id: 12 }, '/api/topics/12/resolution'],
    ['add_task', { id: 12 }, '/api/topics/12/tasks'],
    ['update_progress', { id: 12, taskId: 31 }, '/api/topics/12/tasks/31/progress'],
    ['complete', { id: 12 }, '/api/topics/12/complete'],
    ['close', { id: 12 }, '/api/topics/12/close'],
    ['reopen', { id: 12 }, '/api/topics/12/reopen'],
    ['escalate', { id: 12 }, '/api/topics/12/escalate'],
    ['hide_comment', { id: 12, commentId: 8 }, '/api/topics/12/comments/8/hide'],
    ['approve_comment', { id: 12, commentId: 8 }, '/api/topics/12/comments/8/approve'],
  ])('%s posts to %s, the route the published workflow gives', async (action, ids, path) => {
    wx.__respond({ data: WORKFLOW });
    wx.__respond({ data: { id: 12 } });
    await expect(staff.perform(action, ids, { a: 1 })).resolves.toEqual({ id: 12 });
    expect(last().method).toBe('POST');
    expect(requestedPaths(wx)).toEqual(['/api/workflow', path]);
    expect(last().data).toEqual({ a: 1 });
  });

  test('sends the stored token', async () => {
    wx.setStorageSync('auth', { accessToken: 'tok', refreshExpiresAt: Date.now() + 1e9 });
    wx.__respond({ data: {} });
    await staff.topic(3);
    expect(last().header.Authorization).toBe('Bearer tok');
  });

  test('a 409 comes back as an ApiError carrying the current state', async () => {
    wx.__respond({ data: WORKFLOW });
    wx.__respond({ statusCode: 409, data: { status: 409, code: 'topic_changed', detail: '议题刚刚被其他人处理过，请查看最新状态后再操作。', currentStatus: 'announced', allowedActions: ['classify'] } });
    const err = await staff.perform('accept', { id: 12 }, {}).catch((e) => e);
    expect(err).toMatchObject({ status: 409, code: 'topic_changed', message: '议题刚刚被其他人处理过，请查看最新状态后再操作。' });
    expect(err.problem.allowedActions).toEqual(['classify']);
  });

  test('a 400 carries the field errors', async () => {
    wx.__respond({ data: WORKFLOW });
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', { reason: ['请填写理由。'] }));
    const err = await staff.perform('reopen', { id: 12 }, {}).catch((e) => e);
    expect(err.fieldErrors).toEqual({ reason: ['请填写理由。'] });
  });

  test('an action the workflow gives no staff form is refused without posting', async () => {
    wx.__respond({ data: WORKFLOW });
    await expect(staff.perform('sing', { id: 1 })).rejects.toThrow('不支持的操作');
    await expect(staff.perform('comment', { id: 1 })).rejects.toThrow('不支持的操作');
    expect(requestedPaths(wx)).toEqual(['/api/workflow']);
  });

  test('the workflow is asked for once however many actions are taken', async () => {
    wx.__respond({ data: WORKFLOW });
    wx.__respond({ data: { id: 12 } });
    wx.__respond({ data: { id: 12 } });
    await staff.perform('close', { id: 12 }, {});
    await staff.perform('reopen', { id: 12 }, { reason: '再议' });
    expect(requestedPaths(wx)).toEqual(['/api/workflow', '/api/topics/12/close', '/api/topics/12/reopen']);
  });
});
