import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/imports';
import { ApiError } from '@/api/request';
import ImportPage from './index.vue';
import { summaryText } from './summary';
import { $, cleanup, click, flushPromises, mountPage } from '@/test/helpers';

vi.mock('@/api/imports', () => ({ previewImport: vi.fn(), importRooms: vi.fn(), templateUrl: '/api/import/rooms/template.csv' }));

const PREVIEW = {
  regionsCreated: 1, regionsUpdated: 0, regionsUnchanged: 3, roomsCreated: 2, roomsUpdated: 1, roomsUnchanged: 0,
  changes: [
    { line: 2, kind: 'region', action: 'create', code: '320803001', name: '新街道' },
    { line: 3, kind: 'room', action: 'update', name: '柳树湾议事室', differences: [
      { field: 'address', label: '地址', from: '柳树湾路 1 号', to: '柳树湾路 9 号' },
      { field: 'contact_name', label: '联系人', from: '王芳', to: null },
    ] },
    { line: 4, kind: 'region', action: 'unchanged', code: '320800', name: '淮安市' },
  ],
};

let wrapper;
afterEach(() => cleanup(wrapper));

async function chooseFile() {
  const input = $('[data-test="import-file"]');
  Object.defineProperty(input, 'files', { value: [new File(['city_code\n'], 'rooms.csv', { type: 'text/csv' })], configurable: true });
  input.dispatchEvent(new Event('change'));
  await flushPromises();
}

describe('the import page', () => {
  it('offers the template for download', async () => {
    ({ wrapper } = await mountPage(ImportPage));
    expect($('[data-test="import-template"]').getAttribute('href')).toBe('/api/import/rooms/template.csv');
  });

  it('previews what a file would change before importing it, then imports it', async () => {
    api.previewImport.mockResolvedValue(PREVIEW);
    api.importRooms.mockImplementation(async (file, onProgress) => {
      onProgress(50);
      return { regionsCreated: 1, regionsRenamed: 0, roomsCreated: 2, roomsUpdated: 1, roomsUnchanged: 0 };
    });
    ({ wrapper } = await mountPage(ImportPage));
    await chooseFile();

    expect(api.previewImport).toHaveBeenCalledWith(expect.any(File), expect.any(Function));
    expect(api.importRooms).not.toHaveBeenCalled();
    expect($('[data-test="import-count-regions"]').textContent).toMatch(/新增\s*1.*变更\s*0.*不变\s*3/);
    expect($('[data-test="import-count-rooms"]').textContent).toMatch(/新增\s*2.*变更\s*1/);
    const changes = $('[data-test="import-changes"]').textContent;
    expect(changes).toContain('新街道');
    expect(changes).toContain('柳树湾议事室');
    expect(changes).not.toContain('淮安市'); // unchanged rows hidden by default
    expect(changes).toContain('地址：柳树湾路 1 号 → 柳树湾路 9 号；联系人：王芳 → （空）');

    await click('[data-test="import-confirm"]');
    expect(api.importRooms).toHaveBeenCalledTimes(1);
    expect($('[data-test="import-summary"]').textContent).toContain('导入完成');
  });

  it('lists every bad row with its line, column and message, and offers no import', async () => {
    api.previewImport.mockRejectedValue(new ApiError({
      status: 400, code: 'import_rows_invalid', message: '文件中有 2 处错误，整份文件未导入。请修改后重新上传。',
      rowErrors: [{ line: 3, column: 'room_name', columnName: '议事室名称', message: '议事室名称不能超过 100 个字。' }, { line: 7, column: 'county_code', columnName: '县区代码', message: '县区代码须为 6 位数字。' }, { line: 1, column: '文件', columnName: '文件', message: '文件不是 UTF-8 编码。' }],
    }));
    ({ wrapper } = await mountPage(ImportPage));
    await chooseFile();

    expect($('[data-test="import-error"]').textContent).toContain('整份文件未导入');
    const rows = [...document.querySelectorAll('[data-test="import-row-errors"] tbody tr')].map((tr) => tr.textContent);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('3');
    expect(rows[0]).toContain('议事室名称（room_name）');
    expect(rows[2]).toContain('文件');
    expect(rows[2]).not.toContain('（');
    expect(rows[1]).toContain('县区代码须为 6 位数字。');
    expect($('[data-test="import-confirm"]')).toBeNull();
  });

  it('says in one line what an import did', () => {
    expect(summaryText({ regionsCreated: 1, regionsRenamed: 2, roomsCreated: 3, roomsUpdated: 0, roomsUnchanged: 4 }))
      .toBe('新增区域 1 个、变更 2 个；新增议事室 3 个、变更 0 个、不变 4 个');
  });
});
