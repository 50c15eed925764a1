const { renderPage, text, tap, find } = require('./page');
const { requestedPaths } = require('./wx-mock');

const PAGE = 'pages/invitation/index';
const SCENE = 'I23456789ABCDEFG';
const invitation = (overrides = {}) => ({
  role: 'implementer', roleName: '承办单位', regionName: '清江浦区', unit: '清江浦区住建局', note: '负责道路照明',
  expiresOn: '2026-12-04', status: 'pending', text: '邀请你担任 清江浦区 的 承办单位（清江浦区住建局）。', ...overrides,
});
const problem = (status, code, detail, errors) => ({ statusCode: status, data: { status, code, detail, errors } });

async function typeName(page, value) {
  find(page, '#name').dispatchEvent('input', { detail: { value } });
  await new Promise((r) => setTimeout(r, 0));
}

beforeEach(() => {
  wx.reLaunch = jest.fn();
});

describe('invitation page', () => {
  test('shows the offer and accepts it under the name typed', async () => {
    wx.__respond({ data: invitation() });
    wx.__respond({ data: { grant: { id: 3, role: 'implementer', userName: '李明' } } });
    const page = await renderPage(PAGE, { scene: SCENE });

    expect(text(page, '#offer-title')).toBe('邀请你担任 清江浦区 的 承办单位');
    expect(text(page, '#unit')).toBe('单位：清江浦区住建局');
    expect(text(page, '#expires')).toBe('请在 2026-12-04 前接受');
    await typeName(page, ' 李明 ');
    await tap(page, '#accept');

    expect(requestedPaths(wx)).toEqual([`/api/invitations/by-scene/${SCENE}`, `/api/invitations/by-scene/${SCENE}/accept`]);
    expect(wx.request.mock.calls[1][0].data).toEqual({ name: '李明' });
    expect(text(page, '#accepted')).toContain('您现在是 清江浦区 的 承办单位');
    await tap(page, '#workbench');
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/packageStaff/pages/workbench/index' });
  });

  test('an empty name is asked for before anything is sent', async () => {
    wx.__respond({ data: invitation() });
    const page = await renderPage(PAGE, { scene: SCENE });

    await typeName(page, '   ');
    await tap(page, '#accept');

    expect(text(page, '#name-error')).toContain('请填写您的姓名');
    expect(wx.request).toHaveBeenCalledTimes(1);
  });

  test('the API\'s field error about the name shows under the name', async () => {
    wx.__respond({ data: invitation() });
    wx.__respond(problem(400, 'validation_failed', '提交的内容有误，请按提示修改。', { name: ['姓名不超过 20 个字。'] }));
    const page = await renderPage(PAGE, { scene: SCENE });

    await typeName(page, '一个很长很长的名字');
    await tap(page, '#accept');

    expect(text(page, '#name-error')).toBe('⚠ 姓名不超过 20 个字。');
    expect(find(page, '#accept')).toBeTruthy();
  });

  test('an invitation whose places were taken while the form was open says so', async () => {
    wx.__respond({ data: invitation() });
    wx.__respond(problem(409, 'invitation_used_up', '该邀请的名额已满，请联系邀请您的管理员。'));
    const page = await renderPage(PAGE, { scene: SCENE });

    await typeName(page, '李明');
    await tap(page, '#accept');

    expect(text(page, '#closed-message')).toBe('该邀请的名额已满，请联系邀请您的管理员。');
    expect(page.querySelector('#accept')).toBeUndefined();
  });

  test.each([
    ['expired', '已过期'],
    ['revoked', '已被撤销'],
    ['accepted', '名额已满'],
  ])('a %s invitation shows the offer and why it cannot be accepted, without the form', async (status, words) => {
    wx.__respond({ data: invitation({ status }) });
    const page = await renderPage(PAGE, { scene: SCENE });

    expect(text(page, '#offer-title')).toBe('邀请你担任 清江浦区 的 承办单位');
    expect(text(page, '#closed-message')).toContain(words);
    expect(page.querySelector('#form')).toBeUndefined();
  });

  test('an unknown code shows the API\'s message', async () => {
    wx.__respond(problem(404, 'invitation_not_found', '邀请不存在，请确认扫描的是管理员给您的邀请码。'));
    const page = await renderPage(PAGE, { scene: SCENE });

    expect(text(page, '#error-message')).toBe('邀请不存在，请确认扫描的是管理员给您的邀请码。');
  });
});
