// 审题: the reviewer's queue of submitted topics, oldest first. Tapping one opens the topic page,
// where the review actions the API allows are offered. Each item shows the topics of its town that look like it
// (open or recently ended, from the API) and the one it most likely repeats; 合并到此 merges it into a suggestion
// of the same room with one tap and a confirmation, through the workflow's own merge form.
const staff = require('../../services/staff');
const catalog = require('../../../services/catalog');
const { pagedList } = require('../../utils/paged-list');
const { formFor } = require('../../utils/action-forms');
const { formatTime } = require('../../utils/form-view');

const list = pagedList({
  fetch: (q) => staff.reviewQueue(q),
  toView: (t) => ({
    id: t.id, title: t.title, receiptNo: t.receiptNo, roomName: t.roomName, categoryName: t.categoryName,
    submittedAt: formatTime(t.submittedAt), held: t.heldForModeration,
    similar: (t.similar || []).map((s) => ({
      id: s.id, title: s.title, roomName: s.roomName, statusName: s.statusName, supportCount: s.supportCount,
      canMerge: !!s.canMergeInto, likely: s.id === t.possibleDuplicateOf,
    })),
    possibleDuplicate: t.possibleDuplicateOf != null,
  }),
});

Page({
  ...list,
  data: { ...list.data, emptyText: '没有待审的议题。', mergeError: '' },

  onMerge(e) {
    const { topicId, intoId, intoTitle } = e.currentTarget.dataset;
    return new Promise((resolve) => {
      wx.showModal({
        title: '合并到此议题？',
        content: `把这条议题合并到“${intoTitle}”，提出人会在进展里看到合并去向。`,
        confirmText: '合并',
        success: (answer) => resolve(answer.confirm),
        fail: () => resolve(false),
      });
    }).then(async (confirmed) => {
      if (!confirmed) return;
      this.setData({ mergeError: '' });
      try {
        const form = formFor(await catalog.workflow(), 'merge');
        await staff.perform('merge', { id: Number(topicId) }, form.body({ intoTopicId: String(intoId) }));
        wx.showToast({ title: '已合并', icon: 'success' });
        this.setData({ items: this.data.items.filter((i) => i.id !== Number(topicId)) });
      } catch (err) {
        this.setData({ mergeError: err.message });
      }
    });
  },
});
