// Subscribe messages: one-time acceptances the resident gives from a tap, counted by the API.
const { get, post } = require('./request');

/** [{key, templateId, title}]; an empty list when the API has none or cannot answer. */
function templates() {
  return get('/api/subscriptions/templates').then((list) => (Array.isArray(list) ? list : []), () => []);
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
 * Ask for the templates' acceptances (call this straight from a tap: WeChat refuses otherwise) and
 * report each accepted one. Resolves with the accepted template ids.
 */
async function subscribe(templateIds) {
  const answer = await requestSubscribe(templateIds);
  const accepted = templateIds.filter((id) => answer && answer[id] === 'accept');
  await Promise.all(accepted.map((id) => record(id, 1)));
  return accepted;
}

module.exports = { templates, record, subscribe };
