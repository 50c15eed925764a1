// 待办: the room admin's due list — B-class topics whose follow-up date has come, and overdue
// implementation tasks. Tapping an item opens its topic, where the admin acts.
const staff = require('../../services/staff');
const { pagedList } = require('../../utils/paged-list');

const KIND_NAMES = { review: 'B类跟踪到期', task_overdue: '任务逾期' };

const list = pagedList({
  fetch: (q) => staff.due(q),
  toView: (d) => ({
    key: `${d.kind}-${d.taskId || d.topicId}`, kind: d.kind, kindName: KIND_NAMES[d.kind] || '待办', reason: d.reason,
    dueOn: d.dueOn, topicId: d.topicId, topicTitle: d.topicTitle, receiptNo: d.receiptNo, roomName: d.roomName, statusName: d.statusName,
  }),
});

Page({ ...list, data: { ...list.data, emptyText: '没有到期的跟踪事项或逾期任务。' } });
