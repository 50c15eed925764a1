// 码上查情: look a topic up by its receipt number, follow one's own topics, and see the room's
// record (topics by stage, recent outcomes).
const topics = require('../../services/topics');
const rooms = require('../../services/rooms');
const currentRoom = require('../../utils/current-room');
const { toView } = require('../../utils/landing-view');
const { who } = require('../../utils/topic-view');
const { dateTime } = require('../../utils/format');
const { statusName } = require('../../utils/glossary');
const fontScale = require('../../utils/font-scale');

function mine(t) {
  return { id: t.id, receiptNo: t.receiptNo, title: t.title, statusName: statusName(t.status, t.statusName), roomName: t.roomName, submittedAt: dateTime(t.submittedAt) };
}

function standing(s) {
  return {
    receiptNo: s.receiptNo,
    statusName: statusName(s.status, s.statusName),
    submittedAt: dateTime(s.submittedAt),
    updatedAt: dateTime(s.updatedAt),
    timeline: (s.timeline || []).map((e, i) => ({ key: i, at: dateTime(e.at), actionName: e.actionName, toStatusName: statusName(e.toStatus, e.toStatusName), who: who(e.actorRole, e.actorUnit) })),
  };
}

Page({
  data: {
    receiptNo: '',
    lookupError: '',
    looking: false,
    found: null, // a public topic: {id, receiptNo, title, statusName}
    standing: null, // not public: where it stands only
    mineState: 'loading', // loading | ready | error
    mineError: '',
    mine: [],
    mineHasMore: false,
    mineMoreError: '',
    recordState: 'loading',
    recordError: '',
    roomName: '',
    counts: [],
    latest: [],
  },

  onLoad(query) {
    fontScale.apply(this);
    this.roomId = query.roomId;
    this.scene = query.scene ? decodeURIComponent(query.scene) : '';
    this.loadMine();
    this.loadRecord();
  },

  onPullDownRefresh() {
    Promise.all([this.loadMine(), this.loadRecord()]).then(() => wx.stopPullDownRefresh());
  },

  onReceiptInput(e) {
    this.setData({ receiptNo: e.detail.value, lookupError: '' });
  },

  onLookup() {
    const receiptNo = this.data.receiptNo.trim();
    if (!receiptNo) {
      this.setData({ lookupError: '请输入查询号，它像这样：2026-UAPPT7VF-0001。空格、横线和大小写都不要紧。' });
      return null;
    }
    this.setData({ looking: true, lookupError: '', found: null, standing: null });
    return topics.byReceipt(receiptNo).then(
      (answer) => {
        if (answer.topic) {
          const t = answer.topic;
          this.setData({ looking: false, found: { id: t.id, receiptNo: t.receiptNo, title: t.title, statusName: statusName(t.status, t.statusName) } });
        } else {
          this.setData({ looking: false, standing: standing(answer.status) });
        }
      },
      (err) => this.setData({ looking: false, lookupError: err.message }),
    );
  },

  loadMine() {
    this.setData({ mineState: 'loading', mineError: '' });
    return topics.mine().then(
      (page) => {
        this.mineAfter = page.nextAfter;
        this.setData({ mineState: 'ready', mine: page.items.map(mine), mineHasMore: !!page.nextAfter });
      },
      (err) => this.setData({ mineState: 'error', mineError: err.message }),
    );
  },

  onMoreMine() {
    this.setData({ mineMoreError: '' });
    return topics.mine({ after: this.mineAfter }).then(
      (page) => {
        this.mineAfter = page.nextAfter;
        this.setData({ mine: this.data.mine.concat(page.items.map(mine)), mineHasMore: !!page.nextAfter });
      },
      (err) => this.setData({ mineMoreError: `${err.message}（可以再点“加载更多”）` }),
    );
  },

  // The room's record comes from its landing summary: the room page's copy when fresh, else the API.
  loadRecord() {
    const room = currentRoom.get(this.roomId);
    const showSummary = (name, summary) => {
      const v = toView({ room: { name }, summary, functions: [] });
      this.setData({ recordState: 'ready', roomName: name, counts: v.counts, latest: v.latest });
    };
    if (room && room.summary && !this.recordLoaded) {
      this.recordLoaded = true;
      showSummary(room.roomName, room.summary);
      return Promise.resolve();
    }
    const scene = this.scene || (room && room.scene);
    if (!scene) {
      this.setData({ recordState: 'none' });
      return Promise.resolve();
    }
    this.setData({ recordState: 'loading', recordError: '' });
    return rooms.landing(scene).then(
      (landing) => {
        currentRoom.set(landing);
        showSummary(landing.room.name, landing.summary);
      },
      (err) => this.setData({ recordState: 'error', recordError: err.message }),
    );
  },

  onRetryMine() {
    this.loadMine();
  },

  onRetryRecord() {
    this.loadRecord();
  },

  onOpen(e) {
    wx.navigateTo({ url: `/pages/topic/index?id=${e.currentTarget.dataset.id}` });
  },
});
