// Every resident page, rendered in every state it can be in, speaks the glossary (utils/glossary.js): no staff word,
// a process word that stays (纪要, 落实, 复核) only with its one-line explanation, and no code, enum value or English
// word on screen (/[a-z_]{4,}/ outside the glossary's brand words; a link is content to copy, not a word). What is on
// screen is the rendered page, its title bar, and whatever WeChat shows for it (toasts, dialogs).
const fs = require('fs');
const path = require('path');
const { renderPage, tap, settle } = require('./page');
const fixtures = require('./fixtures');
const R = require('./resident-fixtures');
const { GLOSSARY, EXPLAINED, STATUSES, staffWordsIn } = require('../utils/glossary');

const ROOT = path.resolve(__dirname, '..');
const RESIDENT_PAGES = ['room', 'find-room', 'propose', 'topic', 'topics', 'meetings', 'inquire'];
const CATEGORIES = [{ id: 1, name: '环境卫生', sortOrder: 1, isActive: true }, { id: 11, name: '其他', sortOrder: 999, isActive: true }];

/** Everything the person can read for this page now. */
function onScreen(page, pageName) {
  const title = JSON.parse(fs.readFileSync(path.join(ROOT, 'pages', pageName, 'index.json'), 'utf8')).navigationBarTitleText;
  const shown = [title, page.dom.textContent]
    .concat(wx.setNavigationBarTitle.mock.calls.map((c) => c[0].title))
    .concat(wx.showToast.mock.calls.map((c) => c[0].title))
    .concat(wx.showModal.mock.calls.map((c) => `${c[0].title} ${c[0].content}`));
  return shown.join('\n');
}

/** What in `text` breaks the glossary. */
function problems(text) {
  const words = text.replace(/https?:\/\/\S+/g, ' ');
  return staffWordsIn(words).map((w) => `staff word “${w.word}” (say: ${w.instead})`)
    .concat(Object.keys(EXPLAINED).filter((w) => words.includes(w) && !words.includes(EXPLAINED[w])).map((w) => `“${w}” without “${EXPLAINED[w]}”`))
    .concat((words.match(/[a-z_]{4,}/g) || []).filter((w) => !GLOSSARY.brandWords.includes(w)).map((w) => `code or English “${w}”`));
}

function expectPlain(page, pageName, state) {
  const text = onScreen(page, pageName);
  expect({ state, problems: problems(text) }).toEqual({ state, problems: [] });
  return text;
}

const fail = { fail: 'request:fail timeout' };

