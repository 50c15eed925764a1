// Finding a room without its code: drill down 市 → 县区 → 镇街 → 村社区, or search by name.
const rooms = require('../../services/rooms');
const fontScale = require('../../utils/font-scale');

const PAGE_SIZE = 20;

Page({
  data: {
    trail: [], // regions chosen so far, from the city down
    regions: [], // children of the last region in the trail (the cities at the top)
    roomsVisible: false,
    roomsTitle: '',
    rooms: [],
    hasMore: false,
    keyword: '',
    searchError: '',
    state: 'loading', // loading | ready | error (for the region list)
    roomsState: 'idle', // idle | loading | ready | error
    errorMessage: '',
  },

  onLoad() {
    fontScale.apply(this);
    this.childrenCache = {};
    this.showLevel([]);
  },

  current() {
    const trail = this.data.trail;
    return trail.length ? trail[trail.length - 1] : null;
  },

  showLevel(trail) {
    const region = trail.length ? trail[trail.length - 1] : null;
    const key = region ? region.id : 'top';
    this.setData({ trail, regions: [], state: 'loading', errorMessage: '', keyword: '' });
    this.hideRooms();
    const cached = this.childrenCache[key];
    const children = cached ? Promise.resolve(cached) : rooms.regions(region ? region.id : undefined);
    return children.then(
      (list) => {
        this.childrenCache[key] = list;
        this.setData({ regions: list, state: 'ready' });
        // A region with nothing below it (a village) is where its rooms are.
        if (region && list.length === 0) this.listRooms();
      },
      (err) => this.setData({ state: 'error', errorMessage: err.message }),
    );
  },

  onRegionTap(e) {
    const region = this.data.regions.find((r) => r.id === e.currentTarget.dataset.id);
    if (!region) return;
    const { id, name, levelName } = region;
    this.showLevel(this.data.trail.concat([{ id, name, levelName }]));
  },

  onTrailTap(e) {
    // index -1 is "全部地区"; the last region of the trail is where we already are.
    const index = Number(e.currentTarget.dataset.index);
    if (index === this.data.trail.length - 1) return;
    this.showLevel(this.data.trail.slice(0, index + 1));
  },

  onRetry() {
    if (this.data.state === 'error') this.showLevel(this.data.trail);
    else this.fetchRooms(false);
  },

  hideRooms() {
    this.query = null;
    this.nextAfter = null;
    this.setData({ roomsVisible: false, rooms: [], hasMore: false, roomsState: 'idle' });
  },

  listRooms() {
    const region = this.current();
    this.query = { regionId: region.id };
    this.setData({ roomsVisible: true, roomsTitle: `${region.name}的议事室` });
    return this.fetchRooms(false);
  },

  onKeywordInput(e) {
    this.setData({ keyword: e.detail.value, searchError: '' });
  },

  onSearch() {
    const q = this.data.keyword.trim();
    if (!q) {
      this.setData({ searchError: '请先输入议事室的名字，例如“萧湖社区”，再点搜索。' });
      return Promise.resolve();
    }
    this.setData({ searchError: '' });
    const region = this.current();
    this.query = { regionId: region ? region.id : undefined, q };
    this.setData({ roomsVisible: true, roomsTitle: `搜索“${q}”的结果` });
    return this.fetchRooms(false);
  },

  onClearSearch() {
    this.setData({ keyword: '' });
    if (this.current() && this.data.regions.length === 0) this.listRooms();
    else this.hideRooms();
  },

  onShowAllRooms() {
    this.listRooms();
  },

  onMore() {
    this.fetchRooms(true);
  },

  fetchRooms(more) {
    const query = this.query;
    this.setData({ roomsState: 'loading', errorMessage: '' });
    return rooms.searchRooms({ ...query, after: more ? this.nextAfter : undefined, limit: PAGE_SIZE }).then(
      (page) => {
        if (query !== this.query) return; // a newer list or search has replaced this one
        this.nextAfter = page.nextAfter;
        this.setData({
          rooms: (more ? this.data.rooms : []).concat(page.items),
          hasMore: page.nextAfter !== null && page.nextAfter !== undefined,
          roomsState: 'ready',
        });
      },
      (err) => {
        if (query !== this.query) return;
        this.setData({ roomsState: 'error', errorMessage: err.message });
      },
    );
  },

  onRoomTap(e) {
    const room = this.data.rooms.find((r) => r.id === e.currentTarget.dataset.id);
    if (room) wx.navigateTo({ url: `/pages/room/index?scene=${encodeURIComponent(room.scene)}` });
  },
});
