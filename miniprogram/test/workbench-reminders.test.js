const { renderPage, text, tap } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const staff = require('./staff-fixtures');

const PAGE = 'packageStaff/pages/workbench/index';

const template = (key, templateId, title, audience, roles, remaining) => ({ key, templateId, title, audience, roles, remaining });
const RESIDENT = template('topic_progress', 'T1', '议题进展通知', 'resident', [], 0);
const NEW_SUBMISSION = template('new_submission', 'T2', '新议题待审提醒', 'staff', ['reviewer', 'room_admin'], 2);
const TASK_ASSIGNED = template('task_assigned', 'T3', '落实任务通知', 'staff', ['implementer'], 0);
const TASK_OVERDUE = template('task_overdue', 'T4', '任务逾期提醒', 'staff', ['implementer'], 1);
const REVIEW_DUE = template('review_due', 'T5', '议题跟踪提醒', 'staff', ['room_admin'], 0);

async function open(roles, templates) {
  wx.__respond({ data: staff.me(roles) });
  wx.__respond({ data: templates });
  return renderPage(PAGE);
}

describe('workbench reminders', () => {
  beforeEach(() => {
    wx.showModal = jest.fn();
    wx.requestSubscribeMessage = jest.fn();
  });

  test('shows the staff templates of the caller\'s roles with the messages each can still receive', async () => {
    const page = await open(['reviewer'], [RESIDENT, NEW_SUBMISSION]);

    expect(requestedPaths(wx)).toEqual(['/api/me', '/api/me/subscriptions']);
    expect(text(page, '#reminder-new_submission')).toBe('新议题待审提醒：还可接收 2 条');
    expect(page.querySelector('#reminder-topic_progress')).toBeUndefined();
    expect(wx.requestSubscribeMessage).not.toHaveBeenCalled(); // only from a tap
  });

  test('a template with no credits says that no reminder can reach the person', async () => {
    const page = await open(['implementer'], [RESIDENT, TASK_ASSIGNED, TASK_OVERDUE]);

    expect(text(page, '#reminder-task_assigned')).toBe('落实任务通知：还可接收 0 条（收不到提醒）');
    expect(text(page, '#reminder-task_overdue')).toBe('任务逾期提醒：还可接收 1 条');
  });

  test('a tap asks WeChat for the staff templates and shows the credits the API now counts', async () => {
    const page = await open(['reviewer', 'implementer'], [RESIDENT, NEW_SUBMISSION, TASK_ASSIGNED, TASK_OVERDUE]);
    wx.requestSubscribeMessage = jest.fn((o) => o.success({ errMsg: 'requestSubscribeMessage:ok', T2: 'accept', T3: 'accept', T4: 'reject' }));
    wx.__respond({ data: { templateId: 'T2', remaining: 3 } });
    wx.__respond({ data: { templateId: 'T3', remaining: 1 } });

    await tap(page, '#subscribe-0');

    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['T2', 'T3', 'T4']);
    expect(wx.request.mock.calls.slice(2).map((c) => c[0].data)).toEqual([{ templateId: 'T2', accepted: 1 }, { templateId: 'T3', accepted: 1 }]);
    expect(text(page, '#reminder-new_submission')).toBe('新议题待审提醒：还可接收 3 条');
    expect(text(page, '#reminder-task_assigned')).toBe('落实任务通知：还可接收 1 条');
    expect(text(page, '#reminder-task_overdue')).toBe('任务逾期提醒：还可接收 1 条');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已订阅 2 项提醒', icon: 'none' });
  });

  test('more than 3 templates are split over buttons, never more than 3 ids in one call', async () => {
    const page = await open(['reviewer', 'room_admin', 'implementer'], [RESIDENT, NEW_SUBMISSION, TASK_ASSIGNED, TASK_OVERDUE, REVIEW_DUE]);
    wx.requestSubscribeMessage = jest.fn((o) => o.success({ errMsg: 'requestSubscribeMessage:ok' }));

    await tap(page, '#subscribe-0');
    await tap(page, '#subscribe-1');

    expect(wx.requestSubscribeMessage.mock.calls.map((c) => c[0].tmplIds)).toEqual([['T2', 'T3', 'T4'], ['T5']]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '未订阅：您没有选择允许', icon: 'none' });
  });

  test('a refused subscribe call tells the person how to turn messages on', async () => {
    const page = await open(['room_admin'], [RESIDENT, NEW_SUBMISSION, REVIEW_DUE]);
    wx.requestSubscribeMessage = jest.fn((o) => o.fail({ errMsg: 'requestSubscribeMessage:fail last call has not ended', errCode: 20004 }));

    await tap(page, '#subscribe-0');

    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '订阅未成功', content: expect.stringContaining('订阅消息') }));
    expect(text(page, '#reminder-review_due')).toBe('议题跟踪提醒：还可接收 0 条（收不到提醒）');
  });

  test('credits that cannot be read leave the lists working and say so', async () => {
    wx.__respond({ data: staff.me(['reviewer']) });
    wx.__respond(fixtures.problem(503, 'database_unavailable', '服务暂时不可用，请稍后重试。'));
    const page = await renderPage(PAGE);

    expect(page.querySelector('#entry-review')).toBeDefined();
    expect(text(page, '#reminders-error')).toBe('提醒次数暂时读不到：服务暂时不可用，请稍后重试。');
  });
});
