// The console session and scan-to-login (扫码登录).
import { apiUrl, get, post } from './request';

/** {user: {id, name}, grants: [{id, role, roleName, regionId, regionName, regionCode, unit}], csrfToken} or 401. */
export const session = () => get('/api/console/session');

export const logout = () => post('/api/console/logout');

/** {simulatedWeChat, demoStaff: [{code, label}]} */
export const consoleConfig = () => get('/api/console/config');

/** A new one-time login ticket: {ticket, scene, expiresAt, codeUrl}; binds it to this browser by a cookie. */
export const createLoginTicket = () => post('/api/console/login-tickets');

/** {status: pending|scanned|confirmed|cancelled|expired}; when confirmed also {csrfToken, user}. */
export const loginTicket = (ticket) => get(`/api/console/login-tickets/${encodeURIComponent(ticket)}`);

/** Simulated WeChat only: confirm the ticket as one of the demo staff. */
export const simulateConfirm = (ticket, code) =>
  post(`/api/console/login-tickets/${encodeURIComponent(ticket)}/simulate-confirm`, { code });

/** Console logins of the people in the admin's subtree, newest first: {items: [{id, userName, at, address, browser}], nextAfter}. */
export const loginRecords = ({ after, limit = 20 } = {}) => get('/api/console/logins', { after, limit });

export const loginTicketCodeUrl = (ticket) => apiUrl(`/api/console/login-tickets/${encodeURIComponent(ticket)}/code`);
