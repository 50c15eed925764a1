import { afterEach, describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import FormFields from './FormFields.vue';

afterEach(() => { document.body.innerHTML = ''; });

describe('FormFields', () => {
  it('names every input by its label, and every group of inputs too', async () => {
    const fields = [
      { key: 'name', label: '名称', type: 'text' },
      { key: 'note', label: '备注', type: 'textarea' },
      { key: 'count', label: '人数', type: 'number' },
      { key: 'day', label: '日期', type: 'date' },
      { key: 'at', label: '时间', type: 'time' },
      { key: 'unit', label: '单位', type: 'choice', options: Array.from({ length: 8 }, (_, i) => ({ value: `u${i}`, label: `单位${i}` })) },
      { key: 'role', label: '角色', type: 'choice', options: [{ value: 'a', label: '甲' }, { value: 'b', label: '乙' }] },
      { key: 'tags', label: '标签', type: 'multi', options: [{ value: 'x', label: '某' }] },
      { key: 'rows', label: '参会人', type: 'rows', columns: [{ key: 'name', label: '姓名' }] },
    ];
    mount(FormFields, { attachTo: document.body, props: { fields, modelValue: { rows: [] }, idPrefix: 'demo' } });
    await flushPromises();

    for (const key of ['name', 'note', 'count', 'day', 'at', 'unit']) {
      const label = document.getElementById(`demo-${key}-label`);
      const input = document.getElementById(label.htmlFor);
      expect([key, input?.tagName]).toEqual([key, key === 'note' ? 'TEXTAREA' : 'INPUT']);
      expect(label.closest('[data-field]').contains(input)).toBe(true);
    }
    for (const key of ['role', 'tags', 'rows']) {
      const group = document.querySelector(`[aria-labelledby="demo-${key}-label"]`);
      expect([key, group?.getAttribute('role')]).toEqual([key, key === 'role' ? 'radiogroup' : 'group']);
      expect(document.getElementById(`demo-${key}-label`).htmlFor).toBe('');
    }
  });

  it('shows a time as typed and writes it HH:mm on leaving the field; takes a date typed into its picker on Enter', async () => {
    const fields = [{ key: 'at', label: '开始时间', type: 'time' }, { key: 'day', label: '会议日期', type: 'date' }];
    const values = reactive({ at: '', day: '2026-12-14' });
    const wrapper = mount(FormFields, { attachTo: document.body, props: { fields, modelValue: values, 'onUpdate:modelValue': () => {} } });
    await flushPromises();
    const input = (key) => document.querySelector(`[data-field="${key}"] input`);
    const typeThen = async (key, text, how) => {
      input(key).focus();
      input(key).value = text;
      input(key).dispatchEvent(new Event('input', { bubbles: true }));
      if (how === 'enter') input(key).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }));
      else input(key).blur();
      await flushPromises();
    };

    await typeThen('at', '09:00', 'enter');
    expect(values.at).toBe('09:00');
    await typeThen('at', '9:30', 'leave');
    expect(values.at).toBe('09:30');
    // Typed over a time already there, the field holds exactly what was typed (the picker it replaced rewrote it).
    await typeThen('at', '14:3', 'leave');
    expect(values.at).toBe('14:3');
    expect(input('at').value).toBe('14:3');
    await typeThen('day', '2026-12-5', 'enter');
    expect(values.day).toBe('2026-12-05');
    expect(document.querySelector('[data-field="day"] .t-date-picker').dataset.value).toBe('2026-12-05');
    wrapper.unmount();
  });
});
