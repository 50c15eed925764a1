// The forms of the catalogs page. Field keys are the API's own, so its field errors land beside them.
const ACTIVE = { key: 'isActive', label: '状态', type: 'choice', required: true, options: [{ value: true, label: '启用' }, { value: false, label: '停用' }],
  hint: '停用后不再供选择；已经用它的议题照常显示。' };
const SORT = { key: 'sortOrder', label: '排序', type: 'number', min: 0, maxValue: 100000, hint: '数字小的排在前面。' };

export const CATEGORY_FIELDS = [
  { key: 'name', label: '类别名称', type: 'text', required: true, max: 30, hint: '居民提问题时从中选择，例如：道路交通、环境卫生。' },
  SORT,
  ACTIVE,
];

export const KINDS = [
  { value: 'deliberate', label: '五议（应当协商的事项）' },
  { value: 'not_deliberate', label: '五不议（不予受理时引用）' },
];

export const CRITERION_FIELDS = [
  { key: 'kind', label: '类型', type: 'choice', required: true, options: KINDS },
  { key: 'title', label: '标准名称', type: 'text', required: true, max: 60 },
  { key: 'description', label: '标准说明', type: 'textarea', required: true, max: 300, hint: '审核人员审题时看到的说明。' },
  SORT,
  ACTIVE,
];

/** A form's starting values: the row being edited, or a new one placed after the last. */
export function initialOf(row, rows, extra = {}) {
  if (row) return { ...row };
  const last = Math.max(0, ...rows.map((r) => r.sortOrder || 0));
  return { sortOrder: last + 10, isActive: true, ...extra };
}

const text = (s) => (typeof s === 'string' ? s.trim() : '');
export const categoryBody = (v) => ({ name: text(v.name), sortOrder: v.sortOrder ?? 0, isActive: v.isActive !== false });
export const criterionBody = (v) => ({ kind: v.kind || '', title: text(v.title), description: text(v.description), sortOrder: v.sortOrder ?? 0, isActive: v.isActive !== false });

/** Only an admin of a city edits the categories (they serve every room); others see them. */
export const editsCatalogs = (grants) => (grants || []).some((g) => g.role === 'region_admin' && g.regionLevel === 1);

const prefix = (code) => String(code || '').slice(0, 4);

/**
 * The cities the person works in, by their grants: [{key, name, regionId, adminOf}]. A region's code starts with its
 * city's first four digits. regionId names the city to the API (the city's id, or a region in it when the list of
 * cities is missing); adminOf is the city's id where the person is its admin, to save its criteria under.
 */
export function citiesOf(grants, cities) {
  const found = new Map();
  (grants || []).forEach((g) => {
    const key = prefix(g.regionCode);
    const entry = found.get(key) || { key, name: g.regionName, regionId: g.regionId, adminOf: null };
    // An admin grant of a city is on the city itself: its name and id.
    if (g.role === 'region_admin' && g.regionLevel === 1) Object.assign(entry, { name: g.regionName, regionId: g.regionId, adminOf: g.regionId });
    found.set(key, entry);
  });
  // The installation's list of cities, when it came, names each city.
  found.forEach((entry) => {
    const known = (cities || []).find((c) => prefix(c.code) === entry.key);
    if (known) Object.assign(entry, { name: known.name, regionId: known.id });
  });
  return [...found.values()];
}
