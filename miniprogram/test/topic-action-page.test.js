const { renderPage, text, tap, find, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const staff = require('./staff-fixtures');
const { WORKFLOW } = require('./topic-fixtures');

const PAGE = 'packageStaff/pages/topic-action/index';
const CATEGORIES = [{ id: 1, name: '基础设施', sortOrder: 10, isActive: true }, { id: 11, name: '其他', sortOrder: 999, isActive: true }];

async function type(page, selector, value) {
  find(page, selector).dispatchEvent('input', { detail: { value } });
  await settle();
}

async function pick(page, selector, value) {
  find(page, selector).dispatchEvent('change', { detail: { value } });
  await settle();
}

// Each render loads the page afresh, so its first request is the published workflow the form is built from;
// these tests look past it.
const asked = () => wx.__requests.filter((r) => !r.url.endsWith('/api/workflow'));
const paths = () => requestedPaths({ __requests: asked() });

function body(n) {
  return asked()[n].data;
}

beforeEach(() => {
  wx.navigateBack = jest.fn();
  wx.__respond({ data: WORKFLOW });
});

describe('topic action page', () => {
  test('reject offers the 五不议 criteria only (a 五议 one is a reason to accept) and a reason field, and posts both', async () => {
    wx.__respond({ data: staff.topic() });
    wx.__respond({ data: staff.criteria() });
    const page = await renderPage(PAGE, { id: '12', action: 'reject' });

    expect(text(page, '#form-title')).toBe('不通过审核');
    expect(text(page, '#topic-title')).toBe('小区门口乱停车');
    const options = text(page, '#input-criterionId');
    expect(options.indexOf('五不议')).toBeLessThan(options.indexOf('违反法律法规的事项'));
    expect(options).not.toContain('涉及群众切身利益的事项');
    expect(page.querySelector('#option-criterionId-1')).toBeUndefined();
    expect(page.querySelector('#field-reason')).toBeDefined();

    await tap(page, '#option-criterionId-6');
    expect(text(page, '#option-criterionId-6')).toContain('（已选）');
    await type(page, '#input-reason', '属于执法事项');
    wx.__respond({ data: staff.topic({ status: 'rejected', allowedActions: [] }) });
    await tap(page, '#submit');

    expect(paths()).toEqual(['/api/topics/12', '/api/review-criteria?room=4', '/api/topics/12/reject']);
    expect(body(2)).toEqual({ criterionId: 6, reason: '属于执法事项' });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已提交', icon: 'success' });
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  test('reject asks for the criteria of the topic\'s room, since each city has its own 五议五不议 set', async () => {
    wx.__respond({ data: staff.topic({ roomId: 9, roomName: '东城社区协商议事室' }) });
    wx.__respond({ data: staff.criteria().map((c) => ({ ...c, cityId: 3 })) });
    const page = await renderPage(PAGE, { id: '12', action: 'reject' });

    expect(paths()).toEqual(['/api/topics/12', '/api/review-criteria?room=9']);
    expect(text(page, '#input-criterionId')).toContain('违反法律法规的事项');
  });

  test('reject with no active 五不议 in the city says whom to ask', async () => {
    wx.__respond({ data: staff.topic() });
    wx.__respond({ data: staff.criteria().filter((c) => c.kind === 'deliberate') });
    const page = await renderPage(PAGE, { id: '12', action: 'reject' });

    expect(text(page, '#empty-criterionId')).toBe('本市还没有启用的“五不议”审题标准，请联系市级管理员添加。');
  });

  test('field errors from the API appear next to their fields, with the message on top', async () => {
    wx.__respond({ data: staff.topic() });
    wx.__respond({ data: staff.criteria() });
    const page = await renderPage(PAGE, { id: '12', action: 'reject' });
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', {
      criterionId: ['请选择“五议五不议”审题标准。'],
      reason: ['请填写不予受理的理由，提出人可以看到。'],
    }));
    await tap(page, '#submit');

    expect(text(page, '#error-criterionId')).toBe('⚠ 请选择“五议五不议”审题标准。');
    expect(text(page, '#error-reason')).toBe('⚠ 请填写不予受理的理由，提出人可以看到。');
    expect(text(page, '#errors')).toBe('⚠ 提交的内容有误，请按提示修改。');
    expect(wx.navigateBack).not.toHaveBeenCalled();

    await type(page, '#input-reason', '理由');
    expect(page.querySelector('#error-reason')).toBeUndefined();
    expect(text(page, '#error-criterionId')).toContain('请选择');
  });

  test('accept starts with an announcement date and the topic\'s category, which the reviewer may correct', async () => {
    wx.__respond({ data: staff.topic() });
    wx.__respond({ data: CATEGORIES });
    const page = await renderPage(PAGE, { id: '12', action: 'accept' });

    expect(text(page, '#field-announcementEndsOn')).toMatch(/公开听取意见到.*\d{4}-\d{2}-\d{2}/);
    expect(text(page, '#option-categoryId-1')).toContain('（已选）');
    expect(text(page, '#field-categoryId')).toContain('最常见的类别');
    await pick(page, '#input-announcementEndsOn', '2026-06-30');
    await tap(page, '#option-categoryId-11');
    wx.__respond({ data: staff.topic({ status: 'announced' }) });
    await tap(page, '#submit');

    expect(paths().slice(1)).toEqual(['/api/categories', '/api/topics/12/accept']);
    expect(body(2)).toEqual({ announcementEndsOn: '2026-06-30', categoryId: 11 });
  });

  test('a 409 says someone else acted, reloads the topic and refuses the action now gone', async () => {
    wx.__respond({ data: staff.topic() });
    wx.__respond({ data: CATEGORIES });
    const page = await renderPage(PAGE, { id: '12', action: 'accept' });
    wx.__respond({ statusCode: 409, data: { status: 409, code: 'invalid_transition', detail: '这个问题现在是“听取意见中”，不能进行“通过审核，公开听取意见”。', currentStatus: 'announced', allowedActions: ['classify'] } });
    wx.__respond({ data: staff.topic({ status: 'announced', statusName: '听取意见中', allowedActions: ['classify'] }) });
    await tap(page, '#submit');

    expect(text(page, '#notice')).toBe('这个问题刚刚被其他人处理过，请查看最新状态后再操作。');
    expect(paths()).toEqual(['/api/topics/12', '/api/categories', '/api/topics/12/accept', '/api/topics/12']);
    expect(text(page, '#refusal')).toBe('议题当前为“听取意见中”，您现在不能进行“通过审核，公开听取意见”操作。');
    expect(page.querySelector('#submit')).toBeUndefined();
  });

  test('refuses politely when the action is not in allowedActions', async () => {
    wx.__respond({ data: staff.topic({ status: 'announced', statusName: '听取意见中', allowedActions: ['comment'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'reject' });

    expect(text(page, '#refusal')).toBe('议题当前为“听取意见中”，您现在不能进行“不通过审核”操作。');
    expect(paths()).toHaveLength(1);
    await tap(page, '#back');
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  test('an unknown action is refused without asking for the topic', async () => {
    const page = await renderPage(PAGE, { id: '12', action: 'sing' });
    expect(text(page, '#refusal')).toBe('无法打开这项操作，请返回议题页面重试。');
    expect(paths()).toEqual([]);
  });

  test('classify offers A/B/C and sends the next-review date only for B', async () => {
    wx.__respond({ data: staff.topic({ status: 'announced', allowedActions: ['classify'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'classify' });

    expect(text(page, '#input-class')).toContain('B类：持续跟踪');
    await tap(page, '#option-class-B');
    await pick(page, '#input-nextReviewOn', '2026-09-01');
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');
    expect(body(1)).toEqual({ class: 'B', nextReviewOn: '2026-09-01' });
  });

  test('schedule meeting: participants are added as rows and their errors name the row', async () => {
    wx.__respond({ data: staff.topic({ status: 'announced', allowedActions: ['schedule_meeting'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'schedule_meeting' });

    await pick(page, '#input-startsAtDate', '2026-06-10');
    await pick(page, '#input-startsAtTime', '14:30');
    await type(page, '#input-place', '社区会议室');
    await type(page, '#input-convener', '王主任');
    await tap(page, '#add-participant');
    expect(text(page, '#participant-0')).toContain('第 1 位');
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', {
      'participants[0].name': ['请填写参会人姓名。'],
    }));
    await tap(page, '#submit');

    expect(body(1)).toEqual({
      mode: 'offline', startsAt: '2026-06-10T14:30:00+08:00', place: '社区会议室', convener: '王主任', capacity: 30,
      participants: [{ name: '', party: '', attendMode: 'offline' }],
    });
    expect(text(page, '#error-participants')).toBe('⚠ 第 1 项：请填写参会人姓名。');
  });

  test('update progress posts to the task given in the query with the milestones ticked', async () => {
    wx.__respond({ data: staff.topic({ status: 'implementing', tasks: [staff.task()], allowedActions: ['update_progress'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'update_progress', taskId: '31' });

    expect(text(page, '#subject')).toBe('任务：施划停车位（区住建局，当前进度 20%）');
    expect(text(page, '#field-milestonesDone')).toContain('施工');
    expect(text(page, '#field-milestonesDone')).not.toContain('现场勘查');
    await type(page, '#input-progress', '60');
    await type(page, '#input-note', '已开工');
    await tap(page, '#option-milestonesDone-302');
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');

    expect(paths()[1]).toBe('/api/topics/12/tasks/31/progress');
    expect(body(1)).toEqual({ progress: 60, note: '已开工', milestonesDone: [302] });
  });

  test('a task or comment action opened without its id is refused without asking for the topic', async () => {
    const progress = await renderPage(PAGE, { id: '12', action: 'update_progress' });
    expect(text(progress, '#refusal')).toBe('无法打开这项操作，请返回议题页面重试。');
    wx.__respond({ data: WORKFLOW });
    const hide = await renderPage(PAGE, { id: '12', action: 'hide_comment' });
    expect(text(hide, '#refusal')).toBe('无法打开这项操作，请返回议题页面重试。');
    expect(paths()).toEqual([]);
  });

  test('hide comment posts the reason to the comment given in the query', async () => {
    wx.__respond({ data: staff.topic({ status: 'announced', allowedActions: ['hide_comment', 'approve_comment'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'hide_comment', commentId: '21' });
    await type(page, '#input-reason', '含人身攻击');
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');

    expect(paths()[1]).toBe('/api/topics/12/comments/21/hide');
    expect(body(1)).toEqual({ reason: '含人身攻击' });
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  test('record minutes offers this round\'s started meetings without minutes, the one asked for chosen, in Beijing time', async () => {
    const meeting = (o) => ({
      id: 7, round: 2, mode: 'offline', startsAt: '2026-05-10T06:30:00', place: '社区会议室', onlineLink: null, convener: '王主任',
      capacity: 30, signupCount: 3, minutes: null, minutesAt: null, participants: [], signedUpByMe: false, ...o,
    });
    wx.__respond({ data: staff.topic({
      status: 'meeting_scheduled', round: 2, allowedActions: ['record_minutes'],
      meetings: [meeting(), meeting({ id: 8, startsAt: '2026-05-12T01:00:00Z' }), meeting({ id: 9, startsAt: '2099-01-01T01:00:00Z' }),
        meeting({ id: 10, round: 1 }), meeting({ id: 11, minutes: '已议定' })],
    }) });
    const page = await renderPage(PAGE, { id: '12', action: 'record_minutes', meetingId: '8' });

    expect(text(page, '#option-meetingId-7')).toContain('2026-05-10 14:30 社区会议室');
    expect(text(page, '#option-meetingId-8')).toContain('2026-05-12 09:00');
    expect(text(page, '#option-meetingId-8')).toContain('（已选）');
    ['9', '10', '11'].forEach((id) => expect(page.querySelector(`#option-meetingId-${id}`)).toBeUndefined());
    await type(page, '#input-minutes', '同意施划 20 个车位');
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');
    expect(paths()[1]).toBe('/api/topics/12/meetings/8/minutes');
  });

  test('a 422 shows the Chinese message and stays on the form', async () => {
    wx.__respond({ data: staff.topic({ status: 'implementing', allowedActions: ['complete'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'complete' });
    await type(page, '#input-result', '已施划');
    wx.__respond(fixtures.problem(422, 'action_precondition_failed', '还有 1 项落实任务未完成。'));
    await tap(page, '#submit');

    expect(text(page, '#errors')).toBe('⚠ 还有 1 项落实任务未完成。');
    expect(wx.navigateBack).not.toHaveBeenCalled();
  });

  test('merge lists the room\'s other public topics', async () => {
    wx.__respond({ data: staff.topic() });
    wx.__respond({ data: { items: [staff.listItem({ id: 12 }), staff.listItem({ id: 9, title: '门口停车难', status: 'announced', statusName: '公示中' })], nextAfter: null } });
    const page = await renderPage(PAGE, { id: '12', action: 'merge' });

    expect(paths()[1]).toBe('/api/rooms/4/topics?limit=50');
    expect(page.querySelector('#option-intoTopicId-12')).toBeUndefined();
    await tap(page, '#option-intoTopicId-9');
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');
    expect(body(2)).toEqual({ intoTopicId: 9 });
  });
});
