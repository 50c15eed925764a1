import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/catalog';
import * as places from '@/api/places';
import { ApiError } from '@/api/request';
import CatalogPage from './index.vue';
import { editsCatalogs } from './catalog-fields';
import { $, $$, cleanup, click, mountPage, type } from '@/test/helpers';
import { loginAs } from '@/test/session';

vi.mock('@/api/catalog', () => ({ allCategories: vi.fn(), saveCategory: vi.fn(), allCriteria: vi.fn(), saveCriterion: vi.fn() }));
vi.mock('@/api/places', () => ({ regions: vi.fn() }));

const CITY = [{ role: 'region_admin', regionId: 1, regionName: '淮安市', regionLevel: 1 }];
const COUNTY = [{ role: 'region_admin', regionId: 2, regionName: '清江浦区', regionLevel: 2 }];
const CATEGORIES = [{ id: 1, name: '道路交通', sortOrder: 10, isActive: true }, { id: 2, name: '旧类别', sortOrder: 20, isActive: false }];
const CRITERIA = [
  { id: 1, kind: 'deliberate', kindName: '五议', title: '公共事务和公益事业', description: '公共设施建设', sortOrder: 20, isActive: true },
  { id: 6, kind: 'not_deliberate', kindName: '五不议', title: '违反法律法规和政策', description: '不议', sortOrder: 110, isActive: true },
];

let wrapper;
beforeEach(() => {
  places.regions.mockResolvedValue([{ id: 1, code: '320800', name: '淮安市', level: 1 }]);
  api.allCategories.mockResolvedValue(CATEGORIES);
  api.allCriteria.mockResolvedValue(CRITERIA);
});
afterEach(() => cleanup(wrapper));

describe('the catalogs page', () => {
  it('lists every category, the stopped ones too, and every criterion with its kind', async () => {
    loginAs(CITY);
    ({ wrapper } = await mountPage(CatalogPage));
    const categories = $('[data-test="category-table"]').textContent;
    expect(categories).toContain('道路交通');
    expect(categories).toContain('旧类别');
    expect(categories).toContain('停用');
    expect($('[data-test="criterion-table"]').textContent).toContain('违反法律法规和政策');
    expect($('[data-test="catalog-readonly"]')).toBeNull();
    expect($('[data-test="catalog-shared"]'), 'one city: nobody else shares them').toBeNull();
  });

  it('says that every city of the installation shares the catalogs, where there are several', async () => {
    loginAs(CITY);
    places.regions.mockResolvedValue([{ id: 1, code: '320800', name: '淮安市', level: 1 }, { id: 9, code: '320100', name: '南京市', level: 1 }]);
    ({ wrapper } = await mountPage(CatalogPage));
    const notice = $('[data-test="catalog-shared"]').textContent;
    expect(notice).toContain('2 个市');
    expect(notice).toContain('淮安市、南京市');
    expect(notice).toContain('其他市也随之改变');
  });

  it('adds a category after the last one, and shows the API\'s field error under its field', async () => {
    loginAs(CITY);
    api.saveCategory.mockRejectedValueOnce(new ApiError({ status: 409, code: 'name_taken', message: '已有同名的类别。', fieldErrors: {} }));
    api.saveCategory.mockResolvedValueOnce({ id: 3, name: '养老助餐', sortOrder: 30, isActive: true });
    ({ wrapper } = await mountPage(CatalogPage));
    await click('[data-test="category-create"]');
    await type('name', ' 养老助餐 ');
    await click('[data-test="catalog-dialog"] [data-test="dialog-submit"]');
    expect($('[data-test="form-error"]').textContent).toContain('已有同名的类别。');
    await click('[data-test="catalog-dialog"] [data-test="dialog-submit"]');
    expect(api.saveCategory).toHaveBeenLastCalledWith(null, { name: '养老助餐', sortOrder: 30, isActive: true });
    expect(api.allCategories).toHaveBeenCalledTimes(2);
  });

  it('edits a criterion in place, a stopped one kept as it was', async () => {
    loginAs(CITY);
    api.saveCriterion.mockResolvedValue({ ...CRITERIA[1], title: '违反法律法规' });
    ({ wrapper } = await mountPage(CatalogPage));
    await click('[data-test="criterion-edit-6"]');
    await type('title', '违反法律法规');
    await click('[data-test="catalog-dialog"] [data-test="dialog-submit"]');
    expect(api.saveCriterion).toHaveBeenCalledWith(6, { kind: 'not_deliberate', title: '违反法律法规', description: '不议', sortOrder: 110, isActive: true });
  });

  it('shows a county admin the catalogs without the buttons to change them', async () => {
    loginAs(COUNTY);
    ({ wrapper } = await mountPage(CatalogPage));
    expect($('[data-test="catalog-readonly"]').textContent).toContain('只有市级区域管理员可以修改');
    expect($('[data-test="category-create"]')).toBeNull();
    expect($$('[data-test^="category-edit-"]')).toEqual([]);
    expect(editsCatalogs(CITY)).toBe(true);
    expect(editsCatalogs([{ role: 'reviewer', regionLevel: 1 }])).toBe(false);
  });
});
