// Dates and times typed into a picker (allow-input) count only once the picker can read them. Text it cannot read (a
// date typed after the one already there, 2026-12-142026-12-20) leaves the field's earlier value in place, and on
// Enter or on leaving the field the picker shows that value again: the form would send a date the person did not
// choose, with nothing said. So what is typed into a picker is noted (`noteTyped`, from the form's input events) with
// the value the picker held then (its `data-value`); at sending, a picker whose value has not changed since and does
// not read as what was typed is named (`unreadPickers`), to refuse the send with a line under its field.
//
// A time is a plain text field, not TDesign's time picker: typing over a time already there, the picker's panel rewrote
// the text as it was typed (14:30 over 09:00 became 00:004:30), and reached with Tab it undid every keystroke and sent
// the old time. The field shows what was typed; at sending, text that is no time is refused under it (`unreadTimes`).

const PICKERS = '.t-date-picker[data-value]';

/** The line under a date field whose picker did not take `text`, or a time field whose text is no time. */
export function unreadMessage(isTime, text) {
  if (isTime) return `“${text.trim()}”不是时间：请按 14:30 的样子填写（24 小时制）。`;
  return text.trim()
    ? `“${text.trim()}”不是日期：请按 2026-12-20 的样子填写，或点右边的日历选一天。`
    : '日期被删掉了：请重新填写（如 2026-12-20），或点右边的日历选一天；不要这个日期就点 × 清空。';
}

/**
 * The time fields' values as sent (9:05 is 09:05), {fieldKey: message} for each whose text is no time, and the first
 * such field's input under `root`, to focus: the shape of `unreadPickers`. An empty time is left to the field's own
 * rule (required or not).
 */
export function unreadTimes(root, fields, values) {
  const errors = {};
  const read = { ...values };
  fields.filter((f) => f.type === 'time').forEach((f) => {
    const text = typeof values[f.key] === 'string' ? values[f.key].trim() : '';
    if (!text) return;
    const time = readTime(text);
    if (time) read[f.key] = time;
    else errors[f.key] = unreadMessage(true, text);
  });
  const key = Object.keys(errors)[0];
  const first = (key && root?.querySelector(`[data-field="${key}"] input`)) || null;
  return { errors, first, values: read };
}

/** Notes what was typed into a picker's input (an input event of the form) and the value the picker held then. */
export function noteTyped(typed, event) {
  const picker = event.target instanceof HTMLInputElement ? event.target.closest(PICKERS) : null;
  if (picker) typed.set(picker, { text: event.target.value, valueThen: picker.dataset.value });
}

/**
 * {fieldKey: message} for every field (`data-field`) holding a picker that did not take what was typed into it, and
 * that picker's input, to focus.
 */
export function unreadPickers(root, typed) {
  const errors = {};
  let first = null;
  (root ? [...root.querySelectorAll(PICKERS)] : []).forEach((picker) => {
    const entry = typed.get(picker);
    const value = picker.dataset.value;
    if (!entry || value !== entry.valueThen || entry.text.trim() === value) return;
    const key = picker.closest('[data-field]')?.dataset.field;
    if (!key) return;
    errors[key] ??= unreadMessage(false, entry.text);
    first ??= picker.querySelector('input');
  });
  return { errors, first };
}

/** A typed date as the date pickers keep it (YYYY-MM-DD; 2026-12-5 is 2026-12-05), or null when the text is none. */
export function readDate(text) {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec((text || '').trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The date picker takes a typed date on Enter only: leaving the field (a click on the form's button) closes it and
 * shows the earlier date again. Its blur comes with the input (`{e}`); a date typed there is what the person chose.
 * Enter (`{e}` of the keydown) is taken here too, so 2026-12-5 reads the same whichever way the field is left.
 */
export function takeTypedDate({ value, e } = {}, current, set) {
  const date = readDate(leftText(e, value));
  if (date && date !== current) set(date);
}

/** A typed time as the form sends it (HH:mm; 9:05 is 09:05, a full-width colon too), or null when the text is none. */
export function readTime(text) {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec((text || '').trim());
  if (!m) return null;
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${m[2]}`;
}

/** The text of the input a picker's blur (`e`) left, else `fallback` when it is text. */
const leftText = (e, fallback = '') => (e?.target instanceof HTMLInputElement ? e.target.value : typeof fallback === 'string' ? fallback : '');

/**
 * The range picker's two dates, the same way: a date typed into either end and the field left counts, the two put in
 * order as the picker does on Enter. Returns the text it could not read (for a line beside the field), or ''.
 */
export function takeTypedRange({ partial, e } = {}, current, set) {
  const text = leftText(e);
  const at = partial === 'end' ? 1 : 0;
  if (!text.trim()) return '';
  const date = readDate(text);
  if (!date) return text.trim();
  if (date === current[at]) return '';
  const next = [...current];
  next[at] = date;
  set(next[0] && next[1] && next[0] > next[1] ? [next[1], next[0]] : next);
  return '';
}

/** A picker's text is selected when it takes the focus, so what is typed replaces the date shown instead of joining it. */
export function selectOnFocus(event) {
  if (event.target instanceof HTMLInputElement) event.target.select();
}
