// Shapes a landing response for the room page: the text a resident reads, nothing more.

const { STATUSES, statusName } = require('./glossary');

// The room's figures in the glossary's words: a count of topics in a status carries that status's name.
const COUNT_LABELS = [
  ['total', '问题总数'],
  ['underReview', STATUSES.submitted],
  ['announced', STATUSES.announced],
  ['inDeliberation', '协商中'],
  ['implementing', STATUSES.implementing],
  ['closed', STATUSES.closed],
];

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
    statusName: statusName(t.status, t.statusName),
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

module.exports = { toView, regionText };
