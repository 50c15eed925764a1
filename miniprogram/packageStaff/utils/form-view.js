// Shapes an action form (packageStaff/utils/action-forms.js) for the page: options with their selected state,
// rows of list fields, and the API's field errors placed next to the field they are about.
const { columnChoices } = require('./action-forms');
const { dateTime, isFuture } = require('../../utils/format');

const DAY_MS = 24 * 3600 * 1000;
const BEIJING_MS = 8 * 3600 * 1000;

/** A date in Beijing (China has one time zone), days from today, as yyyy-mm-dd. */
function beijingDate(daysFromToday = 0, now = Date.now()) {
  return new Date(now + BEIJING_MS + daysFromToday * DAY_MS).toISOString().slice(0, 10);
}

// The resident pages' reading of API times (UTC, with or without a zone) so both show the same clock.
function formatTime(iso) {
  return dateTime(iso);
}

/** What an empty list of choices says, where there is someone to ask or something to do first. */
const NOTHING_TO_CHOOSE = {
  reviewCriteria: '本市还没有启用的“五不议”审题标准，请联系市级管理员添加。',
};

/** Options of a field whose choices come from the API or from the topic. */
function sourceOptions(source, ctx) {
  if (source === 'reviewCriteria') {
    let lastGroup = null;
    // A rejection cites one of the 五不议; a 五议 criterion is a reason to accept (the API refuses it).
    return (ctx.reviewCriteria || []).filter((c) => c.isActive !== false && c.kind === 'not_deliberate').map((c) => {
      const heading = c.kindName !== lastGroup ? c.kindName : '';
      lastGroup = c.kindName;
      return { value: String(c.id), label: c.title, description: c.description, heading };
    });
  }
  if (source === 'categories') {
    return (ctx.categories || []).filter((c) => c.isActive !== false).map((c) => ({ value: String(c.id), label: c.name }));
  }
  if (source === 'roomTopics') {
    return (ctx.roomTopics || []).filter((t) => t.id !== ctx.topic.id)
      .map((t) => ({ value: String(t.id), label: t.title, description: `${t.receiptNo} · ${t.statusName}` }));
  }
  if (source === 'meetings') {
    // Only what the API takes minutes for: this round's meetings that have started and have none yet.
    return (ctx.topic.meetings || []).filter((m) => !m.minutes && m.round === ctx.topic.round && !isFuture(m.startsAt))
      .map((m) => ({ value: String(m.id), label: `${formatTime(m.startsAt)} ${m.place || '线上会议'}` }));
  }
  if (source === 'taskMilestones') {
    const task = (ctx.topic.tasks || []).find((t) => String(t.id) === String(ctx.query.taskId));
    return task ? task.milestones.filter((m) => !m.doneAt).map((m) => ({ value: String(m.id), label: `${m.title}（${m.dueOn}）` })) : [];
  }
  return [];
}

function taskOf(ctx) {
  return (ctx.topic.tasks || []).find((t) => String(t.id) === String(ctx.query.taskId));
}

/** The task a form is about (a progress report), as a line above the form. */
function subjectLine(ctx) {
  const task = taskOf(ctx);
  return task ? `任务：${task.title}（${task.unit}，当前进度 ${task.progress}%）` : '';
}

/**
 * Values a form starts with: the published defaults (a date's is days from today), the topic's category, what the
 * task the form is about holds now (its progress), and the meeting asked for or the only one.
 */
function initialValues(form, ctx) {
  const values = {};
  const task = taskOf(ctx);
  form.published.forEach((f) => {
    if (f.default !== undefined) values[f.key] = f.kind === 'date' ? beijingDate(Number(f.default)) : f.default;
    if (f.kind === 'rows' || f.kind === 'multi') values[f.key] = [];
    if (f.source === 'categories' && ctx.topic.category) values[f.key] = String(ctx.topic.category.id);
    if (task && task[f.key] !== undefined && typeof task[f.key] !== 'object') values[f.key] = String(task[f.key]);
    if (f.source === 'meetings') {
      const open = sourceOptions('meetings', ctx);
      const asked = open.find((o) => o.value === String(ctx.query.meetingId || ''));
      if (asked || open.length === 1) values[f.key] = (asked || open[0]).value;
    }
  });
  return values;
}

/**
 * API field errors {"participants[0].name": ["…"]} → {participants: "第 1 项：…"}, plus the
 * messages that belong to no field shown (general).
 */
function placeErrors(apiErrors, fields) {
  const byField = {};
  const general = [];
  Object.entries(apiErrors || {}).forEach(([key, messages]) => {
    const message = [].concat(messages).join(' ');
    const match = /^([A-Za-z]+)(?:\[(\d+)\])?/.exec(key) || [];
    const field = fields.find((f) => f.key === match[1] || (f.errorKeys || []).includes(match[1]));
    if (!field) {
      general.push(message);
      return;
    }
    const text = match[2] !== undefined ? `第 ${Number(match[2]) + 1} 项：${message}` : message;
    byField[field.key] = byField[field.key] ? `${byField[field.key]} ${text}` : text;
  });
  return { byField, general };
}

/** The fields as the page renders them. */
function fieldsView(form, values, ctx, errors) {
  const parties = columnChoices(form, 'participants', 'party');
  const attendModes = columnChoices(form, 'participants', 'attendMode');
  return form.fields.map((f) => {
    const view = { ...f, value: values[f.key] === undefined ? '' : values[f.key], error: errors[f.key] || '' };
    if (f.type === 'choice' || f.type === 'multi') {
      const chosen = [].concat(values[f.key] === undefined ? [] : values[f.key]).map(String);
      view.options = (f.options || sourceOptions(f.source, ctx)).map((o) => ({ ...o, selected: chosen.includes(String(o.value)) }));
      view.emptyText = NOTHING_TO_CHOOSE[f.source] || '暂无可选项。';
    }
    if (f.type === 'participants') {
      view.rows = (values[f.key] || []).map((p) => ({
        ...p,
        partyIndex: parties.findIndex((x) => x.value === p.party),
        partyLabel: (parties.find((x) => x.value === p.party) || {}).label || '请选择所属方',
        attendLabel: (attendModes.find((x) => x.value === p.attendMode) || {}).label || '请选择参会方式',
      }));
    }
    if (f.type === 'milestones') view.rows = values[f.key] || [];
    return view;
  });
}

module.exports = { beijingDate, formatTime, sourceOptions, subjectLine, initialValues, placeErrors, fieldsView };
