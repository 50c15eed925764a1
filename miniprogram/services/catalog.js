// Reference data that changes rarely: topic categories and the process (status and action names).
// Kept in memory for the life of the mini program; a failed load is not cached, so it is retried.
const { get } = require('./request');

let categoriesPromise = null;
let workflowPromise = null;

function cached(load, getSlot, setSlot) {
  if (!getSlot()) {
    setSlot(load().catch((err) => {
      setSlot(null);
      throw err;
    }));
  }
  return getSlot();
}

/** Active topic categories [{id, name, sortOrder, isActive}]. */
function categories() {
  return cached(() => get('/api/categories'), () => categoriesPromise, (p) => { categoriesPromise = p; });
}

/**
 * The process as the API publishes it, loaded once a session: {statuses: [{status, name, stage, stageName, isPublic}],
 * actions: [{name, chineseName, from, to, who, route, form}], roles: [{role, name, grantable}]}. The staff pages build
 * their forms and URLs from it (packageStaff/utils/action-forms.js).
 */
function workflow() {
  return cached(() => get('/api/workflow'), () => workflowPromise, (p) => { workflowPromise = p; });
}

function clearCache() {
  categoriesPromise = null;
  workflowPromise = null;
}

module.exports = { categories, workflow, clearCache };
