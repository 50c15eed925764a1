// WeChat's privacy authorisation: the app's own popup answers wx.onNeedPrivacyAuthorization, and every
// privacy-scoped call (the clipboard) tells the person what happened when it fails.
const fs = require('fs');
const path = require('path');
const { renderPage, text, tap, settle } = require('./page');
const T = require('./topic-fixtures');

const RECEIPT = '2026-R8K2MQ-0001';
const NOT_AGREED = { errMsg: 'setClipboardData:fail privacy permission is not authorized', errno: 104 };
const NOT_DECLARED = { errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement', errno: 112 };

// miniprogram-simulate drops <text user-select>, so selectability is read from the template: the opening tag with this id.
function openingTag(wxml, id) {
  const source = fs.readFileSync(path.join(__dirname, '..', wxml), 'utf8');
  return (source.match(new RegExp(`<[a-z-]+[^>]*id="${id}"[^>]*>`)) || [''])[0];
}

let needAuthorization;
let answers;

// WeChat as it behaves before the person agreed: the clipboard call waits for the app's listener, then goes on or fails.
function privacyGatedClipboard() {
  wx.setClipboardData = jest.fn((options) => {
    needAuthorization((answer) => {
      answers.push(answer);
      if (answer.event === 'agree') options.success({ errMsg: 'setClipboardData:ok' });
      if (answer.event === 'disagree') options.fail(NOT_AGREED);
    }, { referrer: 'setClipboardData' });
  });
}

beforeEach(() => {
  needAuthorization = null;
  answers = [];
  wx.onNeedPrivacyAuthorization = jest.fn((listener) => { needAuthorization = listener; });
  wx.openPrivacyContract = jest.fn();
  wx.getPrivacySetting = jest.fn((o) => o.success({ needAuthorization: true, privacyContractName: '《码上议小程序隐私保护指引》' }));
  wx.showModal = jest.fn();
  wx.pageScrollTo = jest.fn();
});

// The propose page after a submission: the receipt with 复制受理号.
async function receiptPage() {
  wx.__respond({ data: [{ id: 1, name: '环境卫生' }] });
  wx.__respond({ data: { id: 42, grants: [] } });
  const page = await renderPage('pages/propose/index', { roomId: '7' });
  page.instance.done({ id: 9, receiptNo: RECEIPT, statusName: '待审题' });
  wx.__respond({ data: [] });
  await settle();
  return page;
}

const popup = (page) => page.querySelector('#privacy-popup');
const inPopup = (page, selector) => popup(page).querySelector(selector);

describe('privacy popup', () => {
  test('a privacy-scoped call shows the app\'s popup, and agreeing lets the call go on', async () => {
    privacyGatedClipboard();
    const page = await receiptPage();
    expect(wx.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);
    expect(inPopup(page, '#privacy-text')).toBeUndefined();

    await tap(page, '#copy-receipt');
    expect(inPopup(page, '#privacy-text').dom.textContent).toBe('复制需要您先阅读并同意《码上议小程序隐私保护指引》。同意后继续；不同意，其他功能照常使用。');
    expect(answers).toEqual([{ event: 'exposureAuthorization' }]);

    inPopup(page, '#agree-privacy').dispatchEvent('agreeprivacyauthorization');
    await settle();

    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { buttonId: 'agree-privacy', event: 'agree' }]);
    expect(inPopup(page, '#agree-privacy')).toBeUndefined();
    expect(wx.showToast).toHaveBeenCalledWith({ title: '查询号已复制', icon: 'none' });
  });

  test('the guide opens from the popup', async () => {
    privacyGatedClipboard();
    const page = await receiptPage();
    await tap(page, '#copy-receipt');

    inPopup(page, '#privacy-contract').dispatchEvent('tap');
    await settle();

    expect(wx.openPrivacyContract).toHaveBeenCalledTimes(1);
  });

  test('disagreeing fails the call, and the person is told why and given the number to write down', async () => {
    privacyGatedClipboard();
    const page = await receiptPage();
    await tap(page, '#copy-receipt');

    inPopup(page, '#privacy-disagree').dispatchEvent('tap');
    await settle();

    expect(answers.slice(-1)).toEqual([{ event: 'disagree' }]);
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '查询号没有复制',
      content: `您没有同意《用户隐私保护指引》，小程序不能使用剪贴板。请长按文字复制，或把它抄下来：${RECEIPT}`,
    }));
    expect(wx.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ title: '查询号已复制' }));
  });

  test('a clipboard not declared in the guide is explained, not silent', async () => {
    wx.setClipboardData = jest.fn((o) => o.fail(NOT_DECLARED));
    const page = await receiptPage();

    await tap(page, '#copy-receipt');

    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: `复制功能暂时不能使用。请长按文字复制，或把它抄下来：${RECEIPT}` }));
  });

  test('the receipt number itself can be selected by a long press', async () => {
    wx.setClipboardData = jest.fn();
    const page = await receiptPage();

    expect(text(page, '#receipt-no')).toBe(RECEIPT);
    expect(openingTag('pages/propose/index.wxml', 'receipt-no')).toMatch(/^<text [^>]*user-select="true"/);
  });
});

describe('online meeting link', () => {
  async function topicWithOnlineMeeting() {
    wx.__respond({ data: T.topic({ meetings: [T.meeting({ onlineLink: 'https://meeting.tencent.com/dm/abc123' })] }) });
    wx.__respond({ data: T.WORKFLOW });
    wx.__respond({ data: { items: [], nextAfter: null, counts: {} } });
    return renderPage('pages/topic/index', { id: '9' });
  }

  test('the link is selectable text with a 复制链接 button that copies it', async () => {
    wx.setClipboardData = jest.fn((o) => o.success({ errMsg: 'setClipboardData:ok' }));
    const page = await topicWithOnlineMeeting();

    expect(openingTag('pages/topic/index.wxml', 'online-link-{{item.id}}')).toMatch(/^<text [^>]*user-select="true"/);
    expect(text(page, '#online-link-3')).toBe('https://meeting.tencent.com/dm/abc123');
    await tap(page, '#copy-link-3');
    expect(wx.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: 'https://meeting.tencent.com/dm/abc123' }));
    expect(wx.showToast).toHaveBeenCalledWith({ title: '会议链接已复制', icon: 'none' });
  });

  test('copying the link through the privacy popup, refused, says what happened', async () => {
    privacyGatedClipboard();
    const page = await topicWithOnlineMeeting();
    await tap(page, '#copy-link-3');

    inPopup(page, '#privacy-disagree').dispatchEvent('tap');
    await settle();

    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '会议链接没有复制', content: expect.stringContaining('https://meeting.tencent.com/dm/abc123') }));
  });
});
