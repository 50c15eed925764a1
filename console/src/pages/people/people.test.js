import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/people';
import PeoplePage from './index.vue';
import { $, $$, cleanup, click, mountPage } from '@/test/helpers';
import { CITY_ADMIN, loginAs } from '@/test/session';
import { invitationBody } from './invitation-fields';

vi.mock('@/api/places', () => ({ regions: vi.fn().mockResolvedValue([]) }));
vi.mock('@/api/people', () => ({ grants: vi.fn(), revokeGrant: vi.fn(), invitations: vi.fn(), createInvitation: vi.fn(), revokeInvitation: vi.fn() }));

const GRANTS = [
  { id: 5, userId: 42, userName: '张审题', role: 'reviewer', roleName: '审题人', regionId: 1, regionName: '淮安市', unit: null, createdAt: '2026-09-01T02:00:00Z' },
  { id: 6, userId: 43, userName: null, role: 'implementer', roleName: '承办单位', regionId: 2, regionName: '清江浦区', unit: '清江浦区住建局', createdAt: '2026-09-02T02:00:00Z' },
];
const INVITATION = {
  id: 9, role: 'reviewer', roleName: '审题人', regionId: 1, regionName: '淮安市', unit: null, note: '给张三', expiresOn: '2026-12-12', maxAccepts: 1,
  accepted: [], status: 'pending', scene: 'IABCDEFGHJKMNPQR', codeUrl: '/api/invitations/9/code', text: '邀请你担任 淮安市 的 审题人', createdAt: '2026-12-05T02:00:00Z',
};

let wrapper;
beforeEach(() => {
  loginAs(CITY_ADMIN);
  api.grants.mockResolvedValue(GRANTS);
  api.invitations.mockResolvedValue([INVITATION, { ...INVITATION, id: 10, status: 'accepted', accepted: [{ userName: '李四', at: '2026-12-06T01:00:00Z' }] }]);
});
afterEach(() => cleanup(wrapper));

async function openInvitations() {
  await click('[data-test="tab-invitations"]');
}

describe('the people page', () => {
  it('lists grants by the holder\'s name and role, never by user id', async () => {
    ({ wrapper } = await mountPage(PeoplePage));
    expect(api.grants).toHaveBeenCalledWith(1);
    const text = $('[data-test="grant-table"]').textContent;
    expect(text).toContain('张审题');
    expect(text).toContain('审题人');
    expect(text).toContain('未填写姓名');
    expect(text).toContain('清江浦区住建局');
    expect(text).not.toContain('42');
  });

  it('revokes a grant after asking', async () => {
    api.revokeGrant.mockResolvedValue(null);
    ({ wrapper } = await mountPage(PeoplePage));
    await click('[data-test="grant-revoke-5"]');
    expect($('[data-test="confirm-dialog"]').textContent).toContain('张审题');
    await click('[data-test="confirm-ok"]');
    expect(api.revokeGrant).toHaveBeenCalledWith(5);
    expect(api.grants).toHaveBeenCalledTimes(2);
  });

  it('offers no 撤销 on the admin\'s own admin grant, which the API would refuse, and says why', async () => {
    api.grants.mockResolvedValue([...GRANTS, { ...GRANTS[0], id: 7, userId: 1, userName: '王市管', role: 'region_admin', roleName: '区域管理员', canRevoke: false }]);
    ({ wrapper } = await mountPage(PeoplePage));
    expect($('[data-test="grant-revoke-7"]')).toBeNull();
    expect($('[data-test="grant-own-7"]').textContent).toContain('本人任职');
    expect($('[data-test="grant-revoke-5"]')).not.toBeNull();
  });

  it('lists invitations with their status and who accepted', async () => {
    ({ wrapper } = await mountPage(PeoplePage));
    await openInvitations();
    expect(api.invitations).toHaveBeenCalledWith(expect.objectContaining({ regionId: 1, status: '' }));
    expect($('[data-test="invitation-status-9"]').textContent).toBe('待接受');
    expect($('[data-test="invitation-status-10"]').textContent).toBe('已接受');
    expect($('[data-test="invitation-table"]').textContent).toContain('李四');
    expect($('[data-test="invitation-revoke-9"]')).not.toBeNull();
    expect($('[data-test="invitation-revoke-10"]')).toBeNull();
  });

  it('creates an invitation and shows its code and text to print', async () => {
    api.createInvitation.mockResolvedValue({ ...INVITATION, id: 11 });
    ({ wrapper } = await mountPage(PeoplePage));
    await openInvitations();
    await click('[data-test="invitation-create"]');
    expect($('[data-test="invitation-dialog"]').textContent).toContain('淮安市');
    await click('[data-test="option-role-reviewer"]');
    await click('[data-test="invitation-dialog"] [data-test="dialog-submit"]');

    expect(api.createInvitation).toHaveBeenCalledWith(expect.objectContaining({ role: 'reviewer', regionId: 1, maxAccepts: 1 }));
    expect($('[data-test="invitation-code"]').getAttribute('src')).toBe('/api/invitations/9/code');
    expect($('[data-test="invitation-text"]').textContent).toBe('邀请你担任 淮安市 的 审题人');
  });

  it('shows an accepted invitation as accepted, by whom and when, not its code and its "请于…前…接受"', async () => {
    ({ wrapper } = await mountPage(PeoplePage));
    await openInvitations();
    await click('[data-test="invitation-show-10"]');
    const sheet = $('[data-test="invitation-used"]');
    expect(sheet.textContent).toContain('已被接受');
    expect($('[data-test="invitation-accepted"]').textContent).toContain('李四');
    expect($('[data-test="invitation-accepted"]').textContent).toMatch(/2026-12-06 \d\d:\d\d/);
    for (const gone of ['invitation-code', 'invitation-text', 'invitation-print', 'invitation-copy']) expect($(`[data-test="${gone}"]`)).toBeNull();
  });

  it('revokes a pending invitation', async () => {
    api.revokeInvitation.mockResolvedValue({ ...INVITATION, status: 'revoked' });
    ({ wrapper } = await mountPage(PeoplePage));
    await openInvitations();
    await click('[data-test="invitation-revoke-9"]');
    await click($$('[data-test="confirm-ok"]').at(-1));
    expect(api.revokeInvitation).toHaveBeenCalledWith(9);
  });

  it('sends only what was filled in', () => {
    expect(invitationBody({ role: 'implementer', unit: ' 区住建局 ', note: '', expiresOn: '2026-12-12', maxAccepts: 2 }, 3))
      .toEqual({ role: 'implementer', regionId: 3, unit: '区住建局', note: undefined, expiresOn: '2026-12-12', maxAccepts: 2 });
  });
});
