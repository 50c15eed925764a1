// Sharing public pages: forwarding to a chat (onShareAppMessage: neighbours rally behind a topic) and to Moments
// (onShareTimeline). A page opened from Moments runs in WeChat's single-page mode (no login, no navigation), so every
// shared page works from its query alone: the public pages do.
const MENUS = ['shareAppMessage', 'shareTimeline'];

/** Shows both entries in the page's ··· menu (Moments needs asking for on some WeChat versions). */
function enable() {
  if (typeof wx.showShareMenu === 'function') wx.showShareMenu({ withShareTicket: false, menus: MENUS });
}

/** A page that may or may not be public (a topic under review): the share entries only while it is. */
function allow(allowed) {
  if (allowed) enable();
  else if (typeof wx.hideShareMenu === 'function') wx.hideShareMenu({ menus: MENUS });
}

function query(params) {
  return Object.keys(params || {})
    .filter((k) => params[k] !== undefined && params[k] !== null && params[k] !== '')
    .map((k) => `${k}=${encodeURIComponent(params[k])}`)
    .join('&');
}

/** What onShareAppMessage returns: the chat card's title and the page it opens. */
function toChat(title, page, params) {
  const q = query(params);
  return { title, path: q ? `${page}?${q}` : page };
}

/** What onShareTimeline returns: the title and the query the current page opens with. */
function toMoments(title, params) {
  return { title, query: query(params) };
}

/** A topic's title on a chat card or in Moments: its status first, so neighbours see where it stands. */
function topicTitle(topic) {
  return topic ? `【${topic.statusName}】${topic.title}` : '码上议：一起关注这个问题';
}

module.exports = { MENUS, enable, allow, toChat, toMoments, topicTitle };
