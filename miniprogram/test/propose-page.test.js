const fs = require('fs');
const path = require('path');
const { renderPage, text, tap, settle } = require('./page');
const { requestedPaths } = require('./wx-mock');
const fixtures = require('./fixtures');

const PAGE = 'pages/propose/index';
const CATEGORIES = [{ id: 1, name: '环境卫生', sortOrder: 1, isActive: true }, { id: 2, name: '道路交通', sortOrder: 2, isActive: true }];
const ME = { id: 42, displayName: null, grants: [] };
const VOLUNTEER = { id: 43, displayName: null, grants: [{ id: 1, role: 'volunteer', roleName: '志愿者', regionId: 4, regionCode: '320803001002', regionName: '萧湖社区', regionLevel: 4, unit: null }] };

beforeEach(() => {
  wx.setClipboardData = jest.fn();
  wx.pageScrollTo = jest.fn();
  wx.navigateBack = jest.fn();
  wx.requestSubscribeMessage = jest.fn((o) => o.success({ T1: 'accept' }));
});

async function open(me = ME, query = { roomId: '7', roomName: encodeURIComponent('萧湖社区议事室') }) {
  wx.__respond({ data: CATEGORIES });
  wx.__respond({ data: me });
  return renderPage(PAGE, query);
}

async function type(page, selector, value) {
  page.querySelector(selector).dispatchEvent('input', { detail: { value } });
  await settle();
}

async function fillIn(page) {
  await type(page, '#title', '萧湖路北段路灯不亮');
  await type(page, '#description', '晚上七点以后一片漆黑，老人出门不方便。');
  page.querySelector('#category').dispatchEvent('change', { detail: { value: 1 } });
  await settle();
}

const submitted = (topic = {}) => ({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '待审题', ...topic } });
const submitCalls = () => wx.request.mock.calls.map((c) => c[0]).filter((r) => r.url.endsWith('/api/rooms/7/topics'));

