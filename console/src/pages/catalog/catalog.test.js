import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/catalog';
import * as places from '@/api/places';
import { ApiError } from '@/api/request';
import CatalogPage from './index.vue';
import { citiesOf, editsCatalogs } from './catalog-fields';
import { $, $$, cleanup, click, mountPage, type } from '@/test/helpers';
import { loginAs } from '@/test/session';

vi.mock('@/api/catalog', () => ({ allCategories: vi.fn(), saveCategory: vi.fn(), allCriteria: vi.fn(), saveCriterion: vi.fn() }));
vi.mock('@/api/places', () => ({ regions: vi.fn() }));

const CITY = [{ role: 'region_admin', regionId: 1, regionCode: '320800', regionName: '淮安市', regionLevel: 1 }];
const COUNTY = [{ role: 'region_admin', regionId: 2, regionCode: '320812', regionName: '清江浦区', regionLevel: 2 }];
const TWO_CITIES = [...CITY, { role: 'region_admin', regionId: 9, regionCode: '320100', regionName: '南京市', regionLevel: 1 }];
const BOTH = [{ id: 1, code: '320800', name: '淮安市', level: 1 }, { id: 9, code: '320100', name: '南京市', level: 1 }];
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

  it('says that every city of the installation shares the categories, where there are several', async () => {
    loginAs(CITY);
    places.regions.mockResolvedValue(BOTH);
    ({ wrapper } = await mountPage(CatalogPage));
    const notice = $('[data-test="catalog-shared"]').textContent;
    expect(notice).toContain('2 个市');
    expect(notice).toContain('淮安市、南京市');
    expect(notice).toContain('共用这些议题类别');
    expect(notice).toContain('其他市也随之改变');
    expect($('[data-test="tab-criterion"] [data-test="catalog-shared"]'), 'not said of the criteria: they are each city\'s').toBeNull();
  });

  it('shows the criteria of the person\'s city, and says whether it still uses the defaults', async () => {
    loginAs(CITY);
    ({ wrapper } = await mountPage(CatalogPage));
    expect(api.allCriteria).toHaveBeenCalledWith(1);
    expect($('[data-test="criteria-city"]'), 'one city: nothing to choose').toBeNull();
    expect($('[data-test="criteria-note"]').textContent).toContain('淮安市沿用系统默认的五议五不议');
    cleanup(wrapper);
    api.allCriteria.mockResolvedValue(CRITERIA.map((c) => ({ ...c, cityId: 1 })));
    ({ wrapper } = await mountPage(CatalogPage));
    expect($('[data-test="criteria-note"]').textContent).toContain('这是淮安市自己的一套审题标准');
  });

  it('lets an admin of two cities choose whose criteria to see and change', async () => {
    loginAs(TWO_CITIES);
    places.regions.mockResolvedValue(BOTH);
    api.saveCriterion.mockResolvedValue({ ...CRITERIA[1], cityId: 9 });
    ({ wrapper } = await mountPage(CatalogPage));
    expect(api.allCriteria).toHaveBeenLastCalledWith(1);
    await click('[data-test="criteria-city-3201"]');
    expect(api.allCriteria).toHaveBeenLastCalledWith(9);
    expect($('[data-test="criteria-note"]').textContent).toContain('南京市');
    await click('[data-test="criterion-edit-6"]');
    await click('[data-test="catalog-dialog"] [data-test="dialog-submit"]');
    expect(api.saveCriterion).toHaveBeenCalledWith(6, expect.objectContaining({ title: '违反法律法规和政策', cityId: 9 }));
  });

  it('reads the criteria again when the city got its own set while the page was open', async () => {
    loginAs(CITY);
    api.saveCriterion.mockRejectedValueOnce(new ApiError({ status: 409, code: 'criterion_not_in_city', message: '这一条是默认标准，本市已有自己的一套审题标准：请刷新后在本市的标准中修改。', fieldErrors: {} }));
    ({ wrapper } = await mountPage(CatalogPage));
    expect(api.allCriteria).toHaveBeenCalledTimes(1);
    api.allCriteria.mockResolvedValue(CRITERIA.map((c) => ({ ...c, id: c.id + 100, cityId: 1 })));
    await click('[data-test="criterion-edit-6"]');
    await click('[data-test="catalog-dialog"] [data-test="dialog-submit"]');
    expect($('[data-test="form-error"]').textContent).toContain('本市已有自己的一套');
    expect(api.allCriteria).toHaveBeenCalledTimes(2);
    expect($('[data-test="criterion-edit-106"]'), 'the city\'s own rows, to edit next').not.toBeNull();
    expect($('[data-test="criteria-note"]').textContent).toContain('这是淮安市自己的一套审题标准');
  });

  it('tells an admin of one city, looking at another city they review in, that only that city\'s admin changes its criteria', async () => {
    loginAs([...CITY, { role: 'reviewer', regionId: 9, regionCode: '320100', regionName: '南京市', regionLevel: 1 }]);
    places.regions.mockResolvedValue(BOTH);
    ({ wrapper } = await mountPage(CatalogPage));
    expect($('[data-test="criterion-create"]')).not.toBeNull();
    expect($('[data-test="criteria-note"]').textContent).not.toContain('只有');
    await click('[data-test="criteria-city-3201"]');
    expect($('[data-test="criterion-create"]')).toBeNull();
    expect($$('[data-test^="criterion-edit-"]')).toEqual([]);
    expect($('[data-test="criteria-note"]').textContent).toContain('只有南京市的市级管理员可以修改。');
    expect($('[data-test="category-create"]'), 'the shared categories stay theirs to keep').not.toBeNull();
  });

  it('names the cities of a person\'s grants, with the city each admin grant may save under', () => {
    const grants = [...COUNTY, { role: 'reviewer', regionId: 5, regionCode: '320812001', regionName: '某街道', regionLevel: 3 }, TWO_CITIES[1]];
    expect(citiesOf(grants, BOTH)).toEqual([
      { key: '3208', name: '淮安市', regionId: 1, adminOf: null },
      { key: '3201', name: '南京市', regionId: 9, adminOf: 9 },
    ]);
    expect(citiesOf(COUNTY, []), 'without the list of cities, a region of the city names it').toEqual([{ key: '3208', name: '清江浦区', regionId: 2, adminOf: null }]);
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
    expect(api.saveCriterion).toHaveBeenCalledWith(6, { kind: 'not_deliberate', title: '违反法律法规', description: '不议', sortOrder: 110, isActive: true, cityId: 1 });
  });

  it('shows a county admin the catalogs without the buttons to change them', async () => {
    loginAs(COUNTY);
    ({ wrapper } = await mountPage(CatalogPage));
    expect($('[data-test="catalog-readonly"]').textContent).toContain('只有市级区域管理员可以修改');
    expect($('[data-test="category-create"]')).toBeNull();
    expect($$('[data-test^="category-edit-"]')).toEqual([]);
    expect($('[data-test="criterion-create"]')).toBeNull();
    expect($$('[data-test^="criterion-edit-"]')).toEqual([]);
    expect(api.allCriteria, 'the criteria of the county\'s city, named by the county').toHaveBeenCalledWith(2);
    expect(editsCatalogs(CITY)).toBe(true);
    expect(editsCatalogs([{ role: 'reviewer', regionLevel: 1 }])).toBe(false);
  });
});
