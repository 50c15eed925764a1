// 码上协商: the room's upcoming meetings (sign up, offline or online, and cancel — after asking) and past ones
// (minutes and resolutions are on the topic page). Each list shows which meetings the caller signed up for, and the
// outcome of a tap stays next to its meeting.
const meetings = require('../../services/meetings');
const currentRoom = require('../../utils/current-room');
const { loadFirst, loadNext } = require('../../utils/paging');
const { dateTime } = require('../../utils/format');
const { chooseAttendMode } = require('../../utils/attend-mode');
const { confirm } = require('../../utils/confirm');
const share = require('../../utils/share');
const fontScale = require('../../utils/font-scale');

function item(m) {
  return {
    id: m.id,
    topicId: m.topicId,
    receiptNo: m.receiptNo,
    topicTitle: m.topicTitle,
    startsAt: dateTime(m.startsAt),
    mode: m.mode,
    modeName: /[\u4e00-\u9fff]/.test(m.modeName || '') ? m.modeName : '协商',
    place: m.place || '',
    capacity: m.capacity,
    signupCount: m.signupCount,
    full: m.signupCount >= m.capacity,
    hasMinutes: m.hasMinutes,
    signedUp: !!m.signedUpByMe,
  };
}

Page({
  data: {
    when: 'upcoming', // upcoming | past
    roomName: '',
    state: 'loading', // loading | ready | error
    errorMessage: '',
    items: [],
    hasMore: false,
    loadingMore: false,
    busyId: 0,
    message: null, // {id, ok, text}: the outcome of the last 报名 / 取消报名, under that meeting
  },

  onLoad(query) {
    fontScale.apply(this);
    share.enable();
    const room = currentRoom.get(query.roomId);
    this.roomId = query.roomId;
    this.setData({ roomName: decodeURIComponent(query.roomName || '') || (room ? room.roomName : '') });
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => wx.stopPullDownRefresh());
  },

  onReachBottom() {
    this.loadMore();
  },

  fetch(after) {
    return meetings.list({ roomId: this.roomId, when: this.data.when, after }).then((page) => this.withMine(page));
  },

  // The public list is the same for everyone (and cached); the caller's own sign-ups are a small question of their
  // own, merged in. Without an answer (not logged in, a network error) the list shows as it is.
  withMine(page) {
    if (!page.items.length) return page;
    return meetings.mySignups(page.items.map((m) => m.id)).then(
      (mine) => {
        const signed = new Set(mine.map((s) => s.meetingId));
        return { ...page, items: page.items.map((m) => ({ ...m, signedUpByMe: signed.has(m.id) })) };
      },
      () => page,
    );
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

  onWhen(e) {
    const when = e.currentTarget.dataset.when;
    if (when === this.data.when) return;
    this.setData({ when });
    this.load();
  },

  patch(id, changes) {
    this.setData({ items: this.data.items.map((m) => (m.id === id ? { ...m, ...changes } : m)) });
  },

  // The meeting as the API now counts it, from the topic it answers with.
  fromTopic(topic, id) {
    const m = ((topic && topic.meetings) || []).find((x) => x.id === id);
    return m ? { signedUp: !!m.signedUpByMe, signupCount: m.signupCount, full: m.signupCount >= m.capacity } : {};
  },

  onSignUp(e) {
    const meeting = this.data.items.find((m) => m.id === Number(e.currentTarget.dataset.id));
    if (!meeting || this.data.busyId) return null;
    return chooseAttendMode(meeting.mode).then((mode) => {
      if (!mode) return null;
      this.setData({ busyId: meeting.id, message: null });
      return meetings.signUp(meeting.topicId, meeting.id, mode).then(
        (topic) => {
          this.patch(meeting.id, { signedUp: true, ...this.fromTopic(topic, meeting.id) });
          this.setData({ busyId: 0, message: { id: meeting.id, ok: true, text: `报名成功。请在 ${meeting.startsAt} 准时参加。` } });
        },
        (err) => {
          // Signed up meanwhile (another phone, a double tap): show it as such.
          if (err.code === 'already_signed_up') this.patch(meeting.id, { signedUp: true });
          this.setData({ busyId: 0, message: { id: meeting.id, ok: false, text: err.message } });
        },
      );
    });
  },

  async onCancel(e) {
    const meeting = this.data.items.find((m) => m.id === Number(e.currentTarget.dataset.id));
    if (!meeting || this.data.busyId) return null;
    if (!(await confirm({ title: '取消报名', content: `确定不参加 ${meeting.startsAt} 的协商会议了吗？`, confirmText: '取消报名', cancelText: '还要参加' }))) return null;
    this.setData({ busyId: meeting.id, message: null });
    return meetings.cancel(meeting.topicId, meeting.id).then(
      (topic) => {
        this.patch(meeting.id, { signedUp: false, ...this.fromTopic(topic, meeting.id) });
        this.setData({ busyId: 0, message: { id: meeting.id, ok: true, text: '已取消报名。想参加的话，可以再报名。' } });
      },
      (err) => {
        if (err.code === 'signup_not_found') this.patch(meeting.id, { signedUp: false });
        this.setData({ busyId: 0, message: { id: meeting.id, ok: false, text: err.message } });
      },
    );
  },

  onShareAppMessage() {
    return share.toChat(`${this.data.roomName}的协商会议 · 码上议`, '/pages/meetings/index', { roomId: this.roomId, roomName: this.data.roomName });
  },

  onShareTimeline() {
    return share.toMoments(`${this.data.roomName}的协商会议 · 码上议`, { roomId: this.roomId, roomName: this.data.roomName });
  },

  onOpenTopic(e) {
    wx.navigateTo({ url: `/pages/topic/index?id=${e.currentTarget.dataset.topic}` });
  },
});
