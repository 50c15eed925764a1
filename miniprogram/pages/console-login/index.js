// Confirming a console login (扫码登录): the staff member who scanned the code on the console's login
// page sees when and from which browser the login was asked for, and lets it in or refuses. A resident
// is told plainly that the console is for staff; the API decides who may.
const consoleLogin = require('../../services/console-login');
const { dateTime } = require('../../utils/format');
const fontScale = require('../../utils/font-scale');

const HOME_URL = '/pages/room/index';

Page({
  data: {
    state: 'loading', // loading | ready | refused | error | confirmed | cancelled
    askedAt: '',
    browser: '',
    errorMessage: '',
    canRetry: false,
    busy: false,
  },

  onLoad(query) {
    fontScale.apply(this);
    this.scene = query && query.scene ? decodeURIComponent(query.scene) : '';
    if (!this.scene) {
      this.setData({ state: 'error', errorMessage: '没有读到登录码，请重新扫描电脑登录页上的小程序码。' });
      return;
    }
    this.load();
  },

  load() {
    this.setData({ state: 'loading', errorMessage: '' });
    return consoleLogin.ticket(this.scene).then(
      (ticket) => this.setData({ state: 'ready', askedAt: dateTime(ticket.createdAt), browser: ticket.browser }),
      (err) => this.fail(err),
    );
  },

  // not_staff: a resident's refusal; expired, used, unknown codes and network trouble: an error, the last one retryable.
  fail(err) {
    this.setData({
      state: err.code === 'not_staff' ? 'refused' : 'error',
      errorMessage: err.message,
      canRetry: err.status === 0 || err.status >= 500,
      busy: false,
    });
  },

  answer(call, doneState) {
    if (this.data.busy) return Promise.resolve();
    this.setData({ busy: true });
    return call(this.scene).then(() => this.setData({ state: doneState, busy: false }), (err) => this.fail(err));
  },

  onConfirm() {
    return this.answer(consoleLogin.confirm, 'confirmed');
  },

  onCancel() {
    return this.answer(consoleLogin.cancel, 'cancelled');
  },

  onRetry() {
    this.load();
  },

  onHome() {
    wx.reLaunch({ url: HOME_URL });
  },
});
