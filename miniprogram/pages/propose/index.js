// 码上征题: a resident raises a topic in the room (anonymous allowed); a volunteer may enter one
// for a resident. What is typed survives a failed submission and a closed page (the draft is in
// storage), and a retry reuses the submission's idempotency key, so nothing is sent twice.
const topics = require('../../services/topics');
const catalog = require('../../services/catalog');
const me = require('../../services/me');
const subscriptions = require('../../services/subscriptions');
const currentRoom = require('../../utils/current-room');
const draft = require('../../utils/propose-form');
const { spelled } = require('../../utils/format');
const clipboard = require('../../utils/clipboard');
const fontScale = require('../../utils/font-scale');

Page({
  data: {
    state: 'loading', // loading | error | form | done
    errorMessage: '',
    roomName: '',
    categories: [],
    categoryIndex: -1,
    form: { ...draft.EMPTY },
    restored: false,
    isVolunteer: false,
    fieldErrors: {},
    submitting: false,
    submitError: '',
    receipt: null, // {id, receiptNo, spelled, statusName, byVolunteer}
    subscribeOffer: false,
    subscribed: false,
  },

  onLoad(query) {
    fontScale.apply(this);
    this.roomId = query.roomId;
    const room = currentRoom.get(this.roomId);
    this.regionIds = room ? room.regionPath.map((r) => r.id) : null;
    const saved = draft.loadDraft(this.roomId);
    this.key = saved ? saved.key : null;
    this.setData({
      roomName: decodeURIComponent(query.roomName || '') || (room ? room.roomName : ''),
      form: saved ? saved.form : { ...draft.EMPTY },
      restored: !!saved && !draft.isBlank(saved.form),
    });
    this.load();
    this.checkVolunteer();
  },

  load() {
    this.setData({ state: 'loading', errorMessage: '' });
    return catalog.categories().then(
      (categories) => {
        const categoryIndex = categories.findIndex((c) => c.id === this.data.form.categoryId);
        this.setData({ state: 'form', categories, categoryIndex });
      },
      (err) => this.setData({ state: 'error', errorMessage: err.message }),
    );
  },

  // Volunteer mode is offered to a volunteer whose grant covers this room; the API checks again.
  checkVolunteer() {
    return me.me().then(
      (user) => {
        const isVolunteer = (user.grants || []).some((g) => g.role === 'volunteer' && (!this.regionIds || this.regionIds.includes(g.regionId)));
        const form = isVolunteer ? this.data.form : { ...this.data.form, onBehalf: false };
        this.setData({ isVolunteer, form });
      },
      () => this.setData({ isVolunteer: false }),
    );
  },

  onRetry() {
    this.load();
  },

  update(changes) {
    const form = { ...this.data.form, ...changes };
    const fieldErrors = { ...this.data.fieldErrors };
    Object.keys(changes).forEach((k) => delete fieldErrors[k]);
    this.setData({ form, fieldErrors });
    draft.saveDraft(this.roomId, form, this.key);
  },

  onInput(e) {
    this.update({ [e.currentTarget.dataset.field]: e.detail.value });
  },

  onSwitch(e) {
    this.update({ [e.currentTarget.dataset.field]: !!e.detail.value });
  },

  onCategoryChange(e) {
    const categoryIndex = Number(e.detail.value);
    const category = this.data.categories[categoryIndex];
    this.setData({ categoryIndex });
    this.update({ categoryId: category ? category.id : 0 });
  },

  onSubmit() {
    if (this.data.submitting) return null;
    const errors = draft.check(this.data.form);
    if (Object.keys(errors).length) {
      this.setData({ fieldErrors: errors, submitError: '' });
      return null;
    }
    // The key is made once per submission and kept (with the form) until the API confirms it.
    if (!this.key) this.key = draft.newKey();
    draft.saveDraft(this.roomId, this.data.form, this.key);
    this.setData({ submitting: true, submitError: '', fieldErrors: {} });
    return topics.submit(this.roomId, draft.toBody(this.data.form), this.key).then(
      (topic) => this.done(topic),
      (err) => this.setData({ submitting: false, submitError: err.message, fieldErrors: draft.fieldErrors(err.fieldErrors) }),
    );
  },

  done(topic) {
    const byVolunteer = this.data.form.onBehalf;
    draft.clearDraft(this.roomId);
    this.key = null;
    this.setData({
      state: 'done',
      submitting: false,
      restored: false,
      receipt: { id: topic.id, receiptNo: topic.receiptNo, spelled: spelled(topic.receiptNo), statusName: topic.statusName, byVolunteer },
      subscribeOffer: false,
      subscribed: false,
    });
    wx.pageScrollTo && wx.pageScrollTo({ scrollTop: 0, duration: 0 });
    // The offer appears only when there is something to subscribe to; it never holds up the receipt.
    // Only the residents' templates: the staff ones could never reach a resident.
    return subscriptions.templates().then((list) => {
      this.templateIds = subscriptions.residentTemplateIds(list);
      this.setData({ subscribeOffer: this.templateIds.length > 0 });
    });
  },

  // Must stay a direct tap handler: WeChat asks for subscriptions only from a tap.
  onSubscribe() {
    return subscriptions.subscribe(this.templateIds || []).then(
      (accepted) => {
        this.setData({ subscribeOffer: false, subscribed: accepted.length > 0 });
        wx.showToast({ title: accepted.length ? '已订阅进度通知' : '未订阅', icon: 'none' });
      },
      () => wx.showToast({ title: '订阅未成功，可稍后在议题页查看进展', icon: 'none' }),
    );
  },

  // The clipboard may wait for consent to the privacy guide (the page's privacy-popup); a refusal is explained.
  onCopyReceipt() {
    return clipboard.copy(this.data.receipt.receiptNo, '受理号');
  },

  onViewTopic() {
    wx.navigateTo({ url: `/pages/topic/index?id=${this.data.receipt.id}` });
  },

  // A volunteer entering several residents' topics in a row starts again with an empty form.
  onAnother() {
    const keepVolunteer = this.data.receipt && this.data.receipt.byVolunteer;
    this.setData({ state: 'form', receipt: null, categoryIndex: -1, form: { ...draft.EMPTY, onBehalf: !!keepVolunteer }, fieldErrors: {}, submitError: '' });
  },

  onDiscardDraft() {
    draft.clearDraft(this.roomId);
    this.key = null;
    this.setData({ form: { ...draft.EMPTY }, categoryIndex: -1, restored: false, fieldErrors: {}, submitError: '' });
  },

  onBack() {
    wx.navigateBack({ delta: 1 });
  },
});
