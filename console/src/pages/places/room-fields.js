// The room form (议事室). Field keys are the API's own, so its field errors land beside them.
export const ROOM_FIELDS = [
  { key: 'name', label: '议事室名称', type: 'text', required: true, max: 100 },
  { key: 'address', label: '地址', type: 'text', required: true, max: 200, hint: '居民据此找到议事室，会印在二维码下方。' },
  { key: 'contactName', label: '联系人', type: 'text', max: 50 },
  { key: 'contactPhone', label: '联系电话', type: 'text', max: 20 },
];

/** What the API takes for a room from the form's values. */
export function roomBody(v, extra = {}) {
  const text = (s) => (typeof s === 'string' && s.trim() ? s.trim() : null);
  return { name: v.name || '', address: v.address || '', contactName: text(v.contactName), contactPhone: text(v.contactPhone), ...extra };
}
