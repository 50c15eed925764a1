const { renderPage, text, tap, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const T = require('./topic-fixtures');

const PAGE = 'pages/topic/index';

beforeEach(() => {
  wx.showModal = jest.fn((o) => o.success({ confirm: true, cancel: false }));
  wx.showActionSheet = jest.fn((o) => o.success({ tapIndex: 1 }));
});

async function open(topic = T.topic(), commentPage = { items: [T.comment()], nextAfter: null, counts: {} }) {
  wx.__respond({ data: topic });
  wx.__respond({ data: T.WORKFLOW });
  wx.__respond({ data: commentPage });
  return renderPage(PAGE, { id: '9' });
}

describe('topic page', () => {
  test('renders the topic, its status in words and the timeline with role and unit', async () => {
    const page = await open();

    expect(requestedPaths(wx)).toEqual(['/api/topics/9', '/api/workflow', '/api/topics/9/comments?limit=20']);
    expect(text(page, '#topic-title')).toBe('萧湖路北段路灯不亮');
    expect(text(page, '#status')).toBe('状态：听取意见中');
    // No stage or round numbers for residents, and the title bar is the page's own, not the receipt number.
    expect(page.querySelector('#round')).toBeUndefined();
    expect(wx.setNavigationBarTitle).not.toHaveBeenCalled();
    expect(text(page, '#proposer')).toBe('提出人：居民 · 2026-05-01 08:30');
    const timeline = text(page, '#timeline');
    expect(timeline).toContain('通过审核，公开听取意见 → 听取意见中');
    expect(timeline).toContain('2026-05-01 10:00 · 审核人员 · 萧湖社区党委');
    expect(timeline).toContain('符合五议：民生实事');
    expect(text(page, '#comment-21')).toContain('【有疑问】');
  });

  test('a resident sees no staff actions', async () => {
    const page = await open();
    expect(page.querySelector('#staff-actions')).toBeUndefined();
  });

  test('staff actions appear exactly for the allowed staff actions and open the staff page', async () => {
    const page = await open(T.topic({ allowedActions: ['classify', 'comment', 'support', 'start_research', 'escalate'] }));

    const shown = page.instance.data.topic.staffActions.map((a) => a.action);
    expect(shown).toEqual(['classify', 'start_research', 'escalate']);
    expect(text(page, '#action-start_research')).toBe('开始调查了解');
    expect(text(page, '#action-escalate')).toBe('报送上级');
    expect(page.querySelector('#action-accept')).toBeUndefined();
    expect(page.querySelector('#action-comment')).toBeUndefined();

    await tap(page, '#action-start_research');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/topic-action/index?id=9&action=start_research' });

    // Back from the staff page, the topic is read again.
    wx.__respond({ data: T.topic({ status: 'researching', statusName: '调查了解中', allowedActions: ['add_report'] }) });
    page.instance.onShow();
    await settle();
    expect(text(page, '#status')).toBe('状态：调查了解中');
  });

  describe('staff actions on one task, comment or meeting', () => {
    const ITEM_ACTIONS = ['update_progress', 'hide_comment', 'approve_comment', 'record_minutes'];
    const task = (overrides) => ({ id: 4, round: 2, title: '加装路灯', leadPerson: '李工', unit: '区城管局', dueOn: '2026-06-30', progress: 40, isOverdue: false, milestones: [], updates: [], ...overrides });

    test('are never topic-level buttons; the other staff actions still are', async () => {
      const page = await open(T.topic({ allowedActions: ['classify', ...ITEM_ACTIONS, 'add_task'] }));

      expect(page.instance.data.topic.staffActions.map((a) => a.action)).toEqual(['classify', 'add_task']);
      ITEM_ACTIONS.forEach((a) => expect(page.querySelector(`#action-${a}`)).toBeUndefined());
    });

    test('报告进度 on this round\'s unfinished tasks, opening the form with the task id', async () => {
      const page = await open(T.topic({
        status: 'implementing', statusName: '落实中', round: 2, allowedActions: ['update_progress'],
        tasks: [task(), task({ id: 5, progress: 100 }), task({ id: 6, round: 1 })],
      }));

      expect(text(page, '#report-progress-4')).toBe('报告进度');
      expect(page.querySelector('#report-progress-5')).toBeUndefined(); // finished
      expect(page.querySelector('#report-progress-6')).toBeUndefined(); // an earlier round's
      await tap(page, '#report-progress-4');
      expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/topic-action/index?id=9&action=update_progress&taskId=4' });
    });

    test('no 报告进度 when update_progress is not allowed', async () => {
      const page = await open(T.topic({ status: 'implementing', statusName: '落实中', round: 2, allowedActions: ['add_task'], tasks: [task()] }));
      expect(text(page, '#task-4')).toContain('加装路灯');
      expect(page.querySelector('#report-progress-4')).toBeUndefined();
    });

    const moderated = {
      items: [
        T.comment(),
        T.comment({ id: 22, held: true, body: '待审的评论' }),
        T.comment({ id: 23, hidden: true, body: '这条意见已被屏蔽', hiddenReason: '人身攻击' }),
      ],
      nextAfter: null,
      counts: {},
    };

    test('屏蔽 on each comment not yet hidden and 通过 on each held one, opening the form with the comment id', async () => {
      const page = await open(T.topic({ allowedActions: ['comment', 'hide_comment', 'approve_comment'] }), moderated);

      expect(text(page, '#hide-21')).toBe('屏蔽这条意见');
      expect(page.querySelector('#approve-21')).toBeUndefined();
      expect(text(page, '#approve-22')).toBe('公开这条意见');
      expect(text(page, '#hide-22')).toBe('屏蔽这条意见');
      expect(text(page, '#held-22')).toBe('审核中：通过后所有人可见');
      expect(page.querySelector('#hide-23')).toBeUndefined();
      expect(page.querySelector('#approve-23')).toBeUndefined();

      await tap(page, '#approve-22');
      expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageStaff/pages/topic-action/index?id=9&action=approve_comment&commentId=22' });
      await tap(page, '#hide-21');
      expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageStaff/pages/topic-action/index?id=9&action=hide_comment&commentId=21' });

      // Back from the form: the topic and the comments are read again, the hidden one now hidden.
      wx.__respond({ data: T.topic({ allowedActions: ['comment', 'hide_comment', 'approve_comment'] }) });
      wx.__respond({ data: { ...moderated, items: [T.comment({ hidden: true, body: '这条意见已被屏蔽', hiddenReason: '广告' }), ...moderated.items.slice(1)] } });
      page.instance.onShow();
      await settle();
      expect(requestedPaths(wx).slice(-2)).toEqual(['/api/topics/9', '/api/topics/9/comments?limit=20']);
      expect(text(page, '#comment-21')).toContain('（广告）');
      expect(page.querySelector('#hide-21')).toBeUndefined();
    });

    test('only the allowed one of 屏蔽 and 通过 is offered, and neither to a resident', async () => {
      const hideOnly = await open(T.topic({ allowedActions: ['hide_comment'] }), moderated);
      expect(hideOnly.querySelector('#hide-22')).toBeTruthy();
      expect(hideOnly.querySelector('#approve-22')).toBeUndefined();

      const approveOnly = await open(T.topic({ allowedActions: ['approve_comment'] }), moderated);
      expect(approveOnly.querySelector('#approve-22')).toBeTruthy();
      expect(approveOnly.querySelector('#hide-21')).toBeUndefined();

      const resident = await open(T.topic(), moderated);
      ['#hide-21', '#hide-22', '#approve-22'].forEach((sel) => expect(resident.querySelector(sel)).toBeUndefined());
    });

    test('记录会议纪要 on this round\'s started meetings without minutes, opening the form with the meeting id', async () => {
      const past = '2026-05-10T06:30:00';
      const page = await open(T.topic({
        status: 'meeting_scheduled', statusName: '待协商', round: 2, allowedActions: ['record_minutes', 'schedule_meeting'],
        meetings: [
          T.meeting({ id: 3, round: 2, startsAt: past }),
          T.meeting({ id: 4, round: 2 }), // not started yet
          T.meeting({ id: 5, round: 2, startsAt: past, minutes: '已议定', minutesAt: '2026-05-10T09:00:00' }),
          T.meeting({ id: 6, round: 1, startsAt: past }), // an earlier round's
        ],
      }));

      expect(text(page, '#record-minutes-3')).toBe('记录会议纪要');
      ['#record-minutes-4', '#record-minutes-5', '#record-minutes-6'].forEach((sel) => expect(page.querySelector(sel)).toBeUndefined());
      expect(text(page, '#action-schedule_meeting')).toBe('安排协商会议');
      await tap(page, '#record-minutes-3');
      expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/topic-action/index?id=9&action=record_minutes&meetingId=3' });
    });

    test('no 记录会议纪要 when record_minutes is not allowed', async () => {
      const page = await open(T.topic({ status: 'meeting_scheduled', statusName: '待协商', allowedActions: ['sign_up'], meetings: [T.meeting({ startsAt: '2026-05-10T06:30:00' })] }));
      expect(page.querySelector('#meeting-3')).toBeTruthy();
      expect(page.querySelector('#record-minutes-3')).toBeUndefined();
    });
  });


  test('comments page with keyset paging on reaching the bottom', async () => {
    const page = await open(T.topic(), { items: [T.comment()], nextAfter: 21, counts: {} });
    wx.__respond({ data: { items: [T.comment({ id: 20, body: '同意' })], nextAfter: null, counts: {} } });
    page.instance.onReachBottom();
    await settle();

    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/topics/9/comments?after=21&limit=20']);
    expect(page.instance.data.comments.map((c) => c.id)).toEqual([21, 20]);
  });

  test('shows meetings with minutes, the resolution, tasks with progress and the result', async () => {
    const page = await open(T.topic({
      status: 'implementing', statusName: '正在办理', stage: 4, stageName: '办理反馈', allowedActions: ['comment'],
      meetings: [T.meeting({ startsAt: '2026-05-10T06:30:00', minutes: '同意加装路灯 6 盏', minutesAt: '2026-05-10T09:00:00' })],
      resolution: { text: '由社区牵头加装路灯', deadline: '2026-06-30' },
      tasks: [{ id: 4, round: 1, title: '加装路灯', leadPerson: '李工', unit: '区城管局', dueOn: '2026-06-30', progress: 60, isOverdue: true, milestones: [], updates: [{ progress: 60, note: '已装 4 盏', at: '2026-05-20T02:00:00' }] }],
      result: '已加装 6 盏路灯',
    }));

    expect(text(page, '#minutes-3')).toContain('同意加装路灯 6 盏');
    expect(text(page, '#resolution')).toContain('由社区牵头加装路灯');
    expect(text(page, '#task-4')).toContain('进度 60%');
    expect(text(page, '#task-4')).toContain('（已逾期）');
    expect(text(page, '#result')).toContain('已加装 6 盏路灯');
    expect(page.querySelector('#sign-up-3')).toBeUndefined();
    // The process words that stay carry their one-line explanation.
    expect(text(page, '#minutes-3')).toContain('会议纪要：会上说了什么、商定了什么的记录。');
    expect(text(page, '#tasks-explain')).toBe('落实：把商定的办法一件件办成。');
  });


  test('an error shows the Chinese message and 重试 loads the topic', async () => {
    wx.__respond(fixtures.problem(404, 'topic_not_found', '没有找到这个问题：它可能还在审核，或者没有公开。'));
    wx.__respond({ data: T.WORKFLOW });
    const page = await renderPage(PAGE, { id: '9' });
    expect(text(page, '#error-message')).toBe('没有找到这个问题：它可能还在审核，或者没有公开。');

    wx.__respond({ data: T.topic() });
    wx.__respond({ data: { items: [], nextAfter: null, counts: {} } });
    await tap(page, '#retry');
    expect(text(page, '#topic-title')).toBe('萧湖路北段路灯不亮');
    expect(text(page, '#no-comments')).toBe('还没有人发表意见，欢迎您第一个说说看法。');
  });
});
