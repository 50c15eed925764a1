// The intake channel form and how a channel's state reads.
export const KINDS = [
  { value: 'hotline_12345', label: '12345热线' },
  { value: 'cppcc_proposal', label: '政协委员提案' },
  { value: 'other', label: '其他渠道' },
];

/** The fields; a choice of city only for an admin of several cities (the API asks for it then). */
export function channelFields(cities) {
  const fields = [
    { key: 'name', label: '渠道名称', type: 'text', required: true, max: 100, hint: '例如：淮安市12345热线。' },
    { key: 'kind', label: '渠道类型', type: 'choice', required: true, options: KINDS },
  ];
  if (cities.length > 1) {
    fields.push({ key: 'regionId', label: '所属城市', type: 'choice', required: true, options: cities.map((c) => ({ value: c.id, label: c.name })) });
  }
  return fields;
}

export const channelBody = (v) => ({ name: v.name || '', kind: v.kind || '', regionId: v.regionId || undefined });

// Delivery outcomes as the outbox records them; an unknown one is shown as the API wrote it.
const DELIVERY_NAMES = { sent: '成功', delivered: '成功', ok: '成功', retry: '重试中', pending: '等待发送', failed: '失败', dropped: '失败（不再重试）' };
export const deliveryName = (status) => DELIVERY_NAMES[status] || status || '—';

/** "2026-12-05 10:00 成功" / "…，连续失败 3 次" / "尚未回调" */
export function callbackText(status, dateTime) {
  if (!status || !status.lastDeliveryAt) return '尚未回调';
  const last = `${dateTime(status.lastDeliveryAt)} ${deliveryName(status.lastStatus)}`;
  return status.failuresInRow > 0 ? `${last}，连续失败 ${status.failuresInRow} 次` : last;
}
