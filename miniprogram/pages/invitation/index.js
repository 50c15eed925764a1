// Accepting an invitation into a role (邀请任职): what the scanned invitation offers, the name colleagues
// know the invitee by, and 接受. The API makes the grant for this WeChat identity and says why it cannot.
const invitations = require('../../services/invitations');
const staffEntry = require('../../utils/staff-entry');
const fontScale = require('../../utils/font-scale');

const HOME_URL = '/pages/room/index';

// Why an invitation can no longer be accepted, as its status says.
const CLOSED = {
  accepted: '该邀请的名额已满，请联系邀请您的管理员。',
  expired: '该邀请已过期，请联系邀请您的管理员重新邀请。',
  revoked: '该邀请已被撤销，请联系邀请您的管理员。',
};

// The answers to an acceptance that mean the invitation is closed to this person, not that the name was wrong.
const CLOSED_CODES = ['invitation_used_up', 'invitation_expired', 'invitation_revoked', 'already_accepted', 'grant_exists', 'invitation_not_found'];

Page({
  data: {
    state: 'loading', // loading | ready | closed | accepted | error
    invitation: null,
    name: '',
    nameError: '',
    errorMessage: '',
    busy: false,
  },

  onLoad(query) {
    fontScale.apply(this);
    this.scene = query && query.scene ? decodeURIComponent(query.scene) : '';
    if (!this.scene) {
      this.setData({ state: 'error', errorMessage: '没有读到邀请码，请重新扫描管理员给您的邀请码。' });
      return;
    }
    this.load();
  },

  load() {
    this.setData({ state: 'loading', errorMessage: '' });
    return invitations.preview(this.scene).then(
      (invitation) => {
        const closed = CLOSED[invitation.status];
        this.setData({ invitation, state: closed ? 'closed' : 'ready', errorMessage: closed || '' });
      },
      (err) => this.setData({ state: 'error', errorMessage: err.message }),
    );
  },

  onNameInput(e) {
    this.setData({ name: e.detail.value, nameError: '' });
  },

  onAccept() {
    const name = this.data.name.trim();
    if (!name) {
      this.setData({ nameError: '请填写您的姓名（同事们平时称呼您的名字）。' });
      return Promise.resolve();
    }
    if (this.data.busy) return Promise.resolve();
    this.setData({ busy: true, nameError: '' });
    return invitations.accept(this.scene, name).then(
      () => this.setData({ state: 'accepted', busy: false }),
      (err) => {
        if (err.fieldErrors && err.fieldErrors.name) {
          this.setData({ busy: false, nameError: err.fieldErrors.name[0] });
        } else if (CLOSED_CODES.includes(err.code)) {
          this.setData({ busy: false, state: 'closed', errorMessage: err.message });
        } else {
          // Network trouble or a busy server: the form stays, with the message, to try again.
          this.setData({ busy: false, nameError: err.message });
        }
      },
    );
  },

  onWorkbench() {
    wx.reLaunch({ url: staffEntry.WORKBENCH_URL });
  },

  onHome() {
    wx.reLaunch({ url: HOME_URL });
  },
});
