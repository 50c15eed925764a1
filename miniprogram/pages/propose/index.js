// 码上征题 in three steps: a resident opens it from the room page, says what is wrong in one box and taps 提交. The
// title, place and category may be added but are not needed; a topic is anonymous unless the person switches on
// 留下我的称呼. A volunteer may enter one for a resident, and the next resident starts with the volunteer's choices.
// The form is checked before sending and an error scrolls to its field and stays there. What is typed survives a
// failed submission and a closed page (the draft is in storage), and a retry reuses the submission's idempotency
// key, so nothing is sent twice.
const topics = require('../../services/topics');
const catalog = require('../../services/catalog');
const me = require('../../services/me');
const subscriptions = require('../../services/subscriptions');
const currentRoom = require('../../utils/current-room');
const draft = require('../../utils/propose-form');
const { spelled } = require('../../utils/format');
const { statusName } = require('../../utils/glossary');
const clipboard = require('../../utils/clipboard');
const fontScale = require('../../utils/font-scale');
const { similarLookup } = require('../../utils/similar-lookup');

const NO_CATEGORY = { id: 0, name: '不选，由工作人员归类' };
const CHECK_FIELDS = '请按红字提示改一改，再点“提交”。';

Page({
  data: {
    state: 'form', // form | done
    roomName: '',
    categoryOptions: [NO_CATEGORY],
    categoryIndex: 0,
    categoriesFailed: false,
    form: { ...draft.EMPTY },
    photoSeed: [], // what the photo picker starts from: the draft's photos; set again only to reset it
    maxPhotos: draft.MAX_PHOTOS,
    waitingPhotos: false,
    restored: false,
    isVolunteer: false,
    fieldErrors: {},
    submitting: false,
    submitError: '',
    canRetry: false,
    receipt: null, // {id, receiptNo, spelled, statusName, byVolunteer}
    subscribeOffer: false,
    subscribeResult: null, // {ok, text}
    similar: [], // 已有类似的问题: [{id, title, roomName, statusName, supportCount, supported, supporting}]
    similarError: '',
  },

  onLoad(query) {
    fontScale.apply(this);
    this.roomId = query.roomId;
    const room = currentRoom.get(this.roomId);
    this.regionIds = room ? room.regionPath.map((r) => r.id) : null;
    const saved = draft.loadDraft(this.roomId);
    this.key = saved ? saved.key : null;
    this.photoState = { uploading: 0, failed: 0 };
    this.setData({
      photoSeed: saved ? saved.form.photos : [],
      roomName: decodeURIComponent(query.roomName || '') || (room ? room.roomName : ''),
      form: saved ? saved.form : { ...draft.EMPTY },
      restored: !!saved && !draft.isBlank(saved.form),
    });
    this.lookup = similarLookup({
      fetch: (title, description) => topics.similar(this.roomId, title, description),
      show: (items) => this.showSimilar(items),
    });
    this.loadCategories();
    this.checkVolunteer();
  },

  onUnload() {
    this.lookup.cancel();
  },

  // The category is optional: the form works without the list, and the API chooses the room's usual category.
  loadCategories() {
    return catalog.categories().then(
      (categories) => {
        this.setData({ categoryOptions: [NO_CATEGORY].concat(categories), categoriesFailed: false });
        this.showCategory();
      },
      () => this.setData({ categoryOptions: [NO_CATEGORY], categoryIndex: 0, categoriesFailed: true }),
    );
  },

  showCategory() {
    const index = this.data.categoryOptions.findIndex((c) => c.id === this.data.form.categoryId);
    this.setData({ categoryIndex: index > 0 ? index : 0 });
  },

  // Volunteer mode is offered to a volunteer whose grant covers this room; the API checks again. A fresh form starts
  // with the choices of the volunteer's last submission.
  checkVolunteer() {
    return me.me().then(
      (user) => {
        const isVolunteer = (user.grants || []).some((g) => g.role === 'volunteer' && (!this.regionIds || this.regionIds.includes(g.regionId)));
        const choices = isVolunteer && !this.data.restored ? draft.loadChoices() : null;
        const form = !isVolunteer ? { ...this.data.form, onBehalf: false } : choices ? { ...this.data.form, ...choices } : this.data.form;
        this.setData({ isVolunteer, form });
        this.showCategory();
      },
      () => this.setData({ isVolunteer: false }),
    );
  },

  update(changes) {
    const form = { ...this.data.form, ...changes };
    const fieldErrors = { ...this.data.fieldErrors };
    Object.keys(changes).forEach((k) => delete fieldErrors[k]);
    this.setData({ form, fieldErrors });
    draft.saveDraft(this.roomId, form, this.key);
    if ('title' in changes || 'description' in changes) this.lookup.typed(form.title, form.description);
  },

  showSimilar(items) {
    const supported = new Set(this.data.similar.filter((s) => s.supported).map((s) => s.id));
    this.setData({
      similarError: '',
      similar: items.map((t) => ({
        id: t.id, title: t.title, roomName: t.roomName, statusName: statusName(t.status, t.statusName), supportCount: t.supportCount,
        supported: supported.has(t.id), supporting: false,
      })),
    });
  },

  // One tap instead of raising the same issue again; the person may still submit theirs.
  onSupportSimilar(e) {
    const id = Number(e.currentTarget.dataset.id);
    const mark = (changes) => this.setData({ similar: this.data.similar.map((s) => (s.id === id ? { ...s, ...changes } : s)) });
    mark({ supporting: true });
    return topics.support(id).then(
      (answer) => mark({ supporting: false, supported: true, supportCount: answer.supportCount }),
      (err) => {
        mark({ supporting: false });
        this.setData({ similarError: err.message });
      },
    );
  },

  onViewSimilar(e) {
    wx.navigateTo({ url: `/pages/topic/index?id=${e.currentTarget.dataset.id}` });
  },

  onInput(e) {
    this.update({ [e.currentTarget.dataset.field]: e.detail.value });
  },

  onSwitch(e) {
    this.update({ [e.currentTarget.dataset.field]: !!e.detail.value });
  },

  // The picker reports every change; the photos (with their ids once uploaded) go into the draft at once. A submission
  // waiting for the last uploads goes on by itself when they are done.
  onPhotosChange(e) {
    const { photos, uploading, failed } = e.detail;
    this.photoState = { uploading, failed };
    this.update({ photos });
    if (this.data.waitingPhotos && !uploading) {
      this.setData({ waitingPhotos: false });
      this.onSubmit();
    }
  },

  resetPhotos(photos = []) {
    this.photoState = { uploading: 0, failed: 0 };
    this.setData({ photoSeed: photos, waitingPhotos: false });
  },

  onCategoryChange(e) {
    const categoryIndex = Number(e.detail.value);
    const category = this.data.categoryOptions[categoryIndex];
    this.setData({ categoryIndex });
    this.update({ categoryId: category ? category.id : 0 });
  },

  // The message stays next to its field; the page scrolls up to the first one so it is seen.
  showErrors(fieldErrors, submitError) {
    this.setData({ fieldErrors, submitError });
    const first = draft.firstField(fieldErrors);
    if (first) wx.pageScrollTo({ selector: `#field-${first}`, duration: 300 });
  },

  onSubmit() {
    if (this.data.submitting || this.data.waitingPhotos) return null;
    const errors = draft.check(this.data.form);
    const photosError = draft.photosError(this.photoState);
    if (photosError) errors.photos = photosError;
    if (Object.keys(errors).length) {
      this.showErrors(errors, CHECK_FIELDS);
      return null;
    }
    // Photos still on their way: the submission waits for them (onPhotosChange sends it).
    if (this.photoState.uploading) {
      this.setData({ waitingPhotos: true, submitError: '', fieldErrors: {} });
      return null;
    }
    // The key is made once per submission and kept (with the form) until the API confirms it.
    this.lookup.cancel();
    if (!this.key) this.key = draft.newKey();
    draft.saveDraft(this.roomId, this.data.form, this.key);
    this.setData({ submitting: true, submitError: '', canRetry: false, fieldErrors: {} });
    return topics.submit(this.roomId, draft.toBody(this.data.form), this.key).then(
      (topic) => this.done(topic),
      (err) => {
        this.setData({ submitting: false });
        const fieldErrors = draft.fieldErrors(err.fieldErrors);
        // Nothing typed is lost; where trying again can help (no network, a busy server) the button says so.
        const canRetry = err.status === 0 || err.status === 429 || err.status >= 500;
        const message = canRetry ? `${err.message}您写的内容还在，可以点“重试提交”。` : err.message;
        this.showErrors(fieldErrors, Object.keys(fieldErrors).length ? CHECK_FIELDS : message);
        this.setData({ canRetry });
      },
    );
  },

  done(topic) {
    const form = this.data.form;
    if (this.data.isVolunteer) draft.saveChoices(form);
    draft.clearDraft(this.roomId);
    this.key = null;
    this.resetPhotos();
    this.setData({
      state: 'done',
      submitting: false,
      restored: false,
      receipt: {
        id: topic.id, receiptNo: topic.receiptNo, spelled: spelled(topic.receiptNo), statusName: statusName(topic.status, topic.statusName), byVolunteer: form.onBehalf,
      },
      subscribeOffer: false,
      subscribeResult: null,
      similar: [],
    });
    wx.pageScrollTo({ scrollTop: 0, duration: 0 });
    // The offer appears only when there is something to subscribe to; it never holds up the receipt.
    // Only the residents' templates: the staff ones could never reach a resident.
    return subscriptions.templates().then((list) => {
      this.templateIds = subscriptions.residentTemplateIds(list);
      this.setData({ subscribeOffer: this.templateIds.length > 0 });
    });
  },

  // Must stay a direct tap handler: WeChat asks for subscriptions only from a tap. The outcome stays on the receipt.
  onSubscribe() {
    const fallback = '随时可以在“码上查情”里凭查询号查看进展。';
    return subscriptions.subscribe(this.templateIds || []).then(
      (accepted) => this.setData({
        subscribeOffer: false,
        subscribeResult: accepted.length
          ? { ok: true, text: '已订阅：问题有进展时，微信会通知您。' }
          : { ok: false, text: `没有订阅也没关系，${fallback}` },
      }),
      () => this.setData({ subscribeResult: { ok: false, text: `订阅没有成功。没关系，${fallback}` } }),
    );
  },

  // The clipboard may wait for consent to the privacy guide (the page's privacy-popup); a refusal is explained.
  onCopyReceipt() {
    return clipboard.copy(this.data.receipt.receiptNo, '查询号');
  },

  onViewTopic() {
    wx.navigateTo({ url: `/pages/topic/index?id=${this.data.receipt.id}` });
  },

  // A volunteer entering several residents' topics in a row: the next one keeps the volunteer's choices.
  onAnother() {
    const { onBehalf, categoryId } = this.data.form;
    this.resetPhotos();
    this.setData({ state: 'form', receipt: null, form: { ...draft.EMPTY, onBehalf, categoryId }, fieldErrors: {}, submitError: '', subscribeResult: null });
    this.showCategory();
  },

  onDiscardDraft() {
    draft.clearDraft(this.roomId);
    this.key = null;
    const choices = this.data.isVolunteer ? draft.loadChoices() : null;
    this.resetPhotos();
    this.setData({ form: { ...draft.EMPTY, ...choices }, restored: false, fieldErrors: {}, submitError: '' });
    this.showCategory();
  },

  onBack() {
    wx.navigateBack({ delta: 1 });
  },
});
