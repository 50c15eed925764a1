// Staff work on topics: the queues and the actions. Which action a user may take on a topic is never
// decided here: the topic's allowedActions (from the API) says so.
import { get, itemsOf, post } from './request';

const topicPath = (id, rest = '') => `/api/topics/${id}${rest}`;

/** Submitted topics in the reviewer's scope, oldest first: {items, nextAfter}. */
export const reviewQueue = ({ after, limit = 20 } = {}) => get('/api/review/queue', { after, limit });

/** Held and reported comments in the room admin's scope: {items, nextAfter}. */
export const moderationQueue = ({ after, limit = 20 } = {}) => get('/api/moderation/queue', { after, limit });

/** B-class reviews due and overdue tasks: {items, nextAfter}. */
export const dueList = ({ after, limit = 20 } = {}) => get('/api/due', { after, limit });

/** A topic as the caller may see it, with allowedActions. */
export const topic = (id) => get(topicPath(id));

/** The 五议五不议 criteria a rejection cites. */
export const reviewCriteria = async () => itemsOf(await get('/api/review-criteria'));

/** Public topics of a room (candidates to merge into). */
export const roomTopics = async (roomId) => itemsOf(await get(`/api/rooms/${roomId}/topics`, { limit: 50 }));

// Each staff action: the endpoint it posts to. `ids` carries the topic id and, where an action needs
// one, the meeting, task or comment it works on.
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

/** Takes a staff action: perform('accept', {id: 12}, {announcementEndsOn: '2026-06-01'}). */
export function perform(action, ids, body) {
  const endpoint = ENDPOINTS[action];
  if (!endpoint) return Promise.reject(new Error(`不支持的操作：${action}`));
  return post(endpoint(ids), body || {});
}
