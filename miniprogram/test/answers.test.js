// 解疑释惑: 官方答复 under a comment and the doubts count on the topic page; the staff answer from a comment, and
// publishing a resolution or closing with doubts unanswered asks first and says so to the API.
const { renderPage, text, tap, find, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const staff = require('./staff-fixtures');
const T = require('./topic-fixtures');

const TOPIC_PAGE = 'pages/topic/index';
const ACTION_PAGE = 'packageStaff/pages/topic-action/index';

const ANSWER = { text: '电费由物业从公共收益中支出。', unit: '萧湖社区议事室', at: '2026-05-03T02:00:00', corrected: true };

async function openTopic(topic, items) {
  wx.__respond({ data: topic });
  wx.__respond({ data: T.WORKFLOW });
  wx.__respond({ data: { items, nextAfter: null, counts: {} } });
  return renderPage(TOPIC_PAGE, { id: '9' });
}

const posted = () => wx.__requests.filter((r) => r.method === 'POST');

beforeEach(() => {
  wx.navigateBack = jest.fn();
});

describe('the topic page', () => {
  test('shows 官方答复 under an answered comment with the unit and time, and the doubts count', async () => {
    const page = await openTopic(T.topic({ answeredDoubts: 1, unansweredDoubts: 2 }), [T.comment({ answer: ANSWER }), T.comment({ id: 22 })]);

    expect(text(page, '#answer-21')).toContain('官方答复');
    expect(text(page, '#answer-21')).toContain('萧湖社区议事室 · 2026-05-03 10:00 · 已更正');
    expect(text(page, '#answer-21')).toContain('电费由物业从公共收益中支出。');
    expect(page.querySelector('#answer-22')).toBeUndefined();
    expect(text(page, '#doubts-line')).toBe('居民疑问：已答复 1 条，待答复 2 条');
    expect(page.querySelector('#answer-button-21')).toBeUndefined();
  });

  test('says all doubts are answered, and nothing when there were none', async () => {
    const answered = await openTopic(T.topic({ answeredDoubts: 2, unansweredDoubts: 0 }), []);
    expect(text(answered, '#doubts-line')).toBe('居民疑问：2 条都已答复');

    const none = await openTopic(T.topic({ answeredDoubts: 0, unansweredDoubts: 0 }), []);
    expect(none.querySelector('#doubts-line')).toBeUndefined();
  });

  test('staff who may answer get 官方答复 or 更正答复 on each published comment, leading to the form for that comment', async () => {
    const page = await openTopic(T.topic({ allowedActions: ['hide_comment', 'answer_comment'] }),
      [T.comment({ answer: ANSWER }), T.comment({ id: 22 }), T.comment({ id: 23, hidden: true, body: '这条意见已被屏蔽' })]);

    expect(text(page, '#answer-button-21')).toBe('更正答复');
    expect(text(page, '#answer-button-22')).toBe('官方答复');
    expect(page.querySelector('#answer-button-23')).toBeUndefined();

    await tap(page, '#answer-button-22');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageStaff/pages/topic-action/index?id=9&action=answer_comment&commentId=22' });

    // Back from the form, the comments are read again to show the answer.
    wx.__respond({ data: T.topic({ allowedActions: ['hide_comment', 'answer_comment'] }) });
    wx.__respond({ data: { items: [T.comment({ id: 22, answer: ANSWER })], nextAfter: null, counts: {} } });
    page.instance.onShow();
    await settle();
    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/topics/9/comments?limit=20']);
    expect(text(page, '#answer-22')).toContain('电费由物业从公共收益中支出。');
  });

  test('back from answering a comment on the second page, both pages are read again and the place is kept', async () => {
    const actions = { allowedActions: ['hide_comment', 'answer_comment'] };
    const firstPage = Array.from({ length: 20 }, (_, i) => T.comment({ id: 200 - i }));
    wx.__respond({ data: T.topic(actions) });
    wx.__respond({ data: T.WORKFLOW });
    wx.__respond({ data: { items: firstPage, nextAfter: 181, counts: {} } });
    const page = await renderPage(TOPIC_PAGE, { id: '9' });
    wx.__respond({ data: { items: [T.comment({ id: 180 }), T.comment({ id: 179 })], nextAfter: null, counts: {} } });
    page.instance.onReachBottom();
    await settle();
    expect(page.instance.data.comments).toHaveLength(22);

    await tap(page, '#answer-button-179');
    wx.__respond({ data: T.topic(actions) });
    wx.__respond({ data: { items: firstPage, nextAfter: 181, counts: {} } });
    wx.__respond({ data: { items: [T.comment({ id: 180 }), T.comment({ id: 179, answer: ANSWER })], nextAfter: null, counts: {} } });
    page.instance.onShow();
    await settle();

    expect(requestedPaths(wx).slice(-2)).toEqual(['/api/topics/9/comments?limit=20', '/api/topics/9/comments?after=181&limit=20']);
    expect(page.instance.data.comments).toHaveLength(22);
    expect(text(page, '#answer-179')).toContain('电费由物业从公共收益中支出。');
  });
});

describe('the staff form', () => {
  async function openAction(action, topic, query = {}) {
    wx.__respond({ data: T.WORKFLOW });
    wx.__respond({ data: topic });
    return renderPage(ACTION_PAGE, { id: '12', action, ...query });
  }

  async function type(page, selector, value) {
    find(page, selector).dispatchEvent('input', { detail: { value } });
    await settle();
  }

  test('answers a comment: the text goes to the comment\'s answer route', async () => {
    const page = await openAction('answer_comment', staff.topic({ allowedActions: ['answer_comment'] }), { commentId: '21' });
    expect(text(page, '#form-title')).toBe('官方答复');

    await type(page, '#input-text', '电费由物业支出。');
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');

    expect(posted().map((r) => [r.url.replace(/^.*\/api/, '/api'), r.data])).toEqual([['/api/topics/12/comments/21/answer', { text: '电费由物业支出。' }]]);
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  const deliberated = (extra) => staff.topic({ status: 'deliberated', allowedActions: ['publish_resolution'], ...extra });

  async function fillResolution(page) {
    await type(page, '#input-text', '两周内更换路灯。');
    find(page, '#input-deadline').dispatchEvent('change', { detail: { value: '2099-06-01' } });
    await settle();
  }

  test('publishing a resolution with doubts unanswered asks first, and sends the confirmation once confirmed', async () => {
    wx.showModal = jest.fn((o) => o.success({ confirm: true }));
    const page = await openAction('publish_resolution', deliberated({ unansweredDoubts: 2, confirmations: { publish_resolution: 'unanswered_doubts' } }));
    await fillResolution(page);
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');

    expect(wx.showModal.mock.calls[0][0].content).toContain('还有 2 条居民的疑问没有答复');
    expect(posted().map((r) => r.data)).toEqual([{ text: '两周内更换路灯。', deadline: '2099-06-01', confirmUnansweredDoubts: true }]);
  });

  test('declining the confirmation sends nothing and keeps the form', async () => {
    wx.showModal = jest.fn((o) => o.success({ confirm: false }));
    const page = await openAction('publish_resolution', deliberated({ unansweredDoubts: 1, confirmations: { publish_resolution: 'unanswered_doubts' } }));
    await fillResolution(page);
    await tap(page, '#submit');

    expect(posted()).toEqual([]);
    expect(page.instance.data.submitting).toBe(false);
    expect(wx.navigateBack).not.toHaveBeenCalled();
  });

  test('a doubt raised since the topic was read: the API\'s refusal is shown as the question, and confirmed the request goes again', async () => {
    wx.showModal = jest.fn((o) => o.success({ confirm: true }));
    const page = await openAction('close', staff.topic({ status: 'completed', allowedActions: ['close'] }));
    wx.__respond(fixtures.problem(422, 'unanswered_doubts', '还有 1 条居民的疑问没有答复。请先在意见下作出官方答复；如确需继续“确认办完”，请确认后再提交，时间线上会记下。'));
    wx.__respond({ data: staff.topic({ status: 'closed' }) });
    await tap(page, '#submit');
    await settle();

    expect(wx.showModal.mock.calls[0][0].content).toContain('还有 1 条居民的疑问没有答复');
    expect(posted().map((r) => r.data)).toEqual([{}, { confirmUnansweredDoubts: true }]);
    expect(wx.navigateBack).toHaveBeenCalled();
  });
});
