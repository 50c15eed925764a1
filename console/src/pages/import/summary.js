// An import's (or its preview's) counts as the page shows them. The real import answers
// regionsRenamed where the preview answers regionsUpdated; both mean "changed".
export function importCounts(result) {
  const r = result || {};
  const n = (v) => (typeof v === 'number' ? v : null);
  return [
    { key: 'regions', title: '区域', created: n(r.regionsCreated), updated: n(r.regionsUpdated ?? r.regionsRenamed), unchanged: n(r.regionsUnchanged) },
    { key: 'rooms', title: '议事室', created: n(r.roomsCreated), updated: n(r.roomsUpdated), unchanged: n(r.roomsUnchanged) },
  ];
}

export const KIND_NAMES = { region: '区域', room: '议事室' };

export const ACTION_TAGS = {
  create: { label: '新增', theme: 'success' },
  update: { label: '变更', theme: 'warning' },
  unchanged: { label: '不变', theme: 'default' },
};

/** "新增区域 2 个、变更 1 个；新增议事室 3 个、变更 0 个、不变 5 个" */
export function summaryText(result) {
  return importCounts(result).map((c) => {
    const parts = [`新增${c.title} ${c.created ?? 0} 个`, `变更 ${c.updated ?? 0} 个`];
    if (c.unchanged !== null) parts.push(`不变 ${c.unchanged} 个`);
    return parts.join('、');
  }).join('；');
}

/** What an update replaces, field by field: "地址：旧址 → 新址；联系人：王芳 → （空）". Empty for a create or an unchanged row. */
export function differencesText(change) {
  const shown = (v) => (v === null || v === undefined || v === '' ? '（空）' : v);
  return ((change && change.differences) || []).map((d) => `${d.label}：${shown(d.from)} → ${shown(d.to)}`).join('；');
}
