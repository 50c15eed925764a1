// Comments on a topic (码上建议): newest first, each with a stance; anyone logged in may report one.
const { get, post } = require('./request');

const { STANCES: NAMES } = require('../utils/glossary');

// The three kinds of 意见, in the glossary's words.
const STANCES = ['support', 'doubt', 'suggestion'].map((key) => ({ key, name: NAMES[key] }));

/** → {items, nextAfter, counts}; pass nextAfter as `after` for the next page. */
function list(topicId, { after, limit = 20 } = {}) {
  return get(`/api/topics/${topicId}/comments`, { after, limit });
}

/** → the new comment (held: true while it waits for moderation). At most one photo (its id from services/photos). */
function create(topicId, { stance, body, photoIds }) {
  const data = { stance, body };
  if (photoIds && photoIds.length) data.photoIds = photoIds;
  return post(`/api/topics/${topicId}/comments`, data);
}

function report(topicId, commentId, reason) {
  return post(`/api/topics/${topicId}/comments/${commentId}/report`, { reason: reason || null });
}

module.exports = { STANCES, list, create, report };
