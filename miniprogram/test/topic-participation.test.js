const { renderPage, text, tap, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const T = require('./topic-fixtures');

const PAGE = 'pages/topic/index';

beforeEach(() => {
  wx.showModal = jest.fn((o) => o.success({ confirm: true, cancel: false }));
  wx.showActionSheet = jest.fn((o) => o.success({ tapIndex: 1 }));
});

// Where a text first shows on the rendered page: earlier is nearer the top.
function position(page, words) {
  const at = page.dom.textContent.indexOf(words);
  if (at < 0) throw new Error(`not on the page: ${words}`);
  return at;
}

async function open(topic = T.topic(), commentPage = { items: [T.comment()], nextAfter: null, counts: {} }) {
  wx.__respond({ data: topic });
  wx.__respond({ data: T.WORKFLOW });
  wx.__respond({ data: commentPage });
  return renderPage(PAGE, { id: '9' });
}

// What a resident does on a topic page (pages/topic/participation.js): support, comment, report, sign up, evaluate —
// near the top where it matters, asking before undoing, every outcome staying next to its button.
describe('taking part on a topic page', () => {
  test('支持 sits near the top, above the record, and one tap supports without asking', async () => {
    const page = await open(T.topic({ meetings: [T.meeting({ startsAt: '2026-05-10T06:30:00', minutes: '同意', minutesAt: '2026-05-10T09:00:00' })] }));
    expect(position(page, '我也支持解决这个问题')).toBeLessThan(position(page, '协商会议'));
    expect(position(page, '我也支持解决这个问题')).toBeLessThan(position(page, '办理过程'));

    wx.__respond({ data: { supportCount: 4, supportedByMe: true } });
    await tap(page, '#support');

    expect(wx.showModal).not.toHaveBeenCalled();
    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/topics/9/support']);
    expect(wx.request.mock.calls.slice(-1)[0][0].method).toBe('POST');
    expect(text(page, '#support')).toBe('✓ 已支持（点此撤回）');
    expect(text(page, '#support-message')).toContain('已支持');
    expect(wx.showToast).not.toHaveBeenCalled();
    expect(page.instance.data.topic.supportCount).toBe(4);
  });

  test('撤回支持 asks first, and saying no changes nothing', async () => {
    const page = await open(T.topic({ supportedByMe: true, allowedActions: ['comment'] }));
    expect(text(page, '#support')).toBe('✓ 已支持（点此撤回）');
    wx.showModal = jest.fn((o) => o.success({ confirm: false, cancel: true }));
    const before = wx.request.mock.calls.length;
    await tap(page, '#support');

    expect(wx.showModal.mock.calls[0][0].title).toBe('撤回支持');
    expect(wx.request.mock.calls.length).toBe(before);

    wx.showModal = jest.fn((o) => o.success({ confirm: true, cancel: false }));
    wx.__respond({ data: { supportCount: 2, supportedByMe: false } });
    await tap(page, '#support');
    expect(wx.request.mock.calls.slice(-1)[0][0].method).toBe('DELETE');
    expect(text(page, '#support-message')).toBe('✓ 已撤回支持。');
  });

  test('a second support answered 409 still shows supported, with the message staying next to the button', async () => {
    const page = await open();
    wx.__respond(fixtures.problem(409, 'already_supported', '您已经支持过这个问题了。'));
    await tap(page, '#support');

    expect(text(page, '#support-message')).toBe('⚠ 您已经支持过这个问题了。');
    expect(wx.showToast).not.toHaveBeenCalled();
    expect(text(page, '#support')).toBe('✓ 已支持（点此撤回）');
  });

  test('posts a comment with its stance and puts it first', async () => {
    const page = await open();
    await tap(page, '#post-comment');
    expect(text(page, '#comment-error')).toBe('⚠ 请先选择：支持、有疑问或建议。');

    await tap(page, '#stance-suggestion');
    page.querySelector('#comment-body').dispatchEvent('input', { detail: { value: '建议装太阳能路灯' } });
    await settle();
    wx.__respond({ statusCode: 201, data: T.comment({ id: 22, author: '我', isMine: true, stance: 'suggestion', stanceName: '建议', body: '建议装太阳能路灯' }) });
    await tap(page, '#post-comment');

    const sent = wx.request.mock.calls.slice(-1)[0][0];
    expect(sent.data).toEqual({ stance: 'suggestion', body: '建议装太阳能路灯' });
    expect(page.instance.data.comments.map((c) => c.id)).toEqual([22, 21]);
    expect(text(page, '#comment-22')).toContain('【建议】我');
    expect(page.querySelector('#report-22')).toBeUndefined();
    expect(text(page, '#comment-notice')).toBe('✓ 已发表，谢谢您的意见。');
  });

  test('an empty comment is refused before sending, and a refused one shows the API message next to the form', async () => {
    const page = await open();
    await tap(page, '#stance-support');
    const before = wx.request.mock.calls.length;
    await tap(page, '#post-comment');
    expect(wx.request.mock.calls.length).toBe(before);
    expect(text(page, '#comment-error')).toBe('⚠ 请写下您的意见。');

    page.querySelector('#comment-body').dispatchEvent('input', { detail: { value: '同意' } });
    await settle();
    wx.__respond(fixtures.problem(422, 'content_risky', '这条意见没有通过安全检查，请换个说法再发表。'));
    await tap(page, '#post-comment');
    expect(text(page, '#comment-error')).toBe('⚠ 这条意见没有通过安全检查，请换个说法再发表。');
  });

  test('reports a comment after confirming', async () => {
    const page = await open();
    wx.__respond({ statusCode: 204, data: '' });
    await tap(page, '#report-21');

    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/topics/9/comments/21/report']);
    expect(wx.showModal.mock.calls[0][0].title).toBe('举报这条意见');
    expect(page.querySelector('#report-21')).toBeUndefined();
    expect(text(page, '#report-note-21')).toBe('已举报，谢谢您。管理员会尽快处理。');
  });

  test('signs up for an upcoming meeting with the chosen attend mode', async () => {
    const page = await open(T.topic({ status: 'meeting_scheduled', statusName: '待协商', allowedActions: ['comment', 'support', 'sign_up'], meetings: [T.meeting()] }));
    wx.__respond({ data: T.topic({ status: 'meeting_scheduled', statusName: '待协商', allowedActions: ['sign_up'], meetings: [T.meeting({ signedUpByMe: true, signupCount: 6 })] }) });
    await tap(page, '#sign-up-3');

    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/topics/9/meetings/3/signups']);
    expect(wx.request.mock.calls.slice(-1)[0][0].data).toEqual({ attendMode: 'online' });
    expect(text(page, '#signed-3')).toBe('✓ 您已报名');
    expect(text(page, '#meeting-message-3')).toContain('报名成功');
    expect(page.querySelector('#cancel-3')).toBeTruthy();
  });

  test('报名 sits near the top, and 取消报名 asks first', async () => {
    const signed = T.topic({ status: 'meeting_scheduled', statusName: '待协商', allowedActions: ['comment'], meetings: [T.meeting({ signedUpByMe: true })] });
    const page = await open(signed);
    expect(position(page, '取消报名')).toBeLessThan(position(page, '主持人：王主任'));
    expect(position(page, '取消报名')).toBeLessThan(position(page, '办理过程'));

    wx.showModal = jest.fn((o) => o.success({ confirm: false, cancel: true }));
    const before = wx.request.mock.calls.length;
    await tap(page, '#cancel-3');
    expect(wx.showModal.mock.calls[0][0]).toMatchObject({ title: '取消报名', cancelText: '还要参加' });
    expect(wx.request.mock.calls.length).toBe(before);

    wx.showModal = jest.fn((o) => o.success({ confirm: true, cancel: false }));
    wx.__respond({ data: T.topic({ status: 'meeting_scheduled', statusName: '待协商', allowedActions: ['sign_up'], meetings: [T.meeting()] }) });
    await tap(page, '#cancel-3');
    expect(wx.request.mock.calls.slice(-1)[0][0].method).toBe('DELETE');
    expect(text(page, '#meeting-message-3')).toBe('✓ 已取消报名。想参加的话，可以再报名。');
    expect(page.querySelector('#sign-up-3')).toBeTruthy();
  });

  test('evaluates a completed topic', async () => {
    const page = await open(T.topic({ status: 'completed', statusName: '待评价', allowedActions: ['evaluate'], result: '已修好' }));
    await tap(page, '#solved-yes');
    await tap(page, '#satisfied-yes');
    wx.__respond({ statusCode: 201, data: T.topic({ status: 'completed', statusName: '待评价', allowedActions: [], evaluations: { round: 1, count: 1, solved: 1, satisfied: 1, proposer: null, mine: { solved: true, satisfied: true, comment: null, at: '2026-07-01T00:00:00' } } }) });
    await tap(page, '#submit-evaluation');

    expect(wx.request.mock.calls.slice(-1)[0][0].data).toEqual({ solved: true, satisfied: true, comment: null });
    expect(text(page, '#evaluations')).toContain('满意率 100%');
    expect(page.querySelector('#evaluate')).toBeUndefined();
    expect(text(page, '#evaluation-notice')).toContain('谢谢您的评价');
  });
});

// A topic moves on while a resident acts (the meeting held, comments closed, 办结): the API refuses and writes nothing.
// The page reads the topic again by itself and says at the top what did not go through, keeping the resident's words.
describe('when the topic moved on meanwhile', () => {
  const CHANGED = '这个问题刚刚有了新进展，请下拉刷新看看最新情况，再决定下一步。';
  const completed = () => T.topic({ status: 'completed', statusName: '待评价', allowedActions: ['evaluate'], result: '已修好' });

  test('a refused support reads the topic again and says so at the top, instead of asking to pull down', async () => {
    const page = await open();
    wx.__respond(fixtures.problem(409, 'topic_changed', CHANGED));
    wx.__respond({ data: completed() });
    await tap(page, '#support');
    await settle();

    expect(requestedPaths(wx).slice(-2)).toEqual(['/api/topics/9/support', '/api/topics/9']);
    expect(text(page, '#moved-on-text')).toBe('⚠ 支持没有成功：这个问题刚刚有了新进展，下面已经是最新情况。');
    expect(text(page, '#status')).toBe('状态：待评价');
    expect(page.querySelector('#support')).toBeUndefined();
    expect(page.querySelector('#evaluate')).toBeTruthy();
    expect(page.querySelector('#support-message')).toBeUndefined();
    expect(wx.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#moved-on' }));
    expect(page.instance.data.busy).toBe(false);
  });

  test('a comment refused because comments closed keeps the words the resident wrote on screen', async () => {
    const page = await open();
    await tap(page, '#stance-doubt');
    page.querySelector('#comment-body').dispatchEvent('input', { detail: { value: '  路灯修好后谁来维护？ ' } });
    await settle();
    wx.__respond(fixtures.problem(409, 'invalid_transition', '这个问题现在是“待评价”，不能进行“发表意见”。请下拉刷新，看看最新情况。'));
    wx.__respond({ data: completed() });
    await tap(page, '#post-comment');
    await settle();

    expect(page.querySelector('#comment-form')).toBeUndefined();
    expect(text(page, '#moved-on-text')).toBe('⚠ 发表意见没有成功：这个问题刚刚有了新进展，下面已经是最新情况。');
    expect(text(page, '#moved-on-unsent')).toBe('您写的内容没有丢，长按可以复制：路灯修好后谁来维护？');
    expect(page.instance.data.posting).toBe(false);

    // Pulled down: the page is read anew and the notice has done its work.
    wx.__respond({ data: completed() });
    wx.__respond({ data: { items: [], nextAfter: null, counts: {} } });
    page.instance.onPullDownRefresh();
    await settle();
    expect(page.querySelector('#moved-on')).toBeUndefined();
  });

  test('a sign-up refused as the meeting began says so; one refused as full shows 名额已满 beside the meeting', async () => {
    const scheduled = (m) => T.topic({ status: 'meeting_scheduled', statusName: '待协商', allowedActions: ['comment', 'support', 'sign_up'], meetings: [T.meeting(m)] });
    const page = await open(scheduled());
    wx.__respond(fixtures.problem(409, 'meeting_full', '这次会议的报名名额已满，可以在会后查看协商结果。'));
    wx.__respond({ data: scheduled({ signupCount: 30 }) });
    await tap(page, '#sign-up-3');
    await settle();
    expect(text(page, '#meeting-message-3')).toBe('⚠ 这次会议的报名名额已满，可以在会后查看协商结果。');
    expect(page.querySelector('#sign-up-3')).toBeUndefined();
    expect(text(page, '#quick-actions')).toContain('名额已满');
    expect(page.querySelector('#moved-on')).toBeUndefined();

    const next = await open(scheduled());
    wx.__respond(fixtures.problem(409, 'meeting_started', '会议已经开始，不能再报名或取消了。'));
    wx.__respond({ data: scheduled({ startsAt: '2020-06-01T06:30:00' }) });
    await tap(next, '#sign-up-3');
    await settle();
    expect(text(next, '#moved-on-text')).toBe('⚠ 报名没有成功：会议已经开始了，下面已经是最新情况。');
    expect(next.querySelector('#sign-up-3')).toBeUndefined();
  });

  test('an evaluation refused as the topic reopened keeps its words; other refusals stay beside their form', async () => {
    const page = await open(completed());
    await tap(page, '#solved-no');
    await tap(page, '#satisfied-no');
    page.querySelector('#evaluation-comment').dispatchEvent('input', { detail: { value: '灯又坏了' } });
    await settle();
    wx.__respond(fixtures.problem(422, 'content_risky', '评价的文字没有通过安全检查，请换个说法再提交。'));
    await tap(page, '#submit-evaluation');
    expect(text(page, '#evaluation-error')).toBe('⚠ 评价的文字没有通过安全检查，请换个说法再提交。');
    expect(page.querySelector('#moved-on')).toBeUndefined();

    wx.__respond(fixtures.problem(409, 'topic_changed', CHANGED));
    wx.__respond({ data: T.topic({ status: 'reopened', statusName: '重新协商', allowedActions: ['comment', 'support'] }) });
    await tap(page, '#submit-evaluation');
    await settle();
    expect(text(page, '#moved-on-text')).toBe('⚠ 提交评价没有成功：这个问题刚刚有了新进展，下面已经是最新情况。');
    expect(text(page, '#moved-on-unsent')).toContain('灯又坏了');
    expect(page.querySelector('#evaluate')).toBeUndefined();
  });
});
