// Shapes a landing response for the room page: the text a resident reads, nothing more.

const COUNT_LABELS = [
  ['total', '议题总数'],
  ['underReview', '审核中'],
  ['announced', '公示中'],
  ['inDeliberation', '协商中'],
  ['implementing', '落实中'],
  ['closed', '已办结'],
];

// Topic statuses of DESIGN §4 in the words a resident sees.
const STATUS_NAMES = {
  submitted: '待审核',
  announced: '公示中',
  rejected: '未受理',
  referred: '已转办',
  merged: '已合并',
  researching: '调研中',
  meeting_scheduled: '待协商',
  deliberated: '已协商',
  resolution_published: '决议公示',
  implementing: '落实中',
  completed: '已完成',
  closed: '已办结',
  reopened: '重新协商',
};

function regionText(regionPath) {
  return (regionPath || []).map((r) => r.name).join(' › ');
}

function counts(summary) {
  const c = (summary && summary.counts) || {};
  return COUNT_LABELS.map(([key, label]) => ({ key, label, value: c[key] || 0 }));
}

function latest(summary) {
  return ((summary && summary.latest) || []).map((t) => ({
    id: t.id,
    receiptNo: t.receiptNo,
    title: t.title,
    statusName: STATUS_NAMES[t.status] || t.status,
  }));
}

// Only digits, spaces, dashes and a leading + can be dialled; anything else is shown, not called.
function dialable(phone) {
  return !!phone && /^\+?[0-9][0-9 -]{4,}$/.test(phone);
}

function toView(landing) {
  const room = landing.room;
  return {
    room: {
      name: room.name,
      address: room.address,
      contactName: room.contactName || '',
      contactPhone: room.contactPhone || '',
      canCall: dialable(room.contactPhone),
    },
    regionText: regionText(landing.regionPath),
    isOpen: landing.isOpen,
    notice: landing.notice || '',
    functions: (landing.functions || []).map((f) => ({
      key: f.key,
      name: f.name,
      description: f.description,
      isOpen: f.isOpen,
    })),
    counts: counts(landing.summary),
    latest: latest(landing.summary),
  };
}

module.exports = { toView, regionText, STATUS_NAMES };
