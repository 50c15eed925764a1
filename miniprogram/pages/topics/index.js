// 码上建议: the public topics of the room (or of its region), newest first, with infinite scroll
// on keyset pages; a filter for topics under announcement and for published resolutions.
const topics = require('../../services/topics');
const currentRoom = require('../../utils/current-room');
const { loadFirst, loadNext } = require('../../utils/paging');
const share = require('../../utils/share');
const fontScale = require('../../utils/font-scale');
const { STATUSES, statusName } = require('../../utils/glossary');

const FILTERS = [
  { key: '', name: '全部' },
  { key: 'announced', name: STATUSES.announced },
  { key: 'resolution_published', name: STATUSES.resolution_published },
];

function item(t) {
  return {
    id: t.id,
    receiptNo: t.receiptNo,
    title: t.title,
    statusName: statusName(t.status, t.statusName),
    roomName: t.roomName,
    categoryName: t.categoryName,
    supportCount: t.supportCount,
    commentCount: t.commentCount,
  };
}

Page({
  data: {
    scope: 'room', // room | region
    roomName: '',
    regionName: '',
    filters: FILTERS,
    status: '',
    state: 'loading', // loading | ready | error
    errorMessage: '',
    items: [],
    hasMore: false,
    loadingMore: false,
  },

  onLoad(query) {
    fontScale.apply(this);
    share.enable();
    const room = currentRoom.get(query.roomId);
    this.roomId = query.roomId;
    this.regionId = query.regionId || (room && room.region ? room.region.id : null);
    this.setData({
      roomName: decodeURIComponent(query.roomName || '') || (room ? room.roomName : '本议事室'),
      regionName: decodeURIComponent(query.regionName || '') || (room && room.region ? room.region.name : ''),
    });
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => wx.stopPullDownRefresh());
  },

  onReachBottom() {
    this.loadMore();
  },

  fetch(after) {
    const options = { status: this.data.status, after };
    return this.data.scope === 'region' ? topics.regionTopics(this.regionId, options) : topics.roomTopics(this.roomId, options);
  },

  load() {
    return loadFirst(this, (after) => this.fetch(after), item);
  },

  loadMore() {
    return loadNext(this, (after) => this.fetch(after), item);
  },

  onRetry() {
    this.load();
  },

  onScope(e) {
    const scope = e.currentTarget.dataset.scope;
    if (scope === this.data.scope || (scope === 'region' && !this.regionId)) return;
    this.setData({ scope });
    this.load();
  },

  onFilter(e) {
    const status = e.currentTarget.dataset.status;
    if (status === this.data.status) return;
    this.setData({ status });
    this.load();
  },

  onOpen(e) {
    wx.navigateTo({ url: `/pages/topic/index?id=${e.currentTarget.dataset.id}` });
  },

  // Shared as it was opened: the room (and its region), from the query alone.
  shareParams() {
    return { roomId: this.roomId, roomName: this.data.roomName, regionId: this.regionId, regionName: this.data.regionName };
  },

  onShareAppMessage() {
    return share.toChat(`${this.data.roomName}的问题 · 码上议`, '/pages/topics/index', this.shareParams());
  },

  onShareTimeline() {
    return share.toMoments(`${this.data.roomName}的问题 · 码上议`, this.shareParams());
  },
});
