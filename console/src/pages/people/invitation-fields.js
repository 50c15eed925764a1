// The invitation form (邀请任职) and how its state reads. Field keys are the API's own.
import { ROLE_NAMES } from '@/store/session';
import { beijingDate } from '@/utils/format';

export const INVITATION_FIELDS = [
  { key: 'role', label: '角色', type: 'choice', required: true, options: Object.entries(ROLE_NAMES).map(([value, label]) => ({ value, label })) },
  { key: 'unit', label: '单位', type: 'text', max: 100, hint: '邀请承办单位时必填，例如：清江浦区住建局。' },
  { key: 'note', label: '备注', type: 'textarea', max: 200, hint: '只有管理员能看到，例如：邀请谁、为什么。' },
  { key: 'expiresOn', label: '有效期至', type: 'date', required: true },
  { key: 'maxAccepts', label: '可接受人数', type: 'number', required: true, min: 1, hint: '默认 1 人；同一岗位多人时可调大。' },
];

export const initialInvitation = () => ({ role: '', unit: '', note: '', expiresOn: beijingDate(7), maxAccepts: 1 });

export function invitationBody(v, regionId) {
  const text = (s) => (typeof s === 'string' && s.trim() ? s.trim() : undefined);
  return { role: v.role || '', regionId, unit: text(v.unit), note: text(v.note), expiresOn: v.expiresOn || undefined, maxAccepts: v.maxAccepts ?? 1 };
}

export const STATUS_TAGS = {
  pending: { label: '待接受', theme: 'primary' },
  accepted: { label: '已接受', theme: 'success' },
  expired: { label: '已过期', theme: 'default' },
  revoked: { label: '已撤销', theme: 'danger' },
};

export const STATUS_OPTIONS = [{ value: '', label: '全部状态' }, ...Object.entries(STATUS_TAGS).map(([value, t]) => ({ value, label: t.label }))];
