// Scan-to-login for the web console (扫码登录): the staff member who scanned the code on the console's
// login page sees which browser asks, then lets it in or refuses. Only people holding a role may.
const { get, post } = require('./request');

const path = (scene) => `/api/console/login-tickets/by-scene/${encodeURIComponent(scene)}`;

/** The login the code asks for: {createdAt, expiresAt, browser}; marks it scanned by the caller. */
function ticket(scene) {
  return get(path(scene));
}

/** Lets the browser into the console as the caller (once). */
function confirm(scene) {
  return post(`${path(scene)}/confirm`);
}

/** Refuses the login. */
function cancel(scene) {
  return post(`${path(scene)}/cancel`);
}

module.exports = { ticket, confirm, cancel };