describe('propose page', () => {
  test('renders the form with the categories and the room', async () => {
    const page = await open();

    expect(page.querySelector('#title')).toBeTruthy();
    expect(text(page, '#category-value')).toBe('请点这里选择类别 ▾');
    expect(text(page, '#form')).toContain('提交到：萧湖社区议事室');
    expect(page.querySelector('#volunteer')).toBeUndefined();
    expect(requestedPaths(wx)).toEqual(['/api/categories', '/api/me']);
  });

  test('sends the form and shows the receipt number large, with copy', async () => {
    const page = await open();
    await fillIn(page);
    await type(page, '#proposer-name', '老王');
    wx.__respond(submitted());
    wx.__respond({ data: [] });
    await tap(page, '#submit');

    const body = submitCalls()[0].data;
    expect(body).toEqual({ title: '萧湖路北段路灯不亮', description: '晚上七点以后一片漆黑，老人出门不方便。', categoryId: 2, locationText: null, anonymous: false, proposerName: '老王', onBehalfOf: null });
    expect(text(page, '#receipt-no')).toBe('2026-R8K2MQ-0001');
    expect(text(page, '#receipt-spelled')).toBe('逐字读：2026 - R 8 K 2 M Q - 0001');
    expect(wx.getStorageSync('proposeDraft:7')).toBe('');
    await tap(page, '#copy-receipt');
    expect(wx.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: '2026-R8K2MQ-0001' }));
    // The templates endpoint had nothing: no offer.
    expect(page.querySelector('#subscribe-offer')).toBeUndefined();
  });

  test('field errors from the API appear next to their fields', async () => {
    const page = await open();
    await type(page, '#title', '路灯');
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', {
      description: ['请把问题描述清楚（至少 5 个字）。'],
      categoryId: ['请选择议题类别。'],
    }));
    await tap(page, '#submit');

    expect(text(page, '#error-description')).toBe('⚠ 请把问题描述清楚（至少 5 个字）。');
    expect(text(page, '#error-categoryId')).toBe('⚠ 请选择议题类别。');
    expect(page.querySelector('#error-title')).toBeUndefined();
    expect(text(page, '#submit-error')).toBe('提交的内容有误，请按提示修改。');
    expect(page.querySelector('#title').dom.getAttribute('value') || page.instance.data.form.title).toBe('路灯');
  });

  test('a retry after a network failure sends the same Idempotency-Key and keeps the text', async () => {
    const page = await open();
    await fillIn(page);
    wx.__respond({ fail: 'request:fail timeout' });
    await tap(page, '#submit');

    expect(text(page, '#submit-error')).toBe('网络超时，请检查网络后重试。');
    expect(page.instance.data.form.title).toBe('萧湖路北段路灯不亮');
    expect(text(page, '#submit')).toBe('重试提交');

    wx.__respond({ statusCode: 200, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', statusName: '待审题' } });
    wx.__respond({ data: [] });
    await tap(page, '#submit');

    const [first, retry] = submitCalls();
    expect(first.header['Idempotency-Key']).toBeTruthy();
    expect(retry.header['Idempotency-Key']).toBe(first.header['Idempotency-Key']);
    expect(retry.data).toEqual(first.data);
    expect(text(page, '#receipt-no')).toBe('2026-R8K2MQ-0001');
  });

  test('reopening the page after a failure restores the draft and its key', async () => {
    const page = await open();
    await fillIn(page);
    wx.__respond({ fail: 'request:fail net::ERR_INTERNET_DISCONNECTED' });
    await tap(page, '#submit');
    const key = submitCalls()[0].header['Idempotency-Key'];

    const again = await open();
    expect(text(again, '#restored')).toContain('已恢复您上次未提交的内容');
    expect(again.instance.data.form.title).toBe('萧湖路北段路灯不亮');
    expect(text(again, '#category-value')).toBe('道路交通');
    wx.__respond(submitted());
    wx.__respond({ data: [] });
    await tap(again, '#submit');
    expect(submitCalls()[1].header['Idempotency-Key']).toBe(key);
  });

  test('after success, offers the resident template only and reports the accepted one', async () => {
    const page = await open();
    await fillIn(page);
    wx.__respond(submitted());
    wx.__respond({ data: [
      { key: 'topic_progress', templateId: 'T1', title: '议题进展通知', audience: 'resident', roles: [] },
      { key: 'new_submission', templateId: 'T2', title: '新议题待审提醒', audience: 'staff', roles: ['reviewer', 'room_admin'] },
      { key: 'task_assigned', templateId: 'T3', title: '落实任务通知', audience: 'staff', roles: ['implementer'] },
      { key: 'task_overdue', templateId: 'T4', title: '任务逾期提醒', audience: 'staff', roles: ['implementer'] },
      { key: 'review_due', templateId: 'T5', title: '议题跟踪提醒', audience: 'staff', roles: ['room_admin'] },
    ] });
    await tap(page, '#submit');

    expect(text(page, '#subscribe')).toBe('订阅进度通知');
    wx.__respond({ data: { templateId: 'T1', remaining: 1 } });
    await tap(page, '#subscribe');
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['T1']);
    expect(requestedPaths(wx).slice(-1)).toEqual(['/api/me/subscriptions']);
    expect(page.querySelector('#subscribe-offer')).toBeUndefined();
    expect(text(page, '#subscribed')).toBe('已订阅进度通知');
  });

  test('a volunteer may submit for a resident, and gets a receipt to show or read out', async () => {
    const page = await open(VOLUNTEER);
    expect(page.querySelector('#volunteer')).toBeTruthy();
    page.querySelector('#on-behalf').dispatchEvent('change', { detail: { value: true } });
    await settle();
    await fillIn(page);
    await type(page, '#resident-name', '张大爷');
    await type(page, '#resident-phone', '13800001234');
    expect(page.querySelector('#anonymous')).toBeUndefined();
    wx.__respond(submitted());
    wx.__respond({ data: [] });
    await tap(page, '#submit');

    expect(submitCalls()[0].data).toMatchObject({ anonymous: true, proposerName: null, onBehalfOf: { name: '张大爷', phone: '13800001234' } });
    expect(text(page, '#done')).toContain('已代居民提交');
    expect(text(page, '#done')).toContain('念给居民听');
    expect(text(page, '#receipt-no')).toBe('2026-R8K2MQ-0001');
    await tap(page, '#another');
    expect(page.instance.data.form.title).toBe('');
    expect(page.instance.data.form.onBehalf).toBe(true);
  });

  test('a volunteer\'s phone field error shows next to the phone', async () => {
    const page = await open(VOLUNTEER);
    page.querySelector('#on-behalf').dispatchEvent('change', { detail: { value: true } });
    await settle();
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', { 'onBehalfOf.phone': ['请填写正确的手机号或座机号。'] }));
    await tap(page, '#submit');

    expect(text(page, '#error-residentPhone')).toBe('⚠ 请填写正确的手机号或座机号。');
  });

  test('a volunteer can enter a landline with a dash as the resident\'s contact', async () => {
    const page = await open(VOLUNTEER);
    page.querySelector('#on-behalf').dispatchEvent('change', { detail: { value: true } });
    await settle();
    await fillIn(page);
    await type(page, '#resident-phone', '０５１７－8366 1234');
    wx.__respond(submitted());
    wx.__respond({ data: [] });
    await tap(page, '#submit');

    expect(submitCalls()[0].data.onBehalfOf).toEqual({ name: null, phone: '0517-83661234' });
    // The keyboard must offer the dash: a number or digit keyboard has none.
    const source = fs.readFileSync(path.join(__dirname, '..', 'pages/propose/index.wxml'), 'utf8');
    expect(source).toMatch(/<input [^>]*id="resident-phone" type="text"/);
  });

  test('a contact that is neither a mobile nor a landline is refused in the form, before sending', async () => {
    const page = await open(VOLUNTEER);
    page.querySelector('#on-behalf').dispatchEvent('change', { detail: { value: true } });
    await settle();
    await fillIn(page);
    await type(page, '#resident-phone', '8366');
    await tap(page, '#submit');

    expect(submitCalls()).toHaveLength(0);
    expect(text(page, '#error-residentPhone')).toBe('⚠ 请填写正确的手机号（11 位）或座机号（区号-号码，如 0517-83661234）。');
    await type(page, '#resident-phone', '0517-83661234');
    expect(page.querySelector('#error-residentPhone')).toBeUndefined();
  });

  test('categories failing shows the message and 重试', async () => {
    wx.__respond({ fail: 'request:fail timeout' });
    wx.__respond({ data: ME });
    const page = await renderPage(PAGE, { roomId: '7' });
    expect(text(page, '#error-message')).toBe('网络超时，请检查网络后重试。');
    wx.__respond({ data: CATEGORIES });
    await tap(page, '#retry');
    expect(page.querySelector('#title')).toBeTruthy();
  });
});
