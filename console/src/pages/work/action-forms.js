// The form of each staff action on a topic, for the web, built from the workflow the API publishes
// (GET /api/workflow, loaded by api/work.js): its fields in the order shown (rendered by FormFields) and the
// request body built from what was entered. Nothing here names an action: labels, limits, choices and routes
// are the API's. Field keys are the API's own field names, so its field errors land beside the field they are
// about. `needs` names the id an action cannot do without (the button on that task or comment gives it).
import { beijingDate, dateTime, parseInstant } from '@/utils/format';

const trimmed = (v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const int = (v) => (v === undefined || v === null || v === '' ? undefined : Number(v));
const routeParams = (route) => (route.match(/\{(\w+)\}/g) || []).map((p) => p.slice(1, -1)).filter((p) => p !== 'id');

function column(c) {
  return { key: c.key, label: c.label, max: c.maxLength, type: c.kind, options: c.choices };
}

// A published field as FormFields draws it: a datetime is a date and a time picker.
function viewFields(f) {
  const base = {
    key: f.key, label: f.label, type: f.kind, required: !!f.required, max: f.maxLength, hint: f.hint,
    min: f.min, maxValue: f.max, options: f.choices, source: f.source, addText: f.addText,
    columns: f.columns && f.columns.map(column),
  };
  if (f.kind !== 'datetime') return [base];
  return [
    { ...base, key: `${f.key}Date`, type: 'date', errorKeys: [f.key] },
    { key: `${f.key}Time`, type: 'time', label: f.timeLabel, required: !!f.required },
  ];
}

function valueOf(f, v) {
  if (f.kind === 'number') return int(v);
  if (f.kind === 'choice' && f.source) return f.required ? int(v) || 0 : int(v);
  if (f.kind === 'choice') return v || (f.required ? '' : undefined);
  if (f.kind === 'multi') return (v || []).map(Number);
  if (f.kind === 'date') return v || undefined;
  if (f.kind === 'rows') return (v || []).map((row) => Object.fromEntries(f.columns.map((c) => [c.key, valueOf(c, row[c.key])])));
  return f.required ? v || '' : trimmed(v);
}

function bodyOf(fields, params, v) {
  const body = {};
  fields.filter((f) => !params.includes(f.key) && (!f.when || f.when.in.includes(v[f.when.field]))).forEach((f) => {
    const date = v[`${f.key}Date`];
    const time = v[`${f.key}Time`];
    // The pickers give Beijing time (China has one time zone).
    if (f.kind === 'datetime') body[f.key] = date && time ? `${date}T${time}:00+08:00` : undefined;
    else body[f.key] = valueOf(f, v[f.key]);
  });
  return body;
}

/** The form of an action, or null for an action with no staff form (comment, support, evaluate…) or no workflow yet. */
export function formFor(workflow, name) {
  const action = ((workflow && workflow.actions) || []).find((a) => a.name === name);
  if (!action || !action.form) return null;
  // Photos are added in the mini program, where the camera is; the desk form leaves a published photos field out.
  const fields = action.form.fields.filter((f) => f.kind !== 'photos');
  const params = routeParams(action.route);
  return {
    title: action.chineseName,
    intro: action.form.intro || '',
    published: fields,
    fields: fields.flatMap(viewFields),
    needs: params.find((p) => !fields.some((f) => f.key === p)) || null,
    // What the action may need confirmed ({key, requestField, problemCode}); the topic's confirmations say when.
    confirm: (action.confirm && (workflow.confirmations || []).find((c) => c.key === action.confirm)) || null,
    ids: (values, ctx) => Object.fromEntries(params.map((p) => [p, values[p] !== undefined ? values[p] : ctx[p]])),
    body: (values) => bodyOf(fields, params, values),
  };
}

/** The topic-level buttons: allowed actions with a form that needs no task or comment. */
export function topicActions(workflow, allowedActions) {
  return (allowedActions || []).filter((a) => formFor(workflow, a) && !formFor(workflow, a).needs);
}

function taskOf(ctx) {
  return ((ctx.topic && ctx.topic.tasks) || []).find((t) => String(t.id) === String(ctx.taskId));
}

const isFuture = (iso, now) => parseInstant(iso) > now;

/**
 * The choices of fields whose options come from the API or the topic, by the published source names:
 * ctx = {topic, reviewCriteria, roomTopics, categories, taskId}.
 */
export function sourcesFor(ctx, now = Date.now()) {
  const topic = ctx.topic || {};
  const task = taskOf(ctx);
  return {
    // A rejection cites one of the 五不议; a 五议 criterion is a reason to accept (the API refuses it).
    reviewCriteria: (ctx.reviewCriteria || []).filter((c) => c.isActive !== false && c.kind === 'not_deliberate')
      .map((c) => ({ value: String(c.id), label: c.kindName ? `${c.kindName} · ${c.title}` : c.title })),
    roomTopics: (ctx.roomTopics || []).filter((t) => t.id !== topic.id)
      .map((t) => ({ value: String(t.id), label: `${t.title}（${t.receiptNo} · ${t.statusName}）` })),
    categories: (ctx.categories || []).filter((c) => c.isActive !== false).map((c) => ({ value: String(c.id), label: c.name })),
    // Minutes are taken for this round's meetings that have started and have none yet.
    meetings: (topic.meetings || []).filter((m) => !m.minutes && m.round === topic.round && !isFuture(m.startsAt, now))
      .map((m) => ({ value: String(m.id), label: `${dateTime(m.startsAt)} ${m.place || '线上会议'}` })),
    taskMilestones: task ? task.milestones.filter((m) => !m.doneAt).map((m) => ({ value: String(m.id), label: `${m.title}（${m.dueOn}）` })) : [],
  };
}

// A required choice with nothing to choose means the action cannot be done yet: the form says why beside the field and
// sends nothing, instead of a request the API refuses without naming the reason (a missing meeting answers 404).
const NOTHING_TO_CHOOSE = {
  meetings: '会议开始后才能记录纪要：本轮还没有已经开始、尚未记录纪要的会议。',
  roomTopics: '本议事室没有可以合并到的其他议题。',
  reviewCriteria: '本市还没有启用的“五不议”审题标准，请联系市级管理员添加。',
};

/**
 * {fieldKey: why} for each required choice whose options are all loaded (`ready(source)`) and empty, by `sourcesFor`'s
 * answer `sources`.
 */
export function nothingToChoose(form, sources, ready = () => true) {
  const blocked = {};
  (form ? form.fields : []).forEach((f) => {
    if (f.type === 'choice' && f.required && f.source && ready(f.source) && !(sources[f.source] || []).length) {
      blocked[f.key] = NOTHING_TO_CHOOSE[f.source] || '没有可以选择的项。';
    }
  });
  return blocked;
}

/**
 * What a form starts with: the published defaults (a date's is days from today), the topic's category, what the
 * task the form is about holds now (its progress), and the only meeting when there is one.
 */
export function initialValues(form, ctx) {
  const values = {};
  const task = taskOf(ctx);
  form.published.forEach((f) => {
    if (f.default !== undefined) values[f.key] = f.kind === 'date' ? beijingDate(Number(f.default)) : f.kind === 'number' ? Number(f.default) : f.default;
    if (f.kind === 'rows' || f.kind === 'multi') values[f.key] = [];
    if (f.source === 'categories' && ctx.topic && ctx.topic.category) values[f.key] = String(ctx.topic.category.id);
    if (task && typeof task[f.key] === 'number') values[f.key] = task[f.key];
    if (f.source === 'meetings') {
      const open = sourcesFor(ctx).meetings;
      if (open.length === 1) values[f.key] = open[0].value;
    }
  });
  return values;
}
