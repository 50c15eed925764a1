import { afterEach, describe, expect, it } from 'vitest';
import { noteTyped, readDate, readTime, selectOnFocus, takeTypedDate, takeTypedRange, unreadMessage, unreadPickers, unreadTimes } from './typed-pickers';

// A form field holding a picker as FormFields draws it: the field's key, the picker's value, its input's text.
function field(key, value) {
  const div = document.createElement('div');
  div.dataset.field = key;
  div.innerHTML = `<div class="t-date-picker" data-value="${value}"><input value="${value}"></div>`;
  document.body.appendChild(div);
  return div.querySelector('input');
}

function typeInto(typed, input, text) {
  input.value = text;
  noteTyped(typed, { target: input });
}

afterEach(() => { document.body.innerHTML = ''; });

describe('typed pickers', () => {
  it('names a field whose typed date the picker did not take, with what was typed', () => {
    const typed = new WeakMap();
    const input = field('announcementEndsOn', '2026-12-14');
    typeInto(typed, input, '2026-12-142026-12-20');
    input.value = '2026-12-14'; // the picker shows its value again on Enter or on leaving the field

    const { errors, first } = unreadPickers(document.body, typed);
    expect(errors).toEqual({ announcementEndsOn: '“2026-12-142026-12-20”不是日期：请按 2026-12-20 的样子填写，或点右边的日历选一天。' });
    expect(first).toBe(input);
  });

  it('lets a date the picker took, a date picked after the typing, and untouched pickers pass', () => {
    const typed = new WeakMap();
    const taken = field('a', '2026-12-14');
    typeInto(typed, taken, '2026-12-20');
    taken.parentElement.dataset.value = '2026-12-20';
    const pickedAfter = field('b', '2026-12-14');
    typeInto(typed, pickedAfter, '2026-12-2');
    pickedAfter.parentElement.dataset.value = '2026-12-25';
    const sameAgain = field('c', '2026-12-14');
    typeInto(typed, sameAgain, ' 2026-12-14 ');
    field('d', '');

    expect(unreadPickers(document.body, typed)).toEqual({ errors: {}, first: null });
  });

  it('says so when a date was deleted by hand', () => {
    const typed = new WeakMap();
    typeInto(typed, field('deadline', '2026-12-31'), '');

    const { errors } = unreadPickers(document.body, typed);
    expect(errors.deadline).toBe('日期被删掉了：请重新填写（如 2026-12-20），或点右边的日历选一天；不要这个日期就点 × 清空。');
  });

  it('sends a typed time as HH:mm and names a text that is no time, leaving an empty one to its field\'s rule', () => {
    const fields = [{ key: 'a', type: 'time' }, { key: 'b', type: 'time' }, { key: 'c', type: 'time' }, { key: 'd', type: 'time' }, { key: 'note', type: 'text' }];
    const { errors, values } = unreadTimes(null, fields, { a: ' 9:05 ', b: '14：30', c: '00:004:30', d: '', note: '9点' });
    expect(values).toEqual({ a: '09:05', b: '14:30', c: '00:004:30', d: '', note: '9点' });
    expect(errors).toEqual({ c: unreadMessage(true, '00:004:30') });
    expect(errors.c).toBe('“00:004:30”不是时间：请按 14:30 的样子填写（24 小时制）。');
  });

  it('selects a picker\'s text when it takes the focus, so typing replaces it', () => {
    const input = field('a', '2026-12-14');
    input.setSelectionRange(0, 0);
    selectOnFocus({ target: input });
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 10]);
  });

  it('reads a typed date as the pickers keep it, and nothing else as one', () => {
    expect(readDate(' 2026-12-5 ')).toBe('2026-12-05');
    expect(readDate('2026-12-20')).toBe('2026-12-20');
    for (const text of ['2026-02-30', '2026-13-01', '2026-12-142026-12-20', '12/20/2026', '2026年12月20日', '', null]) expect(readDate(text)).toBeNull();
  });

  it('takes a date typed into a picker when the field is left, and leaves anything else alone', () => {
    const set = [];
    const left = (text, current) => takeTypedDate({ value: '', e: { target: Object.assign(document.createElement('input'), { value: text }) } }, current, (d) => set.push(d));
    left('2026-12-20', '2026-12-14');
    left('2026-12-14', '2026-12-14');
    left('2026-12-2x', '2026-12-14');
    expect(set).toEqual(['2026-12-20']);
  });

  it('reads a typed time as the time pickers keep it, and nothing else as one', () => {
    expect(readTime(' 09:00 ')).toBe('09:00');
    expect(readTime('9:05')).toBe('09:05');
    expect(readTime('14：30')).toBe('14:30');
    expect(readTime('23:59')).toBe('23:59');
    for (const text of ['24:00', '12:60', '9点', '0900', '00:001:45', '9:5', '', null]) expect(readTime(text)).toBeNull();
  });

  it('takes a date typed into either end of a range when the field is left, in order, and names text it cannot read', () => {
    const set = [];
    const left = (partial, text, current = ['2026-01-01', '2026-12-07']) =>
      takeTypedRange({ partial, e: { target: Object.assign(document.createElement('input'), { value: text }) } }, current, (r) => set.push(r));
    expect(left('start', '2026-3-1')).toBe('');
    expect(left('end', '2026-06-30')).toBe('');
    expect(left('end', '2025-12-31')).toBe('');
    expect(left('start', '2026-01-01')).toBe('');
    expect(left('start', '2026-1-1')).toBe('');
    expect(left('start', ' ')).toBe('');
    expect(left('end', '2026-12-3x')).toBe('2026-12-3x');
    expect(set).toEqual([['2026-03-01', '2026-12-07'], ['2026-01-01', '2026-06-30'], ['2025-12-31', '2026-01-01']]);
  });
});
