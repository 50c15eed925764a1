const { renderPage, text, tap, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const staff = require('./staff-fixtures');

const { PAGE, LIST, page1, grant, open } = require('./region-topics-fixtures');

describe('辖区议题 page', () => {
  test('lists every topic of the region, newest first as the API gives, with the held ones tagged', async () => {
    const page = await open(['reviewer'], page1([
      staff.listItem({ id: 14, title: '楼道堆放杂物', status: 'submitted', statusName: '审核中', heldForModeration: true }),
      staff.listItem({ id: 13, receiptNo: '2026-8QMTXY5T-0013', title: '广场舞噪音', roomName: '长西社区议事室', status: 'rejected', statusName: '未通过审核' }),
    ]));

    expect(requestedPaths(wx)).toEqual(['/api/me', `${LIST}?limit=20`]);
    expect(text(page, '#region-name')).toBe('长西街道');
    expect(page.querySelector('#regions')).toBeUndefined();
    expect(text(page, '#topic-14')).toContain('楼道堆放杂物');
    expect(text(page, '#topic-14')).toContain('状态：审核中');
    expect(text(page, '#held-14')).toBe('⚠ 内容待审核');
    expect(page.querySelector('#held-13')).toBeUndefined();
    expect(text(page, '#topic-13')).toContain('未通过审核');
    expect(text(page, '#topic-13')).toContain('长西社区议事室');
    expect(text(page, '#topic-13')).toContain('2026-8QMTXY5T-0013');
    expect(text(page, '#filter-all')).toBe('✓ 全部');
    expect(text(page, '#list-end')).toBe('没有更多了');
  });

  test('a status the app has no name for is shown in words, never as its code', async () => {
    const page = await open(['cppcc_member'], page1([staff.listItem({ status: 'under_appeal', statusName: null })]));
    expect(text(page, '#topic-12')).toContain('状态：查看详情');
    expect(text(page, '#topic-12')).not.toContain('under_appeal');
  });

  test('the next page at the bottom passes the cursor back, with the status chosen', async () => {
    const page = await open(['room_admin'], page1([staff.listItem({ id: 41 })], 41));
    expect(text(page, '#list-end')).toBe('上拉加载更多');

    wx.__respond(page1([staff.listItem({ id: 40, title: '路灯不亮' })]));
    page.instance.onReachBottom();
    await settle();
    expect(requestedPaths(wx)[2]).toBe(`${LIST}?after=41&limit=20`);
    expect(text(page, '#topic-40')).toContain('路灯不亮');
    expect(text(page, '#topic-41')).toContain('小区门口乱停车');

    wx.__respond(page1([staff.listItem({ id: 30, status: 'submitted', statusName: '审核中' })], 30));
    await tap(page, '#filter-submitted');
    expect(requestedPaths(wx)[3]).toBe(`${LIST}?status=submitted&limit=20`);
    expect(text(page, '#filter-submitted')).toBe('✓ 审核中');
    expect(page.querySelector('#topic-40')).toBeUndefined();
    wx.__respond(page1([]));
    page.instance.onReachBottom();
    await settle();
    expect(requestedPaths(wx)[4]).toBe(`${LIST}?status=submitted&after=30&limit=20`);
  });

  test('the status chips are the glossary\'s names of statuses the API knows, 全部 first', async () => {
    const WORKFLOW = require('../../tests/fixtures/workflow.json'); // eslint-disable-line global-require
    const known = WORKFLOW.statuses.map((s) => s.status);
    const page = await open(['reviewer'], page1([]));
    const filters = page.instance.data.filters;

    expect(filters[0]).toEqual({ key: '', name: '全部' });
    expect(filters.map((f) => f.name)).toEqual(expect.arrayContaining(['审核中', '未通过审核', '已合并办理', '听取意见中', '正在办理']));
    filters.slice(1).forEach((f) => expect(known).toContain(f.key));
  });

  test('a filter with nothing in it says so; the region with nothing says so too', async () => {
    const page = await open(['reviewer'], page1([]));
    expect(text(page, '#empty')).toBe('这个辖区暂时还没有议题。');
    wx.__respond(page1([]));
    await tap(page, '#filter-merged');
    expect(requestedPaths(wx)[2]).toBe(`${LIST}?status=merged&limit=20`);
    expect(text(page, '#empty')).toBe('这一类暂时没有议题，点上面的“全部”看看。');
  });

  test('a user over more than one region chooses among them, the first by default; the status stays', async () => {
    wx.__respond({
      data: {
        id: 2,
        grants: [
          grant(1, 'reviewer', 5, '长西街道'),
          grant(2, 'implementer', 11, '区住建局辖区'),
          grant(3, 'room_admin', 5, '长西街道'),
          grant(4, 'region_admin', 9, '淮安区'),
        ],
      },
    });
    wx.__respond(page1([staff.listItem()]));
    const page = await renderPage(PAGE);

    expect(requestedPaths(wx)[1]).toBe(`${LIST}?limit=20`);
    expect(page.instance.data.regions).toEqual([{ id: 5, name: '长西街道' }, { id: 9, name: '淮安区' }]);
    expect(text(page, '#region-5')).toBe('✓ 长西街道');
    expect(text(page, '#region-9')).toBe('淮安区');
    expect(page.querySelector('#region-11')).toBeUndefined();

    wx.__respond(page1([staff.listItem({ id: 77, title: '河道清淤', status: 'rejected', statusName: '未通过审核' })]));
    await tap(page, '#filter-rejected');
    wx.__respond(page1([staff.listItem({ id: 88, title: '菜市场改造', status: 'rejected', statusName: '未通过审核' })]));
    await tap(page, '#region-9');

    expect(requestedPaths(wx).slice(2)).toEqual([`${LIST}?status=rejected&limit=20`, '/api/regions/9/topics/all?status=rejected&limit=20']);
    expect(text(page, '#region-9')).toBe('✓ 淮安区');
    expect(text(page, '#topic-88')).toContain('菜市场改造');
    expect(page.querySelector('#topic-77')).toBeUndefined();
  });

  test('an answer for a choice the person has already left never lands on the new one', async () => {
    const page = await open(['reviewer'], page1([staff.listItem()]));
    const request = wx.request;
    const held = [];
    wx.request = jest.fn((options) => request({
      ...options,
      success: (res) => (options.url.includes('status=submitted') ? held.push(() => options.success(res)) : options.success(res)),
    }));

    wx.__respond(page1([staff.listItem({ id: 30, title: '审核中的那条', status: 'submitted', statusName: '审核中' })]));
    await tap(page, '#filter-submitted');
    wx.__respond(page1([staff.listItem({ id: 31, title: '没通过的那条', status: 'rejected', statusName: '未通过审核' })]));
    await tap(page, '#filter-rejected');
    held.forEach((answer) => answer());
    await settle();

    expect(held).toHaveLength(1);
    expect(text(page, '#filter-rejected')).toBe('✓ 未通过审核');
    expect(text(page, '#topic-31')).toContain('没通过的那条');
    expect(page.querySelector('#topic-30')).toBeUndefined();
  });

  test('the API\'s refusal is shown in its own words and 重试 asks again', async () => {
    const page = await open(['reviewer'], fixtures.problem(403, 'forbidden', '只有长西街道的审核人员、议事室管理员、区域管理员和政协委员可以查看这里的全部议题；公开的议题请在议题列表查看。'));
    expect(text(page, '#error-message')).toBe('只有长西街道的审核人员、议事室管理员、区域管理员和政协委员可以查看这里的全部议题；公开的议题请在议题列表查看。');

    wx.__respond(page1([staff.listItem()]));
    await tap(page, '#retry');
    expect(requestedPaths(wx)).toEqual(['/api/me', `${LIST}?limit=20`, `${LIST}?limit=20`]);
    expect(text(page, '#topic-12')).toContain('小区门口乱停车');
  });

  test('a status the API refuses shows the message it gives for the status, not the general one', async () => {
    const page = await open(['reviewer'], page1([staff.listItem()]));
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', { status: ['不认识的问题状态。'] }));
    await tap(page, '#filter-implementing');
    expect(requestedPaths(wx)[2]).toBe(`${LIST}?status=implementing&limit=20`);
    expect(text(page, '#error-message')).toBe('不认识的问题状态。');
  });

  test('when who the user is cannot be read, 重试 reads it again and then the list', async () => {
    wx.__respond(fixtures.problem(503, 'database_unavailable', '服务暂时不可用，请稍后重试。'));
    const page = await renderPage(PAGE);
    expect(text(page, '#error-message')).toBe('服务暂时不可用，请稍后重试。');
    expect(requestedPaths(wx)).toEqual(['/api/me']);

    wx.__respond({ data: staff.me(['reviewer']) });
    wx.__respond(page1([staff.listItem()]));
    await tap(page, '#retry');
    expect(requestedPaths(wx)).toEqual(['/api/me', '/api/me', `${LIST}?limit=20`]);
    expect(text(page, '#topic-12')).toContain('小区门口乱停车');
  });

  test('a user without any of those roles is told so and nothing is listed', async () => {
    wx.__respond({ data: staff.me(['implementer', 'volunteer']) });
    const page = await renderPage(PAGE);
    expect(requestedPaths(wx)).toEqual(['/api/me']);
    expect(text(page, '#none')).toContain('只有审核人员、议事室管理员、区域管理员和政协委员');
    expect(page.querySelector('#filters')).toBeUndefined();
  });

  test('pulling down reads the list again and ends the refresh', async () => {
    const page = await open(['reviewer'], page1([staff.listItem()]));
    wx.__respond(page1([staff.listItem({ id: 15, title: '新提的问题' }), staff.listItem()]));
    page.instance.onPullDownRefresh();
    await settle();
    expect(requestedPaths(wx)[2]).toBe(`${LIST}?limit=20`);
    expect(text(page, '#topic-15')).toContain('新提的问题');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  test('tapping a topic opens it, and coming back reads the list again with what was done there', async () => {
    const page = await open(['reviewer'], page1([staff.listItem({ id: 14, status: 'submitted', statusName: '审核中' })]));
    page.instance.onShow(); // the first showing, right after onLoad: nothing read again
    await settle();
    expect(requestedPaths(wx)).toEqual(['/api/me', `${LIST}?limit=20`]);

    await tap(page, '#topic-14');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=14' });
    wx.__respond(page1([staff.listItem({ id: 14, status: 'announced', statusName: '听取意见中' })]));
    page.instance.onShow();
    await settle();
    expect(requestedPaths(wx)[2]).toBe(`${LIST}?limit=20`);
    expect(text(page, '#status-14')).toBe('状态：听取意见中');
  });
});

describe('workbench entry 辖区议题', () => {
  const WORKBENCH = 'packageStaff/pages/workbench/index';

  test.each(['room_admin', 'reviewer', 'region_admin', 'cppcc_member'])('a %s gets it and it opens the page', async (role) => {
    wx.__respond({ data: staff.me([role]) });
    const page = await renderPage(WORKBENCH);
    expect(text(page, '#entry-region-topics')).toContain('辖区议题');
    await tap(page, '#entry-region-topics');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/region-topics/index' });
  });

  test.each(['implementer', 'volunteer'])('a user who is only %s gets no entry', async (role) => {
    wx.__respond({ data: staff.me([role]) });
    const page = await renderPage(WORKBENCH);
    expect(text(page, '#grants')).toContain('长西街道');
    expect(page.querySelector('#entry-region-topics')).toBeUndefined();
  });
});
