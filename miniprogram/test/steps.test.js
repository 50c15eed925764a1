// 码上征题 counted tap by tap, as a resident goes: from the room page (the scan has opened it) to a receipt on
// screen. Each tap and each field filled is one step; the pages are driven the way WeChat would drive them, a
// navigateTo opening the next page with its query. A resident must get there in three steps, a volunteer in five
// for the first resident and three for every one after.
const { renderPage, tap, find, settle, text } = require('./page');
const fixtures = require('./fixtures');

const CATEGORIES = [{ id: 1, name: '环境卫生', sortOrder: 1, isActive: true }, { id: 2, name: '道路交通', sortOrder: 2, isActive: true }];
const RESIDENT = { id: 42, displayName: null, grants: [] };
const VOLUNTEER = { id: 43, displayName: null, grants: [{ id: 1, role: 'volunteer', roleName: '志愿者/网格员', regionId: 4, regionCode: '320803001002', regionName: '萧湖社区', regionLevel: 4, unit: null }] };
const RECEIPT = { statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '审核中' } };
const SAID = '萧湖路北段的路灯坏了一个月，晚上老人出门看不见路。';

beforeEach(() => {
  wx.navigateBack = jest.fn();
  wx.requestSubscribeMessage = jest.fn();
});

/** A person's way through the pages: every tap and every field filled is counted. */
function journey() {
  const walk = {
    steps: 0,
    async tap(page, selector) {
      walk.steps += 1;
      await tap(page, selector);
    },
    async fill(page, selector, value) {
      walk.steps += 1;
      find(page, selector).dispatchEvent('input', { detail: { value } });
      await settle();
    },
    async switchOn(page, selector) {
      walk.steps += 1;
      find(page, selector).dispatchEvent('change', { detail: { value: true } });
      await settle();
    },
  };
  return walk;
}

/** Opens the page the last wx.navigateTo asked for, with its query, as WeChat does. */
function followNavigation() {
  const { url } = wx.navigateTo.mock.calls[wx.navigateTo.mock.calls.length - 1][0];
  const [path, search] = url.replace(/^\//, '').split('?');
  const query = {};
  (search || '').split('&').filter(Boolean).forEach((pair) => {
    const [key, value] = pair.split('=');
    query[key] = value;
  });
  return renderPage(path, query);
}

async function roomPage() {
  wx.__respond({ data: fixtures.landing() });
  return renderPage('pages/room/index', { scene: 'r8K2mQ' });
}

/** From the room page to 码上征题: the tap, then the page as it opens (it asks for the categories and who is asking). */
async function openPropose(walk, room, me) {
  wx.__respond({ data: CATEGORIES });
  wx.__respond({ data: me });
  await walk.tap(room, '#fn-propose');
  return followNavigation();
}

const submissions = () => wx.request.mock.calls.map((c) => c[0]).filter((r) => r.url.endsWith('/api/rooms/7/topics'));

async function submit(walk, page) {
  wx.__respond(RECEIPT);
  wx.__respond({ data: [] });
  await walk.tap(page, '#submit');
}

describe('码上征题 step by step', () => {
  test('a resident gets a receipt in three steps: 码上征题, say what is wrong, 提交', async () => {
    const walk = journey();
    const room = await roomPage();

    const propose = await openPropose(walk, room, RESIDENT);
    await walk.fill(propose, '#description', SAID);
    await submit(walk, propose);

    expect(text(propose, '#receipt-no')).toBe('2026-R8K2MQ-0001');
    expect(walk.steps).toBeLessThanOrEqual(3);
    // Anonymous by default: nothing had to be switched off to keep a name out of public view.
    expect(submissions()[0].data).toMatchObject({ description: SAID, anonymous: true, proposerName: null });
  });

  test('a volunteer gets the first resident\'s receipt in five steps, phone included, and the next one\'s in three', async () => {
    const walk = journey();
    const room = await roomPage();

    const propose = await openPropose(walk, room, VOLUNTEER);
    await walk.switchOn(propose, '#on-behalf');
    await walk.fill(propose, '#description', SAID);
    await walk.fill(propose, '#resident-phone', '13800001234');
    await submit(walk, propose);

    expect(text(propose, '#done')).toContain('已代居民提交');
    expect(text(propose, '#receipt-no')).toBe('2026-R8K2MQ-0001');
    expect(walk.steps).toBeLessThanOrEqual(5);

    const next = journey();
    await next.tap(propose, '#another');
    await next.fill(propose, '#description', '楼道里堆满了杂物，着火了跑不出去。');
    await submit(next, propose);

    expect(text(propose, '#done')).toContain('已代居民提交');
    expect(next.steps).toBeLessThanOrEqual(3);
    expect(submissions()[1].data).toMatchObject({ anonymous: true, onBehalfOf: { name: null, phone: null } });
  });

  test('a volunteer coming back through the room page still enters for a resident, in three steps', async () => {
    const first = journey();
    const propose = await openPropose(first, await roomPage(), VOLUNTEER);
    await first.switchOn(propose, '#on-behalf');
    propose.querySelector('#category').dispatchEvent('change', { detail: { value: 2 } });
    await settle();
    await first.fill(propose, '#description', SAID);
    await submit(first, propose);

    const walk = journey();
    const again = await openPropose(walk, await roomPage(), VOLUNTEER);
    await walk.fill(again, '#description', '楼道里堆满了杂物，着火了跑不出去。');
    await submit(walk, again);

    expect(walk.steps).toBeLessThanOrEqual(3);
    expect(submissions()[1].data).toMatchObject({ categoryId: 2, onBehalfOf: { name: null, phone: null } });
  });
});
