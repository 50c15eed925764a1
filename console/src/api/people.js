// Role grants and invitations (邀请任职).
import { apiUrl, del, get, itemsOf, post } from './request';

/** Grants in a region's subtree: [{id, userName, role, roleName, regionId, regionName, unit, createdAt}]. */
export const grants = async (regionId) => itemsOf(await get('/api/grants', { regionId }));

export const revokeGrant = (id) => del(`/api/grants/${id}`);

/** Invitations of a region's subtree, optionally of one status. */
export const invitations = async ({ regionId, status } = {}) => itemsOf(await get('/api/invitations', { regionId, status }));

/** body: {role, regionId, unit?, note?, expiresOn, maxAccepts} → Invitation. */
export const createInvitation = (body) => post('/api/invitations', body);

export const revokeInvitation = (id) => post(`/api/invitations/${id}/revoke`);

export const invitationCodeUrl = (id) => apiUrl(`/api/invitations/${id}/code`);
