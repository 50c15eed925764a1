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

/** {statuses: [{status, name, stage, stageName, isPublic}], actions: [{name, chineseName, from, to, who}]} */
function workflow() {
  return cached(() => get('/api/workflow'), () => workflowPromise, (p) => { workflowPromise = p; });
}

/** {actionName: chineseName} from a workflow. */
function actionNames(wf) {
  const names = {};
  ((wf && wf.actions) || []).forEach((a) => { names[a.name] = a.chineseName; });
  return names;
}

function clearCache() {
  categoriesPromise = null;
  workflowPromise = null;
}

module.exports = { categories, workflow, actionNames, clearCache };
