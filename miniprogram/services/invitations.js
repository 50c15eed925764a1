// Invitations into roles (邀请任职): what a scanned invitation offers, and accepting it under the name
// colleagues know the person by. The grant is made for the caller's WeChat identity.
const { get, post } = require('./request');

const path = (scene) => `/api/invitations/by-scene/${encodeURIComponent(scene)}`;

/** {role, roleName, regionName, unit, note, expiresOn, status, text}; status pending | accepted | expired | revoked. */
function preview(scene) {
  return get(path(scene));
}

/** Accepts under `name`; resolves to {grant}. */
function accept(scene, name) {
  return post(`${path(scene)}/accept`, { name });
}

module.exports = { preview, accept };
