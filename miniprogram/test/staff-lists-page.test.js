const { renderPage, text, tap, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const staff = require('./staff-fixtures');

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('due list page', () => {
  const PAGE = 'packageStaff/pages/due/index';

  test('shows B-class reviews and overdue tasks with the API reason, each tagged in words', async () => {
    wx.__respond({
      data: {
        items: [
          staff.dueItem(),
          staff.dueItem({ kind: 'task_overdue', taskId: 31, taskTitle: '施划停车位', unit: '区住建局', progress: 20, reason: '落实任务“施划停车位”已逾期：应于 2026-05-02 完成，区住建局目前进度 20%。' }),
        ],
        nextAfter: null,
      },
    });
    const page = await renderPage(PAGE);

    expect(requestedPaths(wx)).toEqual(['/api/due?limit=20']);
    expect(text(page, '#due-review-12')).toContain('B类跟踪到期');
    expect(text(page, '#due-review-12')).toContain('请跟进后重新分类');
    expect(text(page, '#due-task_overdue-31')).toContain('任务逾期');
    expect(text(page, '#due-task_overdue-31')).toContain('区住建局目前进度 20%');
    expect(text(page, '#list-end')).toBe('没有更多了'); // as the resident lists end

    await tap(page, '#due-task_overdue-31');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=12' });
  });

  test('the string cursor is passed back for the next page', async () => {
    wx.__respond({ data: { items: [staff.dueItem()], nextAfter: '2026-05-01.0.12' } });
    wx.__respond({ data: { items: [], nextAfter: null } });
    const page = await renderPage(PAGE);
    expect(text(page, '#list-end')).toBe('上拉加载更多');
    page.instance.onReachBottom();
    await new Promise((r) => setTimeout(r, 10));
    expect(requestedPaths(wx)[1]).toBe('/api/due?after=2026-05-01.0.12&limit=20');
  });

  test('nothing due says so', async () => {
    wx.__respond({ data: { items: [], nextAfter: null } });
    const page = await renderPage(PAGE);
    expect(text(page, '#empty')).toBe('没有到期的跟踪事项或逾期任务。');
  });

  test('coming back from a topic reads as many items again as were on screen, without the one done meanwhile', async () => {
    const due = (list, nextAfter) => ({ data: { items: list.map((id) => staff.dueItem({ topicId: id, topicTitle: `到期议题${id}` })), nextAfter } });
    wx.__respond(due(range(1, 20), '2026-05-01.0.20'));
    const page = await renderPage(PAGE);
    wx.__respond(due(range(21, 40), '2026-05-02.0.40'));
    page.instance.onReachBottom();
    await settle();
    await tap(page, '#due-review-7');

    // Topic 7 was followed up and reclassified: it is no longer due.
    wx.__respond(due([...range(1, 6), ...range(8, 21)], '2026-05-01.0.21'));
    wx.__respond(due(range(22, 41), '2026-05-02.0.41'));
    page.instance.onShow();
    await settle();

    expect(requestedPaths(wx).slice(2)).toEqual(['/api/due?limit=20', '/api/due?after=2026-05-01.0.21&limit=20']);
    expect(page.instance.data.items).toHaveLength(40);
    expect(page.querySelector('#due-review-7')).toBeUndefined();
    expect(text(page, '#due-review-41')).toContain('到期议题41');
    expect(text(page, '#list-end')).toBe('上拉加载更多');
  });
});

describe('my tasks page', () => {
  const PAGE = 'packageStaff/pages/my-tasks/index';

  test('lists the unit\'s tasks, marks overdue ones in words, and opens the progress form', async () => {
    wx.__respond({ data: { items: [staff.myTask({ isOverdue: true }), staff.myTask({ id: 32, title: '安装道闸' })], nextAfter: null } });
    const page = await renderPage(PAGE);

    expect(requestedPaths(wx)).toEqual(['/api/me/tasks?limit=20']);
    expect(text(page, '#task-31')).toContain('完成期限 2026-07-01 · 当前进度 20%');
    expect(text(page, '#overdue-31')).toBe('⚠ 已逾期');
    expect(page.querySelector('#overdue-32')).toBeUndefined();

    await tap(page, '#report-32');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/topic-action/index?id=12&action=update_progress&taskId=32' });
    await tap(page, '#open-31');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/topic/index?id=12' });
  });

  test('an error shows the Chinese message and 重试 loads again', async () => {
    wx.__respond(fixtures.problem(403, 'forbidden', '只有承办单位可以查看落实任务。'));
    wx.__respond({ data: { items: [staff.myTask()], nextAfter: null } });
    const page = await renderPage(PAGE);
    expect(text(page, '#error-message')).toBe('只有承办单位可以查看落实任务。');
    await tap(page, '#retry');
    expect(text(page, '#task-31')).toContain('施划停车位');
  });

  test('coming back from the progress form reads as many tasks again as were on screen, with what was reported', async () => {
    const tasks = (list, nextAfter, changed = {}) => ({ data: { items: list.map((id) => staff.myTask({ id, title: `任务${id}`, ...(changed[id] || {}) })), nextAfter } });
    wx.__respond(tasks(range(1, 20), 20));
    const page = await renderPage(PAGE);
    wx.__respond(tasks(range(21, 40), 40));
    page.instance.onReachBottom();
    await settle();
    await tap(page, '#report-33');

    // Task 33 reported done (it leaves the open tasks); task 34 reported 60%.
    wx.__respond(tasks(range(1, 20), 20));
    wx.__respond(tasks([...range(21, 32), ...range(34, 41)], 41, { 34: { progress: 60 } }));
    page.instance.onShow();
    await settle();

    expect(requestedPaths(wx).slice(2)).toEqual(['/api/me/tasks?limit=20', '/api/me/tasks?after=20&limit=20']);
    expect(page.instance.data.items).toHaveLength(40);
    expect(page.querySelector('#task-33')).toBeUndefined();
    expect(text(page, '#task-34')).toContain('当前进度 60%');
    expect(text(page, '#task-41')).toContain('任务41');
  });
});

describe('workbench page', () => {
  const PAGE = 'packageStaff/pages/workbench/index';

  test('offers exactly the lists the user\'s roles allow', async () => {
    wx.__respond({ data: staff.me(['reviewer', 'implementer']) });
    const page = await renderPage(PAGE);

    expect(text(page, '#grants')).toContain('审题人 · 长西街道');
    expect(text(page, '#grants')).toContain('承办单位 · 长西街道 · 区住建局');
    expect(page.querySelector('#entry-review')).toBeDefined();
    expect(page.querySelector('#entry-tasks')).toBeDefined();
    expect(page.querySelector('#entry-due')).toBeUndefined();

    await tap(page, '#entry-review');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/review-queue/index' });
  });

  test('each entry is named as the page it opens is titled', async () => {
    wx.__respond({ data: staff.me(['reviewer', 'room_admin', 'implementer']) });
    const page = await renderPage(PAGE);

    const entries = page.instance.data.entries;
    expect(entries.map((e) => e.key)).toEqual(['review', 'due', 'tasks', 'region-topics']);
    entries.forEach((entry) => {
      const json = require(`..${entry.url}.json`); // eslint-disable-line global-require, import/no-dynamic-require
      expect(entry.title).toBe(json.navigationBarTitleText);
    });
  });

  test('a room admin gets the due list', async () => {
    wx.__respond({ data: staff.me(['room_admin']) });
    const page = await renderPage(PAGE);
    await tap(page, '#entry-due');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/due/index' });
  });
});
