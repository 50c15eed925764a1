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
  // Index 0 is "不选"; 2 is the second category.
  page.querySelector('#category').dispatchEvent('change', { detail: { value: 2 } });
  await settle();
}

const submitted = (topic = {}) => ({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '审核中', ...topic } });
const submitCalls = () => wx.request.mock.calls.map((c) => c[0]).filter((r) => r.url.endsWith('/api/rooms/7/topics'));

describe('propose page', () => {
  test('renders one box to fill, the optional fields and the room; anonymous unless the switch is on', async () => {
    const page = await open();

    expect(page.querySelector('#description')).toBeTruthy();
    expect(text(page, '#field-description')).toContain('您遇到了什么问题？');
    expect(text(page, '#form')).toContain('下面几项可以不填');
    expect(text(page, '#category-value')).toBe('不选，由工作人员归类 ▾');
    expect(text(page, '#form')).toContain('提交到：萧湖社区议事室');
    expect(text(page, '#name-note')).toBe('现在不留名：公开时只显示“居民”。');
    expect(page.querySelector('#proposer-name')).toBeUndefined();
    expect(page.querySelector('#volunteer')).toBeUndefined();
    expect(requestedPaths(wx)).toEqual(['/api/categories', '/api/me']);
  });

  test('only the description is sent when only the description is filled in: the API fills in the rest', async () => {
    const page = await open();
    await type(page, '#description', '晚上七点以后一片漆黑，老人出门不方便。');
    wx.__respond(submitted());
    wx.__respond({ data: [] });
    await tap(page, '#submit');

    expect(submitCalls()[0].data).toEqual({ description: '晚上七点以后一片漆黑，老人出门不方便。', locationText: null, anonymous: true, proposerName: null, onBehalfOf: null });
    expect(text(page, '#receipt-no')).toBe('2026-R8K2MQ-0001');
  });

  test('the form is checked before sending: an error scrolls to its field and stays there', async () => {
    const page = await open();
    await type(page, '#title', '路灯');
    await tap(page, '#submit');

    expect(submitCalls()).toHaveLength(0);
    expect(text(page, '#error-description')).toBe('⚠ 请在这里说一说遇到了什么问题。');
    expect(text(page, '#submit-error')).toBe('⚠ 请按红字提示改一改，再点“提交”。');
    expect(wx.pageScrollTo).toHaveBeenLastCalledWith({ selector: '#field-description', duration: 300 });
    expect(wx.showToast).not.toHaveBeenCalled();

    await type(page, '#description', '路灯坏');
    expect(page.querySelector('#error-description')).toBeUndefined();
    await tap(page, '#submit');
    expect(text(page, '#error-description')).toBe('⚠ 请多说几个字，让工作人员看得明白（至少 5 个字）。');

    await type(page, '#description', '路灯坏了一个月了。');
    page.querySelector('#leave-name').dispatchEvent('change', { detail: { value: true } });
    await settle();
    await tap(page, '#submit');
    expect(submitCalls()).toHaveLength(0);
    expect(text(page, '#error-proposerName')).toBe('⚠ 请填写您的称呼，或者关掉“留下我的称呼”。');
    expect(wx.pageScrollTo).toHaveBeenLastCalledWith({ selector: '#field-proposerName', duration: 300 });
  });

  test('sends the form and shows the receipt number large, with copy', async () => {
    const page = await open();
    await fillIn(page);
    page.querySelector('#leave-name').dispatchEvent('change', { detail: { value: true } });
    await settle();
    await type(page, '#proposer-name', '老王');
    wx.__respond(submitted());
    wx.__respond({ data: [] });
    await tap(page, '#submit');

    const body = submitCalls()[0].data;
    expect(body).toEqual({ description: '晚上七点以后一片漆黑，老人出门不方便。', title: '萧湖路北段路灯不亮', categoryId: 2, locationText: null, anonymous: false, proposerName: '老王', onBehalfOf: null });
    expect(text(page, '#receipt-no')).toBe('2026-R8K2MQ-0001');
    expect(text(page, '#receipt-spelled')).toBe('一个字一个字地读：2026 - R 8 K 2 M Q - 0001');
    expect(text(page, '#receipt-status')).toContain('现在：审核中。');
    expect(wx.getStorageSync('proposeDraft:7')).toBe('');
    await tap(page, '#copy-receipt');
    expect(wx.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: '2026-R8K2MQ-0001' }));
    // The templates endpoint had nothing: no offer.
    expect(page.querySelector('#subscribe-offer')).toBeUndefined();
  });

  test('field errors from the API appear next to their fields', async () => {
    const page = await open();
    await type(page, '#title', '路灯');
    await type(page, '#description', '路灯坏了一个月。');
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', {
      title: ['标题不超过 100 个字，可以不填。'],
      categoryId: ['这个类别已经停用，请换一个，或者不选，由工作人员归类。'],
    }));
    await tap(page, '#submit');

    expect(text(page, '#error-title')).toBe('⚠ 标题不超过 100 个字，可以不填。');
    expect(text(page, '#error-categoryId')).toBe('⚠ 这个类别已经停用，请换一个，或者不选，由工作人员归类。');
    expect(page.querySelector('#error-description')).toBeUndefined();
    expect(text(page, '#submit-error')).toBe('⚠ 请按红字提示改一改，再点“提交”。');
    expect(wx.pageScrollTo).toHaveBeenLastCalledWith({ selector: '#field-title', duration: 300 });
    expect(page.instance.data.form.title).toBe('路灯');
  });

  test('a retry after a network failure sends the same Idempotency-Key and keeps the text', async () => {
    const page = await open();
    await fillIn(page);
    wx.__respond({ fail: 'request:fail timeout' });
    await tap(page, '#submit');

    expect(text(page, '#submit-error')).toBe('⚠ 网络超时，请检查网络后重试。您写的内容还在，可以点“重试提交”。');
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
    expect(text(again, '#restored')).toContain('已恢复您上次没提交的内容');
    expect(again.instance.data.form.title).toBe('萧湖路北段路灯不亮');
    expect(text(again, '#category-value')).toBe('道路交通 ▾');
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
    expect(text(page, '#subscribed')).toBe('✓ 已订阅：问题有进展时，微信会通知您。');
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('declining the subscription says how to follow progress anyway, and it stays on the receipt', async () => {
    wx.requestSubscribeMessage = jest.fn((o) => o.success({ T1: 'reject' }));
    const page = await open();
    await fillIn(page);
    wx.__respond(submitted());
    wx.__respond({ data: [{ key: 'topic_progress', templateId: 'T1', title: '问题进展通知', audience: 'resident', roles: [] }] });
    await tap(page, '#submit');
    await tap(page, '#subscribe');

    expect(text(page, '#subscribed')).toBe('没有订阅也没关系，随时可以在“码上查情”里凭查询号查看进展。');
    expect(text(page, '#receipt-no')).toBe('2026-R8K2MQ-0001');
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
    // The next resident keeps the volunteer's choices: for a resident, and the category.
    expect(page.instance.data.form.title).toBe('');
    expect(page.instance.data.form.description).toBe('');
    expect(page.instance.data.form.residentName).toBe('');
    expect(page.instance.data.form.onBehalf).toBe(true);
    expect(text(page, '#category-value')).toBe('道路交通 ▾');
  });

  test('a volunteer\'s phone field error shows next to the phone', async () => {
    const page = await open(VOLUNTEER);
    page.querySelector('#on-behalf').dispatchEvent('change', { detail: { value: true } });
    await settle();
    await fillIn(page);
    await type(page, '#resident-phone', '13800001234');
    wx.__respond(fixtures.problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', { 'onBehalfOf.phone': ['请填写正确的手机号或座机号。'] }));
    await tap(page, '#submit');

    expect(text(page, '#error-residentPhone')).toBe('⚠ 请填写正确的手机号或座机号。');
    expect(wx.pageScrollTo).toHaveBeenLastCalledWith({ selector: '#field-residentPhone', duration: 300 });
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

  test('without the categories the form still works: the category is left to the staff', async () => {
    wx.__respond({ fail: 'request:fail timeout' });
    wx.__respond({ data: ME });
    const page = await renderPage(PAGE, { roomId: '7' });

    expect(page.querySelector('#category')).toBeUndefined();
    expect(text(page, '#category-unavailable')).toBe('类别暂时打不开。不选也可以提交，工作人员会帮您归类。');
    await type(page, '#description', '路灯坏了一个月了。');
    wx.__respond(submitted());
    wx.__respond({ data: [] });
    await tap(page, '#submit');
    expect(submitCalls()[0].data.categoryId).toBeUndefined();
    expect(text(page, '#receipt-no')).toBe('2026-R8K2MQ-0001');
  });

  test('a refusal that trying again cannot fix says so without offering 重试提交', async () => {
    const page = await open();
    await type(page, '#description', '路灯坏了一个月了。');
    wx.__respond(fixtures.problem(409, 'room_closed', '这个议事室已停用，不能再提问题了。请查找附近其他议事室提交。'));
    await tap(page, '#submit');

    expect(text(page, '#submit-error')).toBe('⚠ 这个议事室已停用，不能再提问题了。请查找附近其他议事室提交。');
    expect(text(page, '#submit')).toBe('提交');
    expect(page.instance.data.form.description).toBe('路灯坏了一个月了。');
  });
});
