// A room's landing page: what a resident sees after scanning the room's mini program code.
const rooms = require('../../services/rooms');
const lastRoom = require('../../utils/last-room');
const currentRoom = require('../../utils/current-room');
const { toView } = require('../../utils/landing-view');
const staffEntry = require('../../utils/staff-entry');
const { sceneFromLink } = require('../../utils/room-link');
const share = require('../../utils/share');
const fontScale = require('../../utils/font-scale');
const sceneRoute = require('../../utils/scene-route');

const FIND_ROOM_URL = '/pages/find-room/index';

// The codes for which looking again will not help: the code itself is wrong or unknown.
const UNKNOWN_ROOM_CODES = ['room_not_found', 'validation_failed'];
const NOT_A_ROOM_CODE = '这个二维码不是议事室的码，请扫描议事室张贴的二维码，或查找议事室。';

Page({
  data: {
    state: 'loading', // loading | ready | error
    errorMessage: '',
    unknownRoom: false,
    room: null,
    regionText: '',
    isOpen: true,
    notice: '',
    functions: [],
    counts: [],
    latest: [],
    showWorkbench: false,
  },

  onLoad(query) {
    fontScale.apply(this);
    share.enable();
    // An ordinary QR code (扫普通链接二维码打开小程序) brings its whole link in q: it names its room, or none at all,
    // but never means "the last room".
    if (query && query.q) {
      const scene = sceneFromLink(query.q);
      if (!scene) {
        this.setData({ state: 'error', errorMessage: NOT_A_ROOM_CODE, unknownRoom: true });
        return;
      }
      this.scene = scene;
      this.fromMemory = false;
      this.load();
      return;
    }
    const scanned = query && query.scene ? decodeURIComponent(query.scene) : '';
    // A console login or invitation code that opened the landing page goes to its own page.
    const elsewhere = sceneRoute.pageFor(scanned);
    if (elsewhere) {
      wx.redirectTo({ url: elsewhere });
      return;
    }
    const remembered = scanned ? null : lastRoom.get();
    if (!scanned && !remembered) {
      // Opened without a code and no room seen before: help the resident find one.
      wx.redirectTo({ url: FIND_ROOM_URL });
      return;
    }
    this.scene = scanned || remembered.scene;
    this.fromMemory = !scanned;
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => wx.stopPullDownRefresh());
  },

  load() {
    this.setData({ state: 'loading', errorMessage: '', unknownRoom: false });
    return rooms.landing(this.scene).then(
      (landing) => {
        this.landing = landing;
        currentRoom.set(landing);
        this.setData({ state: 'ready', ...toView(landing) });
        lastRoom.remember(landing.scene, landing.room.name);
        wx.setNavigationBarTitle({ title: landing.room.name });
        staffEntry.hasStaffRole().then((showWorkbench) => this.setData({ showWorkbench }));
      },
      (err) => {
        const unknownRoom = UNKNOWN_ROOM_CODES.includes(err.code);
        if (unknownRoom && this.fromMemory) lastRoom.forget();
        this.setData({ state: 'error', errorMessage: err.message, unknownRoom });
      },
    );
  },

  onRetry() {
    this.load();
  },

  onFindRoom() {
    wx.navigateTo({ url: FIND_ROOM_URL });
  },

  onFunctionTap(e) {
    const fn = this.data.functions.find((f) => f.key === e.currentTarget.dataset.key);
    if (!fn) return;
    if (!fn.isOpen) {
      // Said in a dialog that stays until it is read, with where to go instead.
      wx.showModal({
        title: `${fn.name}暂时不能用`,
        content: `${this.data.notice || '这个议事室已停用。'}可以点“码上查情”查看以往的问题，或点“查找其他议事室”。`,
        showCancel: false,
        confirmText: '知道了',
      });
      return;
    }
    wx.navigateTo({ url: this.functionUrl(fn.key) });
  },

  // The function pages get the room in their query, so they also work when opened on their own.
  functionUrl(key) {
    const room = currentRoom.set(this.landing);
    const q = (v) => encodeURIComponent(v === null || v === undefined ? '' : v);
    const region = room.region || {};
    const common = `roomId=${room.roomId}&roomName=${q(room.roomName)}`;
    if (key === 'propose') return `/pages/propose/index?${common}`;
    if (key === 'suggest') return `/pages/topics/index?${common}&regionId=${q(region.id)}&regionName=${q(region.name)}`;
    if (key === 'deliberate') return `/pages/meetings/index?${common}`;
    return `/pages/inquire/index?${common}&scene=${q(room.scene)}`;
  },

  // A newest topic opens its own page.
  onOpenTopic(e) {
    wx.navigateTo({ url: `/pages/topic/index?id=${e.currentTarget.dataset.id}` });
  },

  onOpenWorkbench() {
    wx.navigateTo({ url: staffEntry.WORKBENCH_URL });
  },

  onCallContact() {
    const room = this.data.room;
    if (room && room.canCall) wx.makePhoneCall({ phoneNumber: room.contactPhone.replace(/[ -]/g, '') });
  },

  onShareAppMessage() {
    if (!this.landing) return { title: '码上议', path: '/pages/room/index' };
    return share.toChat(`${this.landing.room.name} · 码上议`, '/pages/room/index', { scene: this.landing.scene });
  },

  onShareTimeline() {
    if (!this.landing) return { title: '码上议：扫码议事，有事好商量' };
    return share.toMoments(`${this.landing.room.name} · 码上议`, { scene: this.landing.scene });
  },
});
