const { get } = require('./request');

/** The logged-in user with role grants. Logs in first (via request.js) if needed. */
function me() {
  return get('/api/me');
}

module.exports = { me };
