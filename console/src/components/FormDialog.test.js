import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import FormDialog from './FormDialog.vue';
import { ApiError } from '@/api/request';
import { $, click, type } from '@/test/helpers';

const fields = [
  { key: 'name', label: '名称', type: 'text', required: true },
  { key: 'participants', label: '参会人', type: 'rows', columns: [{ key: 'name', label: '姓名' }] },
];

function mountDialog(submit) {
  return mount(FormDialog, {
    attachTo: document.body,
    props: { title: '新建', fields, initial: { name: '旧名' }, submit, visible: true, dataTest: 'demo' },
  });
}

/** The accept form's one date field, its suggested date filled in; answers the submit mock. */
async function mountDateDialog() {
  const submit = vi.fn().mockResolvedValue({});
  mount(FormDialog, {
    attachTo: document.body,
    props: { title: '通过审核', fields: [{ key: 'ends', label: '公开听取意见到', type: 'date', required: true }], initial: { ends: '2026-12-14' }, submit, visible: true, dataTest: 'demo' },
  });
  await flushPromises();
  return submit;
}

afterEach(() => { document.body.innerHTML = ''; });

describe('FormDialog', () => {
  it('sends what was typed and reports the API result', async () => {
    const submit = vi.fn().mockResolvedValue({ id: 7 });
    const wrapper = mountDialog(submit);
    await flushPromises();
    expect($('[data-test="field-name"] input').value).toBe('旧名');
    await type('name', '长西议事室');
    await click('[data-test="dialog-submit"]');
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ name: '长西议事室' }));
    expect(wrapper.emitted('done')[0]).toEqual([{ id: 7 }]);
  });

  it('shows the API field errors under their fields and the detail at the top', async () => {
    const submit = vi.fn().mockRejectedValue(new ApiError({
      status: 400, code: 'validation_failed', message: '提交的内容有误，请按提示修改。',
      fieldErrors: { name: '名称不能为空。', 'participants[1].name': '请填写姓名。', other: '别的问题。' },
    }));
    const wrapper = mountDialog(submit);
    await flushPromises();
    await click('[data-test="dialog-submit"]');
    expect($('[data-test="field-error-name"]').textContent).toBe('名称不能为空。');
    expect($('[data-test="field-error-participants"]').textContent).toBe('第 2 项：请填写姓名。');
    expect($('[data-test="form-error"]').textContent).toContain('提交的内容有误');
    expect($('[data-test="form-error"]').textContent).toContain('别的问题。');
    expect(wrapper.emitted('done')).toBeUndefined();
  });

  it('adds and removes rows of a rows field', async () => {
    mountDialog(vi.fn());
    await flushPromises();
    await click('[data-test="field-participants"] [data-test="row-add"]');
    await click('[data-test="field-participants"] [data-test="row-add"]');
    expect(document.querySelectorAll('[data-test="field-participants"] .row-editor-row')).toHaveLength(2);
  });

  it('refuses to send a date the picker did not take, saying what was typed, and sends nothing', async () => {
    const submit = await mountDateDialog();
    const input = $('[data-test="field-ends"] input');
    expect(input.value).toBe('2026-12-14');
    await type('ends', '2026-12-142026-12-20');
    await click('[data-test="dialog-submit"]');

    expect(submit).not.toHaveBeenCalled();
    expect($('[data-test="field-error-ends"]').textContent).toBe('“2026-12-142026-12-20”不是日期：请按 2026-12-20 的样子填写，或点右边的日历选一天。');
    expect(document.activeElement).toBe(input);
  });

  it('sends a date typed into its picker once the field is left, as a click on the button leaves it', async () => {
    const submit = await mountDateDialog();
    await type('ends', '2026-12-20');
    await click('[data-test="dialog-submit"]');
    expect(submit).toHaveBeenCalledWith({ ends: '2026-12-20' });
  });

  it('sends a time typed into its picker when Enter is pressed in it', async () => {
    const submit = vi.fn().mockResolvedValue({});
    mount(FormDialog, {
      attachTo: document.body,
      props: { title: '安排协商会议', fields: [{ key: 'startsAtTime', label: '开始时间', type: 'time', required: true }], initial: {}, submit, visible: true, dataTest: 'demo' },
    });
    await flushPromises();
    const input = $('[data-test="field-startsAtTime"] input');
    input.focus();
    input.value = '09:00';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // Enter in a form's input: the keydown, then the browser's implicit submission by the form's hidden button.
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }));
    input.form.requestSubmit();
    await flushPromises();

    expect($('[data-test="field-error-startsAtTime"]')).toBeNull();
    expect(submit).toHaveBeenCalledWith({ startsAtTime: '09:00' });
  });

  it('refuses a time that is no time under its field, and sends a corrected one as HH:mm', async () => {
    const submit = vi.fn().mockResolvedValue({});
    mount(FormDialog, {
      attachTo: document.body,
      props: { title: '安排协商会议', fields: [{ key: 'startsAtTime', label: '开始时间', type: 'time', required: true }], initial: { startsAtTime: '09:00' }, submit, visible: true, dataTest: 'demo' },
    });
    await flushPromises();
    const input = $('[data-test="field-startsAtTime"] input');
    const typeAndSend = async (text) => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.form.requestSubmit();
      await flushPromises();
    };

    await typeAndSend('9点半');
    expect($('[data-test="field-error-startsAtTime"]').textContent).toContain('“9点半”不是时间：请按 14:30 的样子填写');
    expect(submit).not.toHaveBeenCalled();
    await typeAndSend('9:30');
    expect(submit).toHaveBeenCalledWith({ startsAtTime: '09:30' });
  });
});
