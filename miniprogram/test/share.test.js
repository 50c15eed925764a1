// Sharing: a topic can be forwarded to a chat (to rally neighbours) and the public pages shared to Moments;
// each share opens the page from its query alone (Moments opens pages in single-page mode, without login).
const { renderPage, text } = require('./page');
const fixtures = require('./fixtures');
const T = require('./topic-fixtures');

beforeEach(() => {
  wx.showShareMenu = jest.fn();
  wx.hideShareMenu = jest.fn();
});

async function topicPage(topic) {
  wx.__respond({ data: topic });
  wx.__respond({ data: T.WORKFLOW });
  wx.__respond({ data: { items: [], nextAfter: null, counts: {} } });
  return renderPage('pages/topic/index', { id: '9' });
}

describe('sharing a topic', () => {
  test('a public topic can be forwarded to a chat and to Moments, opening the same topic', async () => {
    const page = await topicPage(T.topic());

    expect(wx.showShareMenu).toHaveBeenCalledWith(expect.objectContaining({ menus: ['shareAppMessage', 'shareTimeline'] }));
    expect(page.instance.onShareAppMessage({ from: 'button' })).toEqual({ title: '【听取意见中】萧湖路北段路灯不亮', path: '/pages/topic/index?id=9' });
    expect(page.instance.onShareTimeline()).toEqual({ title: '【听取意见中】萧湖路北段路灯不亮', query: 'id=9' });
    expect(text(page, '#share-topic')).toBe('转发给邻居，一起关注');
  });

  test('a topic still under review is not offered for sharing', async () => {
    const page = await topicPage(T.topic({ status: 'submitted', statusName: '待审题', allowedActions: [] }));

    expect(page.querySelector('#share-topic')).toBeUndefined();
    expect(wx.hideShareMenu).toHaveBeenCalled();
    expect(wx.showShareMenu).not.toHaveBeenCalled();
  });

  test('a topic held for moderation is not offered for sharing', async () => {
    const page = await topicPage(T.topic({ heldForModeration: true }));

    expect(page.querySelector('#share-topic')).toBeUndefined();
  });
});

describe('sharing the public pages to Moments', () => {
  test('the room page shares the room by its scene', async () => {
    wx.__respond({ data: fixtures.landing() });
    const page = await renderPage('pages/room/index', { scene: 'r8K2mQ' });

    expect(wx.showShareMenu).toHaveBeenCalledWith(expect.objectContaining({ menus: ['shareAppMessage', 'shareTimeline'] }));
    expect(page.instance.onShareTimeline()).toEqual({ title: '河下街道萧湖社区议事室 · 码上议', query: 'scene=r8K2mQ' });
    expect(page.instance.onShareAppMessage()).toEqual({ title: '河下街道萧湖社区议事室 · 码上议', path: '/pages/room/index?scene=r8K2mQ' });
  });

  test('the topic list shares its room and region', async () => {
    wx.__respond({ data: { items: [], nextAfter: null } });
    const page = await renderPage('pages/topics/index', { roomId: '7', roomName: encodeURIComponent('萧湖社区议事室'), regionId: '4', regionName: encodeURIComponent('萧湖社区') });

    const expectedQuery = `roomId=7&roomName=${encodeURIComponent('萧湖社区议事室')}&regionId=4&regionName=${encodeURIComponent('萧湖社区')}`;
    expect(page.instance.onShareTimeline()).toEqual({ title: '萧湖社区议事室的问题 · 码上议', query: expectedQuery });
    expect(page.instance.onShareAppMessage()).toEqual({ title: '萧湖社区议事室的问题 · 码上议', path: `/pages/topics/index?${expectedQuery}` });
  });

  test('the meetings list shares its room', async () => {
    wx.__respond({ data: { items: [], nextAfter: null } });
    const page = await renderPage('pages/meetings/index', { roomId: '7', roomName: encodeURIComponent('萧湖社区议事室') });

    expect(page.instance.onShareTimeline()).toEqual({ title: '萧湖社区议事室的协商会议 · 码上议', query: `roomId=7&roomName=${encodeURIComponent('萧湖社区议事室')}` });
  });
});
