// Staff pages may keep the staff's words, but no raw code, enum value or English word reaches their screens either
// (/[a-z_]{4,}/; "https" is what a meeting link must start with, so the form says it).
const { renderPage, settle } = require('./page');
const staff = require('./staff-fixtures');
const T = require('./topic-fixtures');
const { staffActions } = require('../packageStaff/utils/action-forms');

const ALLOWED = ['https'];
const CATEGORIES = [{ id: 1, name: '基础设施', sortOrder: 10, isActive: true }];

function codesOnScreen(page) {
  const text = [page.dom.textContent].concat(wx.setNavigationBarTitle.mock.calls.map((c) => c[0].title)).join('\n');
  return (text.match(/[a-z_]{4,}/g) || []).filter((w) => !ALLOWED.includes(w));
}

describe('staff pages show no codes', () => {
  test('the workbench, whatever roles and templates the API sends', async () => {
    wx.__respond({ data: staff.me(['reviewer', 'room_admin', 'implementer', 'volunteer', 'some_new_role']) });
    wx.__respond({ data: [{ key: 'new_submission', templateId: 'T2', title: '新议题待审提醒', audience: 'staff', roles: ['reviewer'], remaining: 2 }] });
    const page = await renderPage('packageStaff/pages/workbench/index');
    expect(codesOnScreen(page)).toEqual([]);
  });

  test('the four lists, with an item kind and a status the app does not know', async () => {
    wx.__respond({ data: { items: [staff.listItem()], nextAfter: null } });
    expect(codesOnScreen(await renderPage('packageStaff/pages/review-queue/index'))).toEqual([]);
    wx.__respond({ data: { items: [staff.dueItem(), staff.dueItem({ kind: 'something_new', topicId: 13 })], nextAfter: null } });
    expect(codesOnScreen(await renderPage('packageStaff/pages/due/index'))).toEqual([]);
    wx.__respond({ data: { items: [staff.myTask()], nextAfter: null } });
    expect(codesOnScreen(await renderPage('packageStaff/pages/my-tasks/index'))).toEqual([]);
    wx.__respond({ data: staff.me(['reviewer', 'region_admin']) });
    wx.__respond({ data: { items: [staff.listItem({ heldForModeration: true }), staff.listItem({ id: 13, status: 'under_appeal', statusName: null })], nextAfter: 13 } });
    expect(codesOnScreen(await renderPage('packageStaff/pages/region-topics/index'))).toEqual([]);
  });

  test.each(staffActions(T.WORKFLOW))('the form for %s', async (action) => {
    const topic = staff.topic({
      allowedActions: [action],
      meetings: [T.meeting({ startsAt: '2026-05-10T06:30:00' })],
      tasks: [staff.task()],
    });
    wx.__respond({ data: T.WORKFLOW });
    wx.__respond({ data: topic });
    if (action === 'reject') wx.__respond({ data: staff.criteria() });
    if (action === 'merge') wx.__respond({ data: { items: [staff.listItem({ id: 13 })], nextAfter: null } });
    if (action === 'accept') wx.__respond({ data: CATEGORIES });
    const page = await renderPage('packageStaff/pages/topic-action/index', { id: '12', action, taskId: '31', commentId: '21', meetingId: '3' });
    await settle();
    expect(codesOnScreen(page)).toEqual([]);
  });

  test('no staff button shows a code when the process table could not load: none is offered', async () => {
    wx.__respond({ data: T.topic({ allowedActions: ['classify', 'start_research', 'escalate'] }) });
    wx.__respond({ fail: 'request:fail timeout' });
    wx.__respond({ data: { items: [], nextAfter: null, counts: {} } });
    const page = await renderPage('pages/topic/index', { id: '9' });
    expect(codesOnScreen(page)).toEqual([]);
    expect(page.instance.data.topic.staffActions).toEqual([]);
  });
});