describe('every resident page in every state speaks the glossary', () => {
  test('the room page: open, with the newest topic in every status, closed, unknown, unreachable', async () => {
    const latest = Object.keys(STATUSES).map((status, i) => ({ id: i + 1, receiptNo: `2026-R8K2MQ-000${i}`, title: '萧湖路路灯不亮', status, statusName: STATUSES[status], updatedAt: '2026-05-01T02:00:00' }))
      // A status a newer API may send that this version has no name for: shown in words, never as its code.
      .concat([{ id: 99, receiptNo: '2026-R8K2MQ-0099', title: '萧湖路路灯不亮', status: 'under_appeal', statusName: null, updatedAt: '2026-05-01T02:00:00' }]);
    wx.__respond({ data: fixtures.landing({ summary: { counts: { total: 12 }, latest } }) });
    const text = expectPlain(await renderPage('pages/room/index', { scene: 'r8K2mQ' }), 'room', 'open');
    Object.values(STATUSES).forEach((name) => expect(text).toContain(name));

    wx.__respond({ data: fixtures.landing({ isOpen: false }) });
    const closed = await renderPage('pages/room/index', { scene: 'r8K2mQ' });
    await tap(closed, '#fn-propose');
    expectPlain(closed, 'room', 'closed, after tapping a closed function');

    wx.__respond(fixtures.problem(404, 'room_not_found', '没有找到这个议事室，请确认扫描的是议事室张贴的小程序码。'));
    expectPlain(await renderPage('pages/room/index', { scene: 'XXXX' }), 'room', 'unknown room');
    wx.__respond(fail);
    expectPlain(await renderPage('pages/room/index', { scene: 'r8K2mQ' }), 'room', 'no network');
    expectPlain(await renderPage('pages/room/index', { q: encodeURIComponent('https://example.com/other') }), 'room', 'not a room code');
  });

  test('finding a room: regions, rooms, an empty search, nothing found, no regions, no network', async () => {
    wx.__respond({ data: [{ id: 1, name: '淮安市', level: 1, levelName: '市' }] });
    const page = await renderPage('pages/find-room/index');
    await tap(page, '#search');
    expectPlain(page, 'find-room', 'regions and an empty search');
    wx.__respond({ data: { items: [{ id: 7, name: '萧湖社区议事室', address: '萧湖路 12 号', scene: 'R8K2MQ', isActive: false }], nextAfter: 7 } });
    page.instance.onKeywordInput({ detail: { value: '萧湖' } });
    await page.instance.onSearch();
    await settle();
    expectPlain(page, 'find-room', 'rooms found, one closed');
    wx.__respond({ data: { items: [], nextAfter: null } });
    await page.instance.onSearch();
    await settle();
    expectPlain(page, 'find-room', 'nothing found');

    wx.__respond({ data: [] });
    expectPlain(await renderPage('pages/find-room/index'), 'find-room', 'no regions');
    wx.__respond(fail);
    expectPlain(await renderPage('pages/find-room/index'), 'find-room', 'no network');
  });

  test('码上征题: the form, its checks, the API\'s errors, a receipt, a volunteer\'s, the subscription outcomes', async () => {
    wx.requestSubscribeMessage = jest.fn((o) => o.success({ T1: 'reject' }));
    wx.__respond({ data: CATEGORIES });
    wx.__respond({ data: { id: 43, grants: [{ id: 1, role: 'volunteer', roleName: '志愿者/网格员', regionId: 4 }] } });
    const page = await renderPage('pages/propose/index', { roomId: '7', roomName: encodeURIComponent('萧湖社区议事室') });
    page.instance.onSwitch({ currentTarget: { dataset: { field: 'leaveName' } }, detail: { value: true } });
    await tap(page, '#submit');
    expectPlain(page, 'propose', 'the form with every check failing');

    page.instance.onInput({ currentTarget: { dataset: { field: 'description' } }, detail: { value: '路灯坏了一个月了。' } });
    page.instance.onSwitch({ currentTarget: { dataset: { field: 'onBehalf' } }, detail: { value: true } });
    page.instance.onInput({ currentTarget: { dataset: { field: 'residentPhone' } }, detail: { value: '123' } });
    await tap(page, '#submit');
    expectPlain(page, 'propose', 'a volunteer with a wrong phone');

    page.instance.onInput({ currentTarget: { dataset: { field: 'residentPhone' } }, detail: { value: '' } });
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', { title: ['标题不超过 100 个字，可以不填。'] }));
    await tap(page, '#submit');
    expectPlain(page, 'propose', 'the API\'s field errors');
    wx.__respond(fail);
    await tap(page, '#submit');
    expectPlain(page, 'propose', 'no network');

    wx.__respond({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '审核中' } });
    wx.__respond({ data: [{ key: 'topic_progress', templateId: 'T1', title: '问题进展通知', audience: 'resident', roles: [] }] });
    await tap(page, '#submit');
    expectPlain(page, 'propose', 'a volunteer\'s receipt with the subscription offer');
    await tap(page, '#subscribe');
    expectPlain(page, 'propose', 'subscription declined');
    page.instance.onAnother();
    await settle();
    expectPlain(page, 'propose', 'the next resident\'s form');

    wx.__respond(fail);
    wx.__respond(fail);
    expectPlain(await renderPage('pages/propose/index', { roomId: '7' }), 'propose', 'no categories, no network');
  });

  test.each(Object.keys(STATUSES))('a topic in status %s, with its whole record, as a resident sees it', async (status) => {
    wx.__respond({ data: R.topicIn(status) });
    wx.__respond({ data: { statuses: [], actions: [] } });
    wx.__respond({ data: R.comments() });
    const page = await renderPage('pages/topic/index', { id: '9' });
    const text = expectPlain(page, 'topic', status);
    expect(text).toContain(`状态：${STATUSES[status]}`);
  });

  test('a topic page after each thing a resident does, and when things fail', async () => {
    wx.showActionSheet = jest.fn((o) => o.success({ tapIndex: 0 }));
    wx.__respond({ data: R.topicIn('meeting_scheduled') });
    wx.__respond(fail);
    wx.__respond(fail);
    const page = await renderPage('pages/topic/index', { id: '9' });
    expectPlain(page, 'topic', 'without the process table and the comments');

    wx.__respond(fixtures.problem(409, 'already_supported', '您已经支持过这个问题了。'));
    await tap(page, '#support');
    wx.__respond(fixtures.problem(409, 'meeting_full', '这次会议的报名名额已满，可以在会后查看协商结果。'));
    await tap(page, '#sign-up-4');
    await tap(page, '#post-comment');
    expectPlain(page, 'topic', 'refusals next to their buttons');

    wx.__respond(fixtures.problem(404, 'topic_not_found', '没有找到这个问题：它可能还在审核，或者没有公开。请核对查询号，或回到议事室查看。'));
    wx.__respond({ data: { statuses: [], actions: [] } });
    expectPlain(await renderPage('pages/topic/index', { id: '9' }), 'topic', 'not found');
  });

  test('码上建议: topics in every status, empty, filtered empty, a failed next page, no network', async () => {
    const items = Object.keys(STATUSES).map((status, i) => ({ id: i + 1, receiptNo: '2026-R8K2MQ-0001', roomName: '萧湖社区议事室', title: '路灯不亮', categoryName: '其他', status, statusName: STATUSES[status], supportCount: 1, commentCount: 2 }));
    const query = { roomId: '7', roomName: encodeURIComponent('萧湖社区议事室'), regionId: '4', regionName: encodeURIComponent('萧湖社区') };
    wx.__respond({ data: { items, nextAfter: 1 } });
    const page = await renderPage('pages/topics/index', query);
    wx.__respond(fail);
    page.instance.onReachBottom();
    await settle();
    expectPlain(page, 'topics', 'every status and a failed next page');
    wx.__respond({ data: { items: [], nextAfter: null } });
    await tap(page, '#filter-announced');
    expectPlain(page, 'topics', 'filtered, empty');
    wx.__respond({ data: { items: [], nextAfter: null } });
    expectPlain(await renderPage('pages/topics/index', query), 'topics', 'empty');
    wx.__respond(fail);
    expectPlain(await renderPage('pages/topics/index', query), 'topics', 'no network');
  });

  test('码上协商: upcoming and past meetings, signed up or full, refusals, empty, no network', async () => {
    wx.showActionSheet = jest.fn((o) => o.success({ tapIndex: 0 }));
    const meeting = (id, more) => ({ id, topicId: 9, receiptNo: '2026-R8K2MQ-0001', topicTitle: '路灯不亮', roomId: 7, roomName: '萧湖社区议事室', startsAt: '2099-06-01T06:30:00', mode: 'hybrid', modeName: '线上线下结合', place: '议事室', capacity: 30, signupCount: 5, hasMinutes: false, ...more });
    wx.__respond({ data: { items: [meeting(3), meeting(4), meeting(5, { capacity: 5, signupCount: 5 }), meeting(6, { mode: 'unknown_mode', modeName: null })], nextAfter: null } });
    wx.__respond({ data: [{ meetingId: 4, attendMode: 'online' }] });
    const page = await renderPage('pages/meetings/index', { roomId: '7' });
    wx.__respond(fixtures.problem(409, 'meeting_started', '会议已经开始，不能再报名或取消了。'));
    await tap(page, '#sign-up-3');
    expectPlain(page, 'meetings', 'upcoming, one signed up, one full, a refusal');

    wx.__respond({ data: { items: [meeting(2, { startsAt: '2026-04-01T06:30:00', hasMinutes: true }), meeting(1, { startsAt: '2026-03-01T06:30:00' })], nextAfter: null } });
    wx.__respond({ data: [{ meetingId: 2, attendMode: 'offline' }] });
    await tap(page, '#tab-past');
    expectPlain(page, 'meetings', 'past');
    wx.__respond({ data: { items: [], nextAfter: null } });
    await tap(page, '#tab-upcoming');
    expectPlain(page, 'meetings', 'none upcoming');
    wx.__respond(fail);
    expectPlain(await renderPage('pages/meetings/index', { roomId: '7' }), 'meetings', 'no network');
  });

  test('码上查情: a public topic, one still under review, my topics, the record, empty, errors', async () => {
    wx.__respond({ data: { items: Object.keys(STATUSES).map((status, i) => ({ id: i + 1, receiptNo: '2026-R8K2MQ-0001', roomName: '萧湖社区议事室', title: '路灯不亮', status, statusName: STATUSES[status], submittedAt: '2026-05-01T00:30:00' })), nextAfter: 5 } });
    wx.__respond({ data: fixtures.landing() });
    const page = await renderPage('pages/inquire/index', { roomId: '7', scene: 'r8K2mQ' });
    page.instance.onReceiptInput({ detail: { value: '2026 r8k2mq 0002' } });
    wx.__respond({ data: { topic: null, status: { receiptNo: '2026-R8K2MQ-0002', status: 'submitted', statusName: '审核中', stage: 1, stageName: '提出问题', submittedAt: '2026-05-01T00:30:00', updatedAt: '2026-05-01T00:30:00', timeline: R.topicIn('submitted').timeline } } });
    await tap(page, '#lookup-button');
    wx.__respond(fail);
    await tap(page, '#more-mine');
    expectPlain(page, 'inquire', 'under review, my topics in every status, a failed next page');

    wx.__respond({ data: { topic: R.topicIn('closed'), status: null } });
    await tap(page, '#lookup-button');
    expectPlain(page, 'inquire', 'a public topic');
    page.instance.onReceiptInput({ detail: { value: '' } });
    await tap(page, '#lookup-button');
    expectPlain(page, 'inquire', 'nothing typed');
    page.instance.onReceiptInput({ detail: { value: 'abc' } });
    wx.__respond(fixtures.problem(400, 'receipt_malformed', '查询号不完整，它像这样：2026-UAPPT7VF-0001。请对照回执再输一遍，空格、横线和大小写都不要紧。'));
    await tap(page, '#lookup-button');
    expectPlain(page, 'inquire', 'not a receipt');

    wx.__respond({ data: { items: [], nextAfter: null } });
    wx.__respond(fail);
    expectPlain(await renderPage('pages/inquire/index', { roomId: '7', scene: 'r8K2mQ' }), 'inquire', 'nothing of mine, the record unreachable');
  });

  test('the pages\' own words, in their sources, use no staff word', () => {
    const files = RESIDENT_PAGES.flatMap((p) => ['wxml', 'js'].map((ext) => `pages/${p}/index.${ext}`))
      .concat(['pages/topic/participation.js', 'components/privacy-popup/index.wxml', 'components/privacy-popup/index.js'])
      .concat(fs.readdirSync(path.join(ROOT, 'utils')).filter((f) => f !== 'glossary.js').map((f) => `utils/${f}`))
      .concat(fs.readdirSync(path.join(ROOT, 'services')).map((f) => `services/${f}`));
    const found = files.flatMap((file) => {
      const source = fs.readFileSync(path.join(ROOT, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/(^|\s)\/\/.*$/gm, '$1');
      const chinese = source.match(/[^\x00-\x7f]+/g) || [];
      return staffWordsIn(chinese.join(' ')).map((w) => `${file}: ${w.word}`);
    });
    expect(found).toEqual([]);
  });
});
