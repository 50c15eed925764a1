// 审题: the reviewer's queue of submitted topics, oldest first. Tapping one opens the topic page,
// where the review actions the API allows are offered.
const staff = require('../../services/staff');
const { pagedList } = require('../../utils/paged-list');
const { formatTime } = require('../../utils/form-view');

const list = pagedList({
  fetch: (q) => staff.reviewQueue(q),
  toView: (t) => ({
    id: t.id, title: t.title, receiptNo: t.receiptNo, roomName: t.roomName, categoryName: t.categoryName,
    submittedAt: formatTime(t.submittedAt), held: t.heldForModeration,
  }),
});

Page({ ...list, data: { ...list.data, emptyText: '没有待审的议题。' } });
