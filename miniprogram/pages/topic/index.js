// A topic with its full public record: status in words, timeline, reports, meetings, resolution,
// tasks, result and evaluations; comments (码上建议). 支持 and 报名 sit near the top; comment, report and
// evaluation inline (participation.js); the staff's allowed actions lead to the staff pages.
const topics = require('../../services/topics');
const comments = require('../../services/comments');
const catalog = require('../../services/catalog');
const view = require('../../utils/topic-view');
const { EXPLAINED } = require('../../utils/glossary');
const participation = require('./participation');
const clipboard = require('../../utils/clipboard');
const share = require('../../utils/share');
const fontScale = require('../../utils/font-scale');
const { reloadShown } = require('../../utils/paging');

const STAFF_PAGE = '/packageStaff/pages/topic-action/index';
const COMMENT_ACTIONS = ['hide_comment', 'approve_comment', 'answer_comment'];
const COMMENT_KEYS = { items: 'comments', hasMore: 'hasMoreComments', after: 'commentsAfter', state: 'commentsState', error: 'commentsError' };

Page({
  data: {
    state: 'loading', // loading | ready | error
    errorMessage: '',
    topic: null,
    stances: comments.STANCES,
    explained: EXPLAINED,
    refreshError: '',
    movedOn: null, // {text, unsent}: an action refused because the topic moved on meanwhile (participation.js), at the top
    supportMessage: null, // {ok, text}: the last 支持 / 撤回支持, next to its button
    meetingMessage: null, // {id, ok, text}: the last 报名 / 取消报名, next to that meeting
    commentNotice: '',
    evaluationNotice: '',
    moreError: '',
    comments: [],
    commentsState: 'loading', // loading | ready | error
    commentsError: '',
    hasMoreComments: false,
    loadingMore: false,
    stance: '',
    commentBody: '',
    commentError: '',
    posting: false,
    commentPhotoSeed: [], // the comment form's photo picker starts empty; set again to empty it after posting
    commentWaiting: false,
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
    // A comment was hidden, published or answered there: its line here has changed too.
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
    this.setData({ state: 'loading', errorMessage: '', movedOn: null });
    return Promise.all([topics.detail(this.id), catalog.workflow().catch(() => null)]).then(
      ([topic, workflow]) => {
        this.workflow = workflow;
        this.publicStatuses = ((workflow && workflow.statuses) || []).filter((s) => s.isPublic).map((s) => s.status);
        this.show(topic);
        return this.loadComments();
      },
      (err) => this.setData({ state: 'error', errorMessage: err.message }),
    );
  },

  refreshTopic() {
    // On failure the topic on screen stays, with a line saying it may be out of date.
    return topics.detail(this.id).then(
      (topic) => {
        this.show(topic);
        this.setData({ refreshError: '' });
      },
      (err) => this.setData({ refreshError: `${err.message}（下拉可以再刷新）` }),
    );
  },

  // Only a public topic is offered for sharing: one under review or held would open as "not found" for others.
  show(topic) {
    const canShare = (this.publicStatuses || []).includes(topic.status) && !topic.heldForModeration;
    share.allow(canShare);
    this.setData({ state: 'ready', topic: view.toView(topic, this.workflow), canShare });
  },

  onRetry() {
    this.load();
  },

  loadComments() {
    this.reloading = 0; // a read-again on its way is overtaken (utils/paging.js)
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
    // Not while they are read again on return: this page would land on a list about to be replaced.
    if (!this.data.hasMoreComments || this.data.loadingMore || this.reloading) return null;
    this.setData({ loadingMore: true, moreError: '' });
    return comments.list(this.id, { after: this.commentsAfter }).then(
      (page) => {
        this.commentsAfter = page.nextAfter;
        this.setData({ loadingMore: false, comments: this.data.comments.concat(page.items.map(view.comment)), hasMoreComments: !!page.nextAfter });
      },
      (err) => this.setData({ loadingMore: false, moreError: `${err.message}（往上拉可以再试）` }),
    );
  },

  // As far down as the staff member had read (the comment just answered may be pages down), without a spinner; on
  // failure the list on screen stays, saying why at its end.
  refreshComments() {
    return reloadShown(this, (after) => comments.list(this.id, { after }), view.comment, { keys: COMMENT_KEYS });
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

  ...participation,

  // From the top of the page straight to the comment form.
  onGoComment() {
    wx.pageScrollTo({ selector: '#comment-form', duration: 300 });
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
