// The form for ONE staff action on a topic: /packageStaff/pages/topic-action/index?id=&action=
// (plus taskId, meetingId or commentId where the action needs one). The topic's allowedActions
// decide whether the form is offered, the published workflow (GET /api/workflow) what the form asks and where it
// posts; the API's answer decides everything else.
const staff = require('../../services/staff');
const { formFor, columnChoices, photoHold } = require('../../utils/action-forms');
const view = require('../../utils/form-view');
const fontScale = require('../../../utils/font-scale');
const catalog = require('../../../services/catalog');
const { confirm } = require('../../../utils/confirm');

const CHANGED_MESSAGE = '这个问题刚刚被其他人处理过，请查看最新状态后再操作。';
const CHANGED_CODES = ['topic_changed', 'invalid_transition'];

Page({
  data: {
    state: 'loading', // loading | ready | refused | error
    title: '',
    intro: '',
    topicTitle: '',
    topicMeta: '',
    subject: '',
    fields: [],
    refusal: '',
    errorMessage: '',
    notice: '',
    generalErrors: [],
    submitting: false,
    waitingPhotos: false,
    today: '',
    partyNames: [],
    attendNames: [],
  },

  onLoad(query) {
    fontScale.apply(this);
    this.query = query || {};
    this.action = this.query.action;
    this.values = {};
    this.errors = {};
    this.setData({ today: view.beijingDate(0) });
    this.load();
  },

  /** The form, from the workflow (loaded once a session); false when this page cannot take the action. */
  async loadForm() {
    if (this.form) return true;
    const form = formFor(await catalog.workflow(), this.action);
    if (!form || !this.query.id || (form.needs && !this.query[form.needs])) {
      this.setData({ state: 'refused', refusal: '无法打开这项操作，请返回议题页面重试。' });
      return false;
    }
    this.form = form;
    wx.setNavigationBarTitle({ title: form.title });
    this.setData({
      title: form.title,
      intro: form.intro,
      partyNames: columnChoices(form, 'participants', 'party').map((p) => p.label),
      attendNames: columnChoices(form, 'participants', 'attendMode').map((m) => m.label),
    });
    return true;
  },

  async load() {
    this.setData({ state: 'loading', errorMessage: '' });
    try {
      if (!(await this.loadForm())) return;
      const topic = await staff.topic(this.query.id);
      this.ctx = { topic, query: this.query };
      this.setData({ topicTitle: topic.title, topicMeta: `${topic.receiptNo} · ${topic.statusName}`, subject: view.subjectLine(this.ctx) });
      if (!(topic.allowedActions || []).includes(this.action)) {
        this.setData({ state: 'refused', refusal: `议题当前为“${topic.statusName}”，您现在不能进行“${this.form.title}”操作。` });
        return;
      }
      await this.loadSources(topic);
      // Keep what was typed when the form is loaded again (after a conflict).
      this.values = { ...view.initialValues(this.form, this.ctx), ...this.values };
      this.render();
      this.setData({ state: 'ready' });
    } catch (err) {
      this.setData({ state: 'error', errorMessage: err.message });
    }
  },

  async loadSources(topic) {
    const sources = this.form.fields.map((f) => f.source);
    if (sources.includes('reviewCriteria')) this.ctx.reviewCriteria = await staff.reviewCriteria(topic.roomId);
    if (sources.includes('roomTopics')) this.ctx.roomTopics = (await staff.roomTopics(topic.roomId)).items;
    if (sources.includes('categories')) this.ctx.categories = await catalog.categories();
  },

  render() {
    this.setData({ fields: view.fieldsView(this.form, this.values, this.ctx, this.errors) });
  },

  clearError(key) {
    if (!this.errors[key]) return false;
    delete this.errors[key];
    return true;
  },

  // Typing does not re-render (the input keeps its own value); only a cleared error does.
  onInput(e) {
    const { key } = e.currentTarget.dataset;
    this.values[key] = e.detail.value;
    if (this.clearError(key)) this.render();
  },

  onPick(e) {
    const { key } = e.currentTarget.dataset;
    this.values[key] = e.detail.value;
    this.clearError(key);
    this.render();
  },

  onChoose(e) {
    const { key, value, multi } = e.currentTarget.dataset;
    if (multi) {
      const chosen = this.values[key] || [];
      this.values[key] = chosen.includes(value) ? chosen.filter((v) => v !== value) : chosen.concat(value);
    } else {
      this.values[key] = value;
    }
    this.clearError(key);
    this.render();
  },

  onRowInput(e) {
    const { key, index, sub, picker } = e.currentTarget.dataset;
    const row = this.values[key][index];
    const value = e.detail.value;
    if (sub === 'party' || sub === 'attendMode') row[sub] = columnChoices(this.form, key, sub)[value].value;
    else row[sub] = value;
    if (this.clearError(key) || picker) this.render();
  },

  onAddRow(e) {
    const { key } = e.currentTarget.dataset;
    const mode = this.values.mode;
    const row = key === 'participants' ? { name: '', party: '', attendMode: mode === 'online' ? 'online' : mode === 'offline' ? 'offline' : '' } : { title: '', dueOn: '' };
    this.values[key] = (this.values[key] || []).concat(row);
    this.render();
  },

  onRemoveRow(e) {
    const { key, index } = e.currentTarget.dataset;
    this.values[key] = this.values[key].filter((_, i) => i !== Number(index));
    this.clearError(key);
    this.render();
  },

  // The photo picker's state {ids, uploading, failed}; a submission waiting for the uploads goes on when they are done.
  onPhotos(e) {
    const { key } = e.currentTarget.dataset;
    this.values[key] = e.detail;
    if (this.clearError(key)) this.render();
    if (this.data.waitingPhotos && !photoHold(this.form, this.values).wait) {
      this.setData({ waitingPhotos: false });
      this.onSubmit();
    }
  },

  async onSubmit() {
    if (this.data.submitting || this.data.waitingPhotos) return;
    const hold = photoHold(this.form, this.values);
    if (hold.errors) {
      this.errors = hold.errors;
      this.render();
      return;
    }
    if (hold.wait) {
      this.setData({ waitingPhotos: true, generalErrors: [] });
      return;
    }
    this.errors = {};
    this.setData({ submitting: true, generalErrors: [], notice: '' });
    const body = this.form.body(this.values);
    // The topic says the action needs a confirmation now (residents' doubts unanswered): ask before sending.
    const rule = this.form.confirm;
    if (rule && (this.ctx.topic.confirmations || {})[this.action] === rule.key) {
      const count = this.ctx.topic.unansweredDoubts;
      if (!(await this.askToConfirm(`还有 ${count} 条居民的疑问没有答复。确定现在就“${this.form.title}”吗？时间线上会记下。`))) return;
      body[rule.requestField] = true;
    }
    await this.send(body);
  },

  async askToConfirm(content) {
    const yes = await confirm({ title: '尚有疑问未答复', content, confirmText: '仍然继续', cancelText: '先去答复' });
    if (!yes) this.setData({ submitting: false });
    return yes;
  },

  async send(body) {
    try {
      const ids = { id: this.query.id, ...this.form.ids(this.values, this.query) };
      await staff.perform(this.action, ids, body);
      this.setData({ submitting: false });
      wx.showToast({ title: '已提交', icon: 'success' });
      this.goBack();
    } catch (err) {
      // A doubt came in since the topic was read: the API says how many; confirmed, the same request goes again.
      const rule = this.form.confirm;
      if (rule && err.code === rule.problemCode && !body[rule.requestField]) {
        if (await this.askToConfirm(err.message)) await this.send({ ...body, [rule.requestField]: true });
        return;
      }
      this.setData({ submitting: false });
      this.showError(err);
    }
  },

  showError(err) {
    if (err.status === 409) {
      // Someone else moved the topic on: say so and show where it stands now.
      this.setData({ notice: CHANGED_CODES.includes(err.code) ? CHANGED_MESSAGE : err.message });
      this.load();
      return;
    }
    const placed = view.placeErrors(err.fieldErrors, this.form.fields);
    this.errors = placed.byField;
    this.render();
    this.setData({ generalErrors: [err.message].concat(placed.general) });
  },

  goBack() {
    const id = this.query.id;
    wx.navigateBack({ fail: () => wx.redirectTo({ url: `/pages/topic/index?id=${id}` }) });
  },

  onRetry() {
    this.load();
  },
});
