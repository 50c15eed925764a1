// Lives in the staff subpackage: only its pages use it, so residents never download it.
// Staff work on topics (审题, 调研, 协商, 落实, 办结) and the staff lists. Which of these a user may do
// on a topic is never decided here: the topic's allowedActions (from the API) says so.
const { get, post } = require('../../services/request');
const catalog = require('../../services/catalog');
const { routeFor } = require('../utils/action-forms');

const topicPath = (id, rest = '') => `/api/topics/${id}${rest}`;

// The roles GET /api/regions/{id}/topics/all answers over a region (the API's TopicStore.SeeEveryTopic).
const SEE_EVERY_TOPIC = ['reviewer', 'room_admin', 'region_admin', 'cppcc_member'];

/** One topic as the caller may see it, with allowedActions for the caller. */
function topic(id) {
  return get(topicPath(id));
}

/**
 * The 五议五不议 criteria a rejection of a topic in room `roomId` may cite: those of the room's city (each city has its
 * own set, the installation's defaults until the city changes one). Asked by room, since a criterion of another
 * city's set is refused (422 criterion_unknown).
 */
function reviewCriteria(roomId) {
  return get('/api/review-criteria', { room: roomId });
}

/** Public topics of a room (the candidates a submitted topic may be merged into). */
function roomTopics(roomId, { after, limit = 50 } = {}) {
  return get(`/api/rooms/${roomId}/topics`, { after, limit });
}

/**
 * Every topic of a region's rooms in any status or moderation (under review, rejected, merged, held too), newest first;
 * keyset paging by `after`. Only for SEE_EVERY_TOPIC over the region: anyone else gets a 403 saying so.
 */
function regionTopics(regionId, { status, after, limit = 20 } = {}) {
  return get(`/api/regions/${regionId}/topics/all`, { status, after, limit });
}

/** The reviewer's queue: submitted topics in their scope, oldest first; keyset paging by `after`. */
function reviewQueue({ after, limit = 20 } = {}) {
  return get('/api/review/queue', { after, limit });
}

/** The room admin's due list: B-class reviews due, overdue tasks and topics with doubts long unanswered. */
function due({ after, limit = 20 } = {}) {
  return get('/api/due', { after, limit });
}

/** The implementer's open tasks, overdue first. */
function myTasks({ after, limit = 20 } = {}) {
  return get('/api/me/tasks', { after, limit });
}

/**
 * Takes a staff action: perform('accept', {id: 12}, {announcementEndsOn: '2026-06-01'}). The URL is the action's
 * route in the published workflow; `ids` fills it (the topic's id and the meetingId, taskId or commentId it names).
 */
async function perform(action, ids, body) {
  const workflow = await catalog.workflow();
  const found = workflow.actions.find((a) => a.name === action && a.form);
  if (!found) throw new Error(`不支持的操作：${action}`);
  return post(routeFor(found.route, ids), body || {});
}

module.exports = { SEE_EVERY_TOPIC, topic, reviewCriteria, roomTopics, regionTopics, reviewQueue, due, myTasks, perform };
