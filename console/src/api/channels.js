// Intake channels (外部渠道): 12345 hotline, CPPCC proposals and others over Open311.
import { get, itemsOf, post } from './request';

/** [{id, regionId, name, kind, kindName, revokedAt, callbackUrl, callbackStatus, createdAt, updatedAt}] */
export const channels = async () => itemsOf(await get('/api/channels'));

/** → {channel, credential, signingSecret}: the secrets are in this answer only. */
export const createChannel = (body) => post('/api/channels', body);

export const rotateChannel = (id) => post(`/api/channels/${id}/rotate`);

export const revokeChannel = (id) => post(`/api/channels/${id}/revoke`);

/** {items: [{at, topicReceiptNo, status, httpStatus, attempts}]} */
export const deliveries = async (id, limit = 20) => itemsOf(await get(`/api/channels/${id}/deliveries`, { limit }));
