// 我的任务: the implementer's open tasks, overdue first. 报告进度 opens the progress form for the
// task; tapping the task opens its topic.
const staff = require('../../services/staff');
const { pagedList } = require('../../utils/paged-list');

const list = pagedList({
  fetch: (q) => staff.myTasks(q),
  toView: (t) => ({
    id: t.id, title: t.title, unit: t.unit, leadPerson: t.leadPerson, dueOn: t.dueOn, progress: t.progress, isOverdue: t.isOverdue,
    topicId: t.topicId, topicTitle: t.topicTitle, receiptNo: t.receiptNo, roomName: t.roomName,
  }),
});

Page({
  ...list,
  data: { ...list.data, emptyText: '没有需要办理的任务。' },

  onReport(e) {
    const { topicId, taskId } = e.currentTarget.dataset;
    wx.navigateTo({ url: `/packageStaff/pages/topic-action/index?id=${topicId}&action=update_progress&taskId=${taskId}` });
  },
});
