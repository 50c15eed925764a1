// Topics: submitting one (码上征题), reading one with its timeline, the public and personal lists,
// the receipt lookup (码上查情), support (码上建议) and the residents' evaluation.
const { get, post, del } = require('./request');
const receipt = require('../utils/receipt');

/**
 * Submit a topic in a room. The Idempotency-Key must be kept for retries of the same submission:
 * the API answers a repeat with the first result (200) instead of storing a second topic.
 */
function submit(roomId, body, idempotencyKey) {
  return post(`/api/rooms/${roomId}/topics`, body, { 'Idempotency-Key': idempotencyKey });
}

/** A topic with timeline, sections and allowedActions for the caller. */
function detail(id) {
  return get(`/api/topics/${id}`);
}

/** {topic} for a public topic, {status} (where it stands only) for one not public. Spaces, dashes and case do not matter. */
function byReceipt(receiptNo) {
  return get(`/api/topics/by-receipt/${encodeURIComponent(receipt.normal(receiptNo))}`);
}

/** Public topics of a room, newest first; keyset paging with `after` (the page's nextAfter). */
function roomTopics(roomId, { status, categoryId, after, limit = 20 } = {}) {
  return get(`/api/rooms/${roomId}/topics`, { status, categoryId, after, limit });
}

/** Public topics of every room in a region's subtree. */
function regionTopics(regionId, { status, categoryId, after, limit = 20 } = {}) {
  return get(`/api/regions/${regionId}/topics`, { status, categoryId, after, limit });
}

/** The caller's own topics, every status. */
function mine({ after, limit = 20 } = {}) {
  return get('/api/me/topics', { after, limit });
}

/** Open topics of the room's town like a title and description being written: → {items: [{id, title, statusName, roomName, supportCount, sameRoom, …}]}. */
function similar(roomId, title, description) {
  return get(`/api/rooms/${roomId}/similar-topics`, { title, description });
}

/** → {supportCount, supportedByMe} */
function support(id) {
  return post(`/api/topics/${id}/support`);
}

function withdrawSupport(id) {
  return del(`/api/topics/${id}/support`);
}

/** → the topic (TopicDetail) with the evaluation counted. */
function evaluate(id, { solved, satisfied, comment }) {
  return post(`/api/topics/${id}/evaluations`, { solved, satisfied, comment: comment || null });
}

module.exports = { submit, similar, detail, byReceipt, roomTopics, regionTopics, mine, support, withdrawSupport, evaluate };
