// 已有类似的问题 on the propose page: the debounced lookup (utils/similar-lookup.js, on injected timers) and the cards
// with 支持 and 查看; the person may still submit theirs.
const { renderPage, text, tap, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');
const { similarLookup, DELAY } = require('../utils/similar-lookup');

const PAGE = 'pages/propose/index';
const ME = { id: 42, displayName: null, grants: [] };
const VOLUNTEER = { id: 43, displayName: null, grants: [{ id: 1, role: 'volunteer', roleName: '志愿者', regionId: 4, regionCode: '320803001002', regionName: '萧湖社区', regionLevel: 4, unit: null }] };
const LIKE = [
  { id: 31, title: '东门路灯坏了', status: 'announced', statusName: '听取意见中', roomName: '萧湖社区议事室', supportCount: 4, score: 0.52, sameRoom: true },
  { id: 32, title: '小区东门路灯不亮', status: 'implementing', statusName: '正在办理', roomName: '清河社区议事室', supportCount: 0, score: 0.31, sameRoom: false },
];

async function open(me = ME) {
  wx.__respond({ data: [] });
  wx.__respond({ data: me });
  const page = await renderPage(PAGE, { roomId: '7', roomName: encodeURIComponent('萧湖社区议事室') });
  return page;
}

async function type(page, selector, value) {
  page.querySelector(selector).dispatchEvent('input', { detail: { value } });
  await settle();
}

describe('similar-topics lookup', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('asks once, DELAY ms after typing stops, and only from four characters on', async () => {
    const fetch = jest.fn(() => Promise.resolve({ items: LIKE }));
    const show = jest.fn();
    const lookup = similarLookup({ fetch, show });

    lookup.typed('路灯', '');
    expect(show).toHaveBeenLastCalledWith([]);
    lookup.typed('路灯不亮', '');
    jest.advanceTimersByTime(DELAY - 1);
    lookup.typed('东门路灯不亮', '晚上很黑');
    jest.advanceTimersByTime(DELAY - 1);
    expect(fetch).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    await Promise.resolve();

    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('东门路灯不亮', '晚上很黑');
    expect(show).toHaveBeenLastCalledWith(LIKE);
    expect(DELAY).toBe(600);
  });

  test('an answer to an older text, or one after cancel, is dropped; a failure shows nothing new', async () => {
    let answer;
    const fetch = jest.fn(() => new Promise((resolve) => { answer = resolve; }));
    const show = jest.fn();
    const lookup = similarLookup({ fetch, show });

    lookup.typed('东门路灯不亮', '');
    jest.advanceTimersByTime(DELAY);
    lookup.cancel();
    answer({ items: LIKE });
    await Promise.resolve();
    expect(show).not.toHaveBeenCalled();

    const failing = similarLookup({ fetch: () => Promise.reject(new Error('网络')), show });
    failing.typed('东门路灯不亮', '');
    jest.advanceTimersByTime(DELAY);
    await Promise.resolve();
    await Promise.resolve();
    expect(show).not.toHaveBeenCalled();
  });
});

describe('propose page: 已有类似的问题', () => {
  test('typing the title or description asks the lookup with both, and submitting stops it', async () => {
    const page = await open();
    const typed = jest.spyOn(page.instance.lookup, 'typed');
    const cancel = jest.spyOn(page.instance.lookup, 'cancel');

    await type(page, '#description', '东门的路灯晚上不亮');
    await type(page, '#title', '东门路灯坏了');
    await type(page, '#location', '东门');

    expect(typed.mock.calls).toEqual([['', '东门的路灯晚上不亮'], ['东门路灯坏了', '东门的路灯晚上不亮']]);
    wx.__respond({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '审核中' } });
    wx.__respond({ data: [] });
    await tap(page, '#submit');
    expect(cancel).toHaveBeenCalled();
  });

  test('shows the like topics with their room, status and supports; 支持 supports one with one tap, 查看 opens it', async () => {
    const page = await open();
    expect(page.querySelector('#similar')).toBeUndefined();
    page.instance.showSimilar(LIKE);
    await settle();

    expect(text(page, '#similar')).toContain('已有类似的问题：');
    expect(text(page, '#similar-note')).toBe('如果说的是同一件事，点“支持”就行；不是的话，照常提交。');
    expect(text(page, '#similar-31')).toContain('东门路灯坏了');
    expect(text(page, '#similar-31')).toContain('萧湖社区议事室 · 听取意见中 · 4 人支持');

    wx.__respond({ data: { supportCount: 5, supportedByMe: true } });
    await tap(page, '#support-31');
    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/topics/31/support']);
    expect(text(page, '#support-31')).toBe('已支持');
    expect(text(page, '#similar-31')).toContain('5 人支持');
    expect(text(page, '#submit')).toBe('提交');

    await tap(page, '#view-similar-32');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=32' });
  });

  test('a support the API refuses says why under the cards', async () => {
    const page = await open();
    page.instance.showSimilar(LIKE);
    await settle();
    wx.__respond(fixtures.problem(409, 'topic_closed_for_support', '这个问题现在不能支持了。'));

    await tap(page, '#support-31');

    expect(text(page, '#similar-error')).toBe('⚠ 这个问题现在不能支持了。');
    expect(text(page, '#support-31')).toBe('支持');
  });

  test('a volunteer entering for a resident sees the like topics to tell the resident, with 查看 and no 支持', async () => {
    const page = await open(VOLUNTEER);
    page.querySelector('#on-behalf').dispatchEvent('change', { detail: { value: true } });
    await settle();
    page.instance.showSimilar(LIKE);
    await settle();

    expect(text(page, '#similar-note')).toContain('可以告诉居民：这件事已经有人提了');
    expect(page.querySelector('#support-31')).toBeUndefined();
    expect(page.querySelector('#view-similar-31')).toBeTruthy();
  });
});
