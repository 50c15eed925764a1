// What a resident does on a topic page (码上建议, 码上协商): support, sign up, comment, report, evaluate. Each result
// stays on screen next to where the person tapped — never only in a toast that vanishes — and whatever undoes something
// (撤回支持, 取消报名, 举报) asks first. Merged into the topic page's options.
const topics = require('../../services/topics');
const comments = require('../../services/comments');
const meetings = require('../../services/meetings');
const view = require('../../utils/topic-view');
const { chooseAttendMode } = require('../../utils/attend-mode');
const { confirm } = require('../../utils/confirm');

// Answers meaning the topic (or its meeting) moved on while the resident acted: nothing was written, and the buttons on
// screen are out of date.
const MOVED_ON = ['topic_changed', 'invalid_transition', 'meeting_started'];

module.exports = {
  // The topic moved on while the resident acted (a meeting held, comments closed): the page reads it again by itself —
  // the answer's "pull down to refresh" is done for them — and says at the top what did not go through, with the words
  // they wrote, since the button or form they used may be gone. False for any other error.
  movedOn(err, what, unsent) {
    if (!MOVED_ON.includes(err.code)) return false;
    const why = err.code === 'meeting_started' ? '会议已经开始了' : '这个问题刚刚有了新进展';
    this.setData({ movedOn: { text: `${what}没有成功：${why}，下面已经是最新情况。`, unsent: (unsent || '').trim() } });
    this.refreshTopic().then(() => wx.pageScrollTo({ selector: '#moved-on', duration: 300 }));
    return true;
  },

  async onSupport() {
    if (this.data.busy) return null;
    const withdraw = this.data.topic.supportedByMe;
    if (withdraw && !(await confirm({ title: '撤回支持', content: '确定不再支持这个问题吗？以后还可以再支持。', confirmText: '撤回' }))) return null;
    this.setData({ busy: true, supportMessage: null, movedOn: null });
    return (withdraw ? topics.withdrawSupport(this.id) : topics.support(this.id)).then(
      (state) => this.setData({
        busy: false,
        'topic.supportCount': state.supportCount,
        'topic.supportedByMe': state.supportedByMe,
        supportMessage: { ok: true, text: state.supportedByMe ? '已支持。谢谢您！问题有进展时，大家都能在这里看到。' : '已撤回支持。' },
      }),
      (err) => {
        this.setData({ busy: false });
        if (this.movedOn(err, withdraw ? '撤回支持' : '支持')) return;
        // A support made elsewhere (another phone, a double tap) is still a support.
        if (err.code === 'already_supported') this.setData({ 'topic.supportedByMe': true });
        this.setData({ supportMessage: { ok: false, text: err.message } });
      },
    );
  },

  onSignUp(e) {
    const meeting = this.data.topic.meetings.find((m) => m.id === Number(e.currentTarget.dataset.id));
    if (!meeting || this.data.busy) return null;
    return chooseAttendMode(meeting.mode).then((mode) => {
      if (!mode) return null;
      this.setData({ busy: true, meetingMessage: null, movedOn: null });
      return meetings.signUp(this.id, meeting.id, mode).then(
        (topic) => {
          this.show(topic);
          this.setData({ busy: false, meetingMessage: { id: meeting.id, ok: true, text: `报名成功。请在 ${meeting.startsAt} 准时参加。` } });
        },
        (err) => {
          this.setData({ busy: false });
          if (this.movedOn(err, '报名')) return;
          this.setData({ meetingMessage: { id: meeting.id, ok: false, text: err.message } });
          // The last places went to others meanwhile: the meeting shows 名额已满, the message stays beside it.
          if (err.code === 'meeting_full') this.refreshTopic();
        },
      );
    });
  },

  async onCancelSignUp(e) {
    const meeting = this.data.topic.meetings.find((m) => m.id === Number(e.currentTarget.dataset.id));
    if (!meeting || this.data.busy) return null;
    if (!(await confirm({ title: '取消报名', content: `确定不参加 ${meeting.startsAt} 的协商会议了吗？`, confirmText: '取消报名', cancelText: '还要参加' }))) return null;
    this.setData({ busy: true, meetingMessage: null, movedOn: null });
    return meetings.cancel(this.id, meeting.id).then(
      (topic) => {
        this.show(topic);
        this.setData({ busy: false, meetingMessage: { id: meeting.id, ok: true, text: '已取消报名。想参加的话，可以再报名。' } });
      },
      (err) => {
        this.setData({ busy: false });
        if (!this.movedOn(err, '取消报名')) this.setData({ meetingMessage: { id: meeting.id, ok: false, text: err.message } });
      },
    );
  },

  onStance(e) {
    this.setData({ stance: e.currentTarget.dataset.stance, commentError: '' });
  },

  onCommentInput(e) {
    this.setData({ commentBody: e.detail.value });
  },

  // The comment's photo (components/photo-picker, at most one): a comment waiting for it is posted when it is up.
  onCommentPhotosChange(e) {
    this.commentPhotos = e.detail;
    if (this.data.commentWaiting && !e.detail.uploading) {
      this.setData({ commentWaiting: false });
      this.onPostComment();
    }
  },

  onPostComment() {
    if (this.data.posting || this.data.commentWaiting) return null;
    if (!this.data.stance) {
      this.setData({ commentError: '请先选择：支持、有疑问或建议。' });
      return null;
    }
    if (!this.data.commentBody.trim()) {
      this.setData({ commentError: '请写下您的意见。' });
      return null;
    }
    const photo = this.commentPhotos || { ids: [], uploading: 0, failed: 0 };
    if (photo.failed) {
      this.setData({ commentError: '照片没传上去：点照片重试，或点 × 去掉它，再点“发表”。' });
      return null;
    }
    if (photo.uploading) {
      this.setData({ commentWaiting: true, commentError: '' });
      return null;
    }
    this.setData({ posting: true, commentError: '', commentNotice: '', movedOn: null });
    return comments.create(this.id, { stance: this.data.stance, body: this.data.commentBody, photoIds: photo.ids }).then(
      (created) => {
        this.commentPhotos = null;
        this.setData({
          commentPhotoSeed: [],
          posting: false,
          stance: '',
          commentBody: '',
          comments: [view.comment(created)].concat(this.data.comments),
          'topic.commentCount': this.data.topic.commentCount + (created.held ? 0 : 1),
          commentNotice: created.held ? '已提交。审核通过后，大家就能看到您的意见。' : '已发表，谢谢您的意见。',
        });
      },
      (err) => {
        if (this.movedOn(err, '发表意见', this.data.commentBody)) {
          this.setData({ posting: false });
          return;
        }
        const fields = err.fieldErrors || {};
        const first = (fields.body || fields.stance || fields.photoIds || [])[0];
        this.setData({ posting: false, commentError: first || err.message });
      },
    );
  },

  async onReport(e) {
    const commentId = Number(e.currentTarget.dataset.id);
    if (!(await confirm({ title: '举报这条意见', content: '确定举报这条意见吗？管理员会尽快处理。', confirmText: '举报', cancelText: '不举报' }))) return null;
    const mark = (reportNote) => this.setData({
      comments: this.data.comments.map((c) => (c.id === commentId ? { ...c, reportedByMe: true, canReport: false, reportNote } : c)),
    });
    return comments.report(this.id, commentId).then(
      () => mark('已举报，谢谢您。管理员会尽快处理。'),
      (err) => {
        if (err.code === 'already_reported') mark(err.message);
        else this.setData({ comments: this.data.comments.map((c) => (c.id === commentId ? { ...c, reportNote: err.message } : c)) });
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
    this.setData({ busy: true, evaluationError: '', movedOn: null });
    return topics.evaluate(this.id, ev).then(
      (topic) => {
        this.show(topic);
        this.setData({ busy: false, evaluationNotice: '谢谢您的评价，大家都能看到评价的结果。' });
      },
      (err) => {
        this.setData({ busy: false });
        if (!this.movedOn(err, '提交评价', ev.comment)) this.setData({ evaluationError: err.message });
      },
    );
  },
};
