// Lives in the staff subpackage: only its pages use it, so residents never download it.
// Staff work on topics (审题, 调研, 协商, 落实, 办结) and the staff lists. Which of these a user may do
// on a topic is never decided here: the topic's allowedActions (from the API) says so.
const { get, post } = require('../../services/request');

const topicPath = (id, rest = '') => `/api/topics/${id}${rest}`;

/** One topic as the caller may see it, with allowedActions for the caller. */
function topic(id) {
  return get(topicPath(id));
}

/** The 五议五不议 criteria a rejection cites. */
function reviewCriteria() {
  return get('/api/review-criteria');
}

/** Public topics of a room (the candidates a submitted topic may be merged into). */
function roomTopics(roomId, { after, limit = 50 } = {}) {
  return get(`/api/rooms/${roomId}/topics`, { after, limit });
}

/** The reviewer's queue: submitted topics in their scope, oldest first; keyset paging by `after`. */
function reviewQueue({ after, limit = 20 } = {}) {
  return get('/api/review/queue', { after, limit });
}

/** The room admin's due list: B-class reviews due and overdue tasks. */
function due({ after, limit = 20 } = {}) {
  return get('/api/due', { after, limit });
}

/** The implementer's open tasks, overdue first. */
function myTasks({ after, limit = 20 } = {}) {
  return get('/api/me/tasks', { after, limit });
}

// Each staff action: the endpoint it posts to. `ids` carries the ids an action works on besides
// the topic (meetingId, taskId, commentId). Every call answers with the updated topic.
const ENDPOINTS = {
  accept: ({ id }) => topicPath(id, '/accept'),
  reject: ({ id }) => topicPath(id, '/reject'),
  refer: ({ id }) => topicPath(id, '/refer'),
  merge: ({ id }) => topicPath(id, '/merge'),
  classify: ({ id }) => topicPath(id, '/classify'),
  start_research: ({ id }) => topicPath(id, '/research'),
  add_report: ({ id }) => topicPath(id, '/reports'),
  schedule_meeting: ({ id }) => topicPath(id, '/meetings'),
  record_minutes: ({ id, meetingId }) => topicPath(id, `/meetings/${meetingId}/minutes`),
  publish_resolution: ({ id }) => topicPath(id, '/resolution'),
  add_task: ({ id }) => topicPath(id, '/tasks'),
  update_progress: ({ id, taskId }) => topicPath(id, `/tasks/${taskId}/progress`),
  complete: ({ id }) => topicPath(id, '/complete'),
  close: ({ id }) => topicPath(id, '/close'),
  reopen: ({ id }) => topicPath(id, '/reopen'),
  escalate: ({ id }) => topicPath(id, '/escalate'),
  hide_comment: ({ id, commentId }) => topicPath(id, `/comments/${commentId}/hide`),
  approve_comment: ({ id, commentId }) => topicPath(id, `/comments/${commentId}/approve`),
};

const STAFF_ACTIONS = Object.keys(ENDPOINTS);

/** Takes a staff action: perform('accept', {id: 12}, {announcementEndsOn: '2026-06-01'}). */
function perform(action, ids, body) {
  const endpoint = ENDPOINTS[action];
  if (!endpoint) return Promise.reject(new Error(`不支持的操作：${action}`));
  return post(endpoint(ids), body || {});
}

module.exports = { topic, reviewCriteria, roomTopics, reviewQueue, due, myTasks, perform, STAFF_ACTIONS };
