// A topic with its full public record: status in words, timeline, reports, meetings, resolution,
// tasks, result and evaluations; comments (码上建议) with support, comment, report, sign-up and
// evaluation inline; the staff's allowed actions lead to the staff pages.
const topics = require('../../services/topics');
const comments = require('../../services/comments');
const meetings = require('../../services/meetings');
const catalog = require('../../services/catalog');
const view = require('../../utils/topic-view');
const { chooseAttendMode } = require('../../utils/attend-mode');
const clipboard = require('../../utils/clipboard');
const share = require('../../utils/share');
const fontScale = require('../../utils/font-scale');

const STAFF_PAGE = '/packageStaff/pages/topic-action/index';
const COMMENT_ACTIONS = ['hide_comment', 'approve_comment'];

Page({
  data: {
    state: 'loading', // loading | ready | error
    errorMessage: '',
    topic: null,
    stances: comments.STANCES,
    comments: [],
    commentsState: 'loading', // loading | ready | error
    commentsError: '',
    hasMoreComments: false,
    loadingMore: false,
    stance: '',
    commentBody: '',
    commentError: '',
    posting: false,
    busy: false,
    canShare: false,
    evaluation: { solved: null, satisfied: null, comment: '' },
    evaluationError: '',
  },

  onLoad(query) {
    fontScale.apply(this);
    this.id = query.id;
    this.load();
  },

  // Back from a staff page the topic has moved on: read it again, quietly. (The first onShow comes
  // right after onLoad, while the topic is still loading.)
  onShow() {
    if (this.data.state !== 'ready') return;
    this.refreshTopic();
    // A comment was hidden or published there: its line here has changed too.
    if (COMMENT_ACTIONS.includes(this.staffAction)) this.refreshComments();
    this.staffAction = null;
  },

  onPullDownRefresh() {
    this.load().then(() => wx.stopPullDownRefresh());
  },

  onReachBottom() {
    this.loadMoreComments();
  },

  load() {
    this.setData({ state: 'loading', errorMessage: '' });
    return Promise.all([topics.detail(this.id), catalog.workflow().catch(() => null)]).then(
      ([topic, workflow]) => {
        this.actionNames = catalog.actionNames(workflow);
        this.publicStatuses = ((workflow && workflow.statuses) || []).filter((s) => s.isPublic).map((s) => s.status);
        this.show(topic);
        wx.setNavigationBarTitle({ title: topic.receiptNo });
        return this.loadComments();
      },
      (err) => this.setData({ state: 'error', errorMessage: err.message }),
    );
  },

  refreshTopic() {
    return topics.detail(this.id).then((topic) => this.show(topic), (err) => wx.showToast({ title: err.message, icon: 'none' }));
  },

  // Only a public topic is offered for sharing: one under review or held would open as "not found" for others.
  show(topic) {
    const canShare = (this.publicStatuses || []).includes(topic.status) && !topic.heldForModeration;
    share.allow(canShare);
    this.setData({ state: 'ready', topic: view.toView(topic, this.actionNames), canShare });
  },

  onRetry() {
    this.load();
  },

  loadComments() {
    this.setData({ commentsState: 'loading', commentsError: '' });
    return comments.list(this.id).then(
      (page) => {
        this.commentsAfter = page.nextAfter;
        this.setData({ commentsState: 'ready', comments: page.items.map(view.comment), hasMoreComments: !!page.nextAfter });
      },
      (err) => this.setData({ commentsState: 'error', commentsError: err.message }),
    );
  },

  loadMoreComments() {
    if (!this.data.hasMoreComments || this.data.loadingMore) return null;
    this.setData({ loadingMore: true });
    return comments.list(this.id, { after: this.commentsAfter }).then(
      (page) => {
        this.commentsAfter = page.nextAfter;
        this.setData({ loadingMore: false, comments: this.data.comments.concat(page.items.map(view.comment)), hasMoreComments: !!page.nextAfter });
      },
      (err) => {
        this.setData({ loadingMore: false });
        wx.showToast({ title: err.message, icon: 'none' });
      },
    );
  },

  // The first page again without a spinner; on failure the list on screen stays.
  refreshComments() {
    return comments.list(this.id).then(
      (page) => {
        this.commentsAfter = page.nextAfter;
        this.setData({ commentsState: 'ready', comments: page.items.map(view.comment), hasMoreComments: !!page.nextAfter });
      },
      () => null,
    );
  },

  onRetryComments() {
    this.loadComments();
  },

  // The staff form for one action; the item ones also name their task, comment or meeting.
  onStaffAction(e) {
    const { action, taskId, commentId, meetingId } = e.currentTarget.dataset;
    const ids = { taskId, commentId, meetingId };
    const extra = Object.keys(ids).filter((k) => ids[k] !== undefined && ids[k] !== '').map((k) => `&${k}=${ids[k]}`).join('');
    this.staffAction = action;
    wx.navigateTo({ url: `${STAFF_PAGE}?id=${this.data.topic.id}&action=${action}${extra}` });
  },

  onSupport() {
    if (this.data.busy) return null;
    const withdraw = this.data.topic.supportedByMe;
    this.setData({ busy: true });
    return (withdraw ? topics.withdrawSupport(this.id) : topics.support(this.id)).then(
      (state) => {
        this.setData({ busy: false, 'topic.supportCount': state.supportCount, 'topic.supportedByMe': state.supportedByMe });
        wx.showToast({ title: state.supportedByMe ? '已支持' : '已撤回支持', icon: 'none' });
      },
      (err) => {
        this.setData({ busy: false });
        // A support made elsewhere (another phone, a double tap) is still a support.
        if (err.code === 'already_supported') this.setData({ 'topic.supportedByMe': true });
        wx.showToast({ title: err.message, icon: 'none' });
      },
    );
  },

  onStance(e) {
    this.setData({ stance: e.currentTarget.dataset.stance, commentError: '' });
  },

  onCommentInput(e) {
    this.setData({ commentBody: e.detail.value });
  },

  onPostComment() {
    if (this.data.posting) return null;
    if (!this.data.stance) {
      this.setData({ commentError: '请先选择：支持、质疑或建议。' });
      return null;
    }
    this.setData({ posting: true, commentError: '' });
    return comments.create(this.id, { stance: this.data.stance, body: this.data.commentBody }).then(
      (created) => {
        this.setData({
          posting: false,
          stance: '',
          commentBody: '',
          comments: [view.comment(created)].concat(this.data.comments),
          'topic.commentCount': this.data.topic.commentCount + (created.held ? 0 : 1),
        });
        wx.showToast({ title: created.held ? '已提交，审核通过后公开' : '发表成功', icon: 'none' });
      },
      (err) => {
        const fields = err.fieldErrors || {};
        const first = (fields.body || fields.stance || [])[0];
        this.setData({ posting: false, commentError: first || err.message });
      },
    );
  },

  onReport(e) {
    const commentId = Number(e.currentTarget.dataset.id);
    return new Promise((resolve) => {
      wx.showModal({
        title: '举报评论',
        content: '确定举报这条评论吗？管理员会尽快处理。',
        confirmText: '举报',
        cancelText: '取消',
        success: (res) => resolve(res.confirm),
        fail: () => resolve(false),
      });
    }).then((confirmed) => {
      if (!confirmed) return null;
      const mark = () => this.setData({ comments: this.data.comments.map((c) => (c.id === commentId ? { ...c, reportedByMe: true, canReport: false } : c)) });
      return comments.report(this.id, commentId).then(
        () => {
          mark();
          wx.showToast({ title: '已举报，感谢您的反馈', icon: 'none' });
        },
        (err) => {
          if (err.code === 'already_reported') mark();
          wx.showToast({ title: err.message, icon: 'none' });
        },
      );
    });
  },

  onSignUp(e) {
    const meeting = this.data.topic.meetings.find((m) => m.id === Number(e.currentTarget.dataset.id));
    if (!meeting || this.data.busy) return null;
    return chooseAttendMode(meeting.mode).then((mode) => {
      if (!mode) return null;
      this.setData({ busy: true });
      return meetings.signUp(this.id, meeting.id, mode).then(
        (topic) => {
          this.setData({ busy: false });
          this.show(topic);
          wx.showToast({ title: '报名成功', icon: 'none' });
        },
        (err) => {
          this.setData({ busy: false });
          wx.showToast({ title: err.message, icon: 'none' });
        },
      );
    });
  },

  onCancelSignUp(e) {
    if (this.data.busy) return null;
    this.setData({ busy: true });
    return meetings.cancel(this.id, Number(e.currentTarget.dataset.id)).then(
      (topic) => {
        this.setData({ busy: false });
        this.show(topic);
        wx.showToast({ title: '已取消报名', icon: 'none' });
      },
      (err) => {
        this.setData({ busy: false });
        wx.showToast({ title: err.message, icon: 'none' });
      },
    );
  },

  onEvaluationChoice(e) {
    const { field, value } = e.currentTarget.dataset;
    this.setData({ [`evaluation.${field}`]: value === 'yes', evaluationError: '' });
  },

  onEvaluationInput(e) {
    this.setData({ 'evaluation.comment': e.detail.value });
  },

  onEvaluate() {
    const ev = this.data.evaluation;
    if (ev.solved === null || ev.satisfied === null) {
      this.setData({ evaluationError: '请选择问题是否已解决、是否满意。' });
      return null;
    }
    this.setData({ busy: true, evaluationError: '' });
    return topics.evaluate(this.id, ev).then(
      (topic) => {
        this.setData({ busy: false });
        this.show(topic);
        wx.showToast({ title: '感谢您的评价', icon: 'none' });
      },
      (err) => this.setData({ busy: false, evaluationError: err.message }),
    );
  },

  // The clipboard may wait for consent to the privacy guide (the page's privacy-popup); a refusal is explained.
  onCopyLink(e) {
    return clipboard.copy(e.currentTarget.dataset.link, '会议链接');
  },

  // Forwarded to a chat (the ··· menu or 转发给邻居) or to Moments: the topic opens from its id alone.
  onShareAppMessage() {
    return share.toChat(share.topicTitle(this.data.topic), '/pages/topic/index', { id: this.id });
  },

  onShareTimeline() {
    return share.toMoments(share.topicTitle(this.data.topic), { id: this.id });
  },

  onOpenMerged() {
    wx.navigateTo({ url: `/pages/topic/index?id=${this.data.topic.mergedInto.id}` });
  },
});
