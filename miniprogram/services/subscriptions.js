// Subscribe messages: one-time acceptances a person gives from a tap, counted by the API. Each template says
// who it is for (audience resident | staff, and the staff roles), so residents are asked only for theirs.
const { get, post } = require('./request');

// WeChat takes at most 3 template ids in one wx.requestSubscribeMessage call.
const MAX_PER_CALL = 3;

/** [{key, templateId, title, audience, roles}]; an empty list when the API has none or cannot answer. */
function templates() {
  return get('/api/subscriptions/templates').then((list) => (Array.isArray(list) ? list : []), () => []);
}

/** The ids to ask a resident for: the resident templates only, never more than one call takes. */
function residentTemplateIds(list) {
  return (list || []).filter((t) => t.audience === 'resident' && t.templateId).map((t) => t.templateId).slice(0, MAX_PER_CALL);
}

/** The templates that can reach the caller, each with `remaining` messages: [{key, templateId, title, audience, roles, remaining}]. */
function mine() {
  return get('/api/me/subscriptions');
}

/** Splits template ids into groups one call can take (one tap each). */
function groups(ids) {
  const out = [];
  for (let i = 0; i < ids.length; i += MAX_PER_CALL) out.push(ids.slice(i, i + MAX_PER_CALL));
  return out;
}

function record(templateId, accepted) {
  return post('/api/me/subscriptions', { templateId, accepted });
}

function requestSubscribe(tmplIds) {
  return new Promise((resolve, reject) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: resolve,
      fail: (err) => reject(new Error((err && err.errMsg) || '订阅未成功')),
    });
  });
}

/**
 * Ask for the templates' acceptances (call this straight from a tap: WeChat refuses otherwise) and report each
 * accepted one. At most MAX_PER_CALL ids are asked for; the rest need a tap of their own (see groups()).
 * Resolves with [{templateId, remaining}] for the accepted templates.
 */
async function subscribe(templateIds) {
  const ids = templateIds.slice(0, MAX_PER_CALL);
  if (!ids.length) return [];
  const answer = await requestSubscribe(ids);
  const accepted = ids.filter((id) => answer && answer[id] === 'accept');
  return Promise.all(accepted.map((id) => record(id, 1)));
}

module.exports = { MAX_PER_CALL, templates, residentTemplateIds, mine, groups, record, subscribe };
