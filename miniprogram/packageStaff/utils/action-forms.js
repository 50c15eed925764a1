// The form of a staff action, built from the workflow the API publishes (GET /api/workflow): its fields in the
// order shown, the ids its route needs and the request body built from what was entered. Nothing here names an
// action: the labels, limits, choices and routes are the API's. Field keys are the API's own field names, so its
// field errors land next to the field they are about. `needs` names the query id an action cannot do without
// (the topic page's button on that task or comment gives it).

const trimmed = (v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const int = (v) => (v === undefined || v === null || v === '' ? undefined : Number(v));

/** The ids a route template needs: '/api/topics/{id}/tasks/{taskId}/progress' → ['id', 'taskId']. */
function routeParams(route) {
  return (route.match(/\{(\w+)\}/g) || []).map((p) => p.slice(1, -1));
}

/** The route with its ids filled in. */
function routeFor(route, ids) {
  return route.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(ids[name]));
}

// A published field as the page draws it: a datetime is a date and a time picker; rows are drawn by their key
// (participants, milestones) since each kind of row has its own layout.
function viewFields(field) {
  const base = {
    key: field.key, label: field.label, required: !!field.required, max: field.maxLength, hint: field.hint,
    options: field.choices, source: field.source, when: field.when, columns: field.columns,
  };
  if (field.kind === 'datetime') {
    return [
      { ...base, key: `${field.key}Date`, type: 'date', errorKeys: [field.key], part: field.key },
      { key: `${field.key}Time`, type: 'time', label: field.timeLabel, required: !!field.required, part: field.key },
    ];
  }
  if (field.kind === 'photos') return [{ ...base, type: 'photos', maxPhotos: field.max || 6 }];
  return [{ ...base, type: field.kind === 'rows' ? field.key : field.kind }];
}

function applies(field, values) {
  return !field.when || field.when.in.includes(values[field.when.field]);
}

/** One published field's value as the API takes it. */
function valueOf(field, v) {
  switch (field.kind) {
    case 'number':
      return int(v);
    case 'choice':
      if (field.source) return field.required ? int(v) || 0 : int(v);
      return v || (field.required ? '' : undefined);
    case 'multi':
      return (v || []).map(Number);
    case 'date':
      return v || undefined;
    case 'photos':
      // The photo picker's state: only the uploaded photos' ids (the page waits for the rest).
      return v && v.ids && v.ids.length ? v.ids : undefined;
    case 'rows':
      return (v || []).map((row) => Object.fromEntries(field.columns.map((c) => [c.key, valueOf(c, row[c.key])])));
    default:
      return field.required ? v || '' : trimmed(v);
  }
}

function bodyOf(fields, params, values) {
  const body = {};
  fields.filter((f) => !params.includes(f.key) && applies(f, values)).forEach((f) => {
    if (f.kind === 'datetime') {
      const date = values[`${f.key}Date`];
      const time = values[`${f.key}Time`];
      // The pickers give Beijing time (China has one time zone).
      body[f.key] = date && time ? `${date}T${time}:00+08:00` : undefined;
    } else {
      body[f.key] = valueOf(f, values[f.key]);
    }
  });
  return body;
}

/** The form of `name` in `workflow`, or null for an action with no staff form (comment, support, evaluate…). */
function formFor(workflow, name) {
  const action = ((workflow && workflow.actions) || []).find((a) => a.name === name);
  if (!action || !action.form) return null;
  const fields = action.form.fields;
  const params = routeParams(action.route).filter((p) => p !== 'id');
  const needs = params.find((p) => !fields.some((f) => f.key === p)) || null;
  return {
    title: action.chineseName,
    intro: action.form.intro || '',
    submitText: action.form.submitText || '',
    route: action.route,
    itemIds: params,
    published: fields,
    fields: fields.flatMap(viewFields),
    needs,
    // What the action may need confirmed ({key, explained, requestField, problemCode}): the topic's confirmations say when.
    confirm: (action.confirm && ((workflow.confirmations || []).find((c) => c.key === action.confirm))) || null,
    ids: (values, query) => Object.fromEntries(params.map((p) => [p, values[p] !== undefined ? values[p] : query[p]])),
    body: (values) => bodyOf(fields, params, values),
  };
}

/** The staff actions of a workflow: those with a form. */
function staffActions(workflow) {
  return ((workflow && workflow.actions) || []).filter((a) => a.form).map((a) => a.name);
}

/** The choices of a row column, e.g. the parties of a participant. */
function columnChoices(form, rowsKey, columnKey) {
  const rows = form.published.find((f) => f.key === rowsKey);
  const column = rows && rows.columns.find((c) => c.key === columnKey);
  return (column && column.choices) || [];
}

/** Why the photo fields hold up a submission now: {wait: true} while one uploads, {errors} when one failed. */
function photoHold(form, values) {
  const photoFields = form.fields.filter((f) => f.type === 'photos');
  const errors = {};
  photoFields.forEach((f) => {
    if ((values[f.key] || {}).failed) errors[f.key] = '有照片没传上去：点那张照片重试，或点 × 去掉它，再提交。';
  });
  if (Object.keys(errors).length) return { errors };
  return { wait: photoFields.some((f) => (values[f.key] || {}).uploading > 0) };
}

module.exports = { formFor, staffActions, columnChoices, routeFor, routeParams, photoHold };
