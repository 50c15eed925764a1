// Whether to offer the staff workbench: only to a logged-in user holding a role grant (GET /api/me).
// Never logs anyone in and never fails loudly: residents simply see no entry.
const auth = require('../services/auth');
const { me } = require('../services/me');

const WORKBENCH_URL = '/packageStaff/pages/workbench/index';

function hasStaffRole() {
  const app = typeof getApp === 'function' ? getApp() : null;
  const ready = (app && app.globalData && app.globalData.loginReady) || Promise.resolve();
  return Promise.resolve(ready)
    .then(() => (auth.isLoggedIn() ? me() : null))
    .then((user) => !!(user && user.grants && user.grants.length))
    .catch(() => false);
}

module.exports = { hasStaffRole, WORKBENCH_URL };
