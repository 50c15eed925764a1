// Staff work on topics: the queues and the actions. Which action a user may take on a topic is never
// decided here: the topic's allowedActions (from the API) says so.
import { get, itemsOf, post } from './request';


/** Submitted topics in the reviewer's scope, oldest first: {items, nextAfter}. */
export const reviewQueue = ({ after, limit = 20 } = {}) => get('/api/review/queue', { after, limit });

/** Held and reported comments in the room admin's scope: {items, nextAfter}. */
export const moderationQueue = ({ after, limit = 20 } = {}) => get('/api/moderation/queue', { after, limit });

/** B-class reviews due, overdue tasks and topics with doubts long unanswered: {items, nextAfter}. */
export const dueList = ({ after, limit = 20 } = {}) => get('/api/due', { after, limit });

/** A topic's comments, newest first, each with its official answer: {items, nextAfter, counts}. */
export const comments = (topicId, { after, limit = 20 } = {}) => get(`/api/topics/${topicId}/comments`, { after, limit });

/** A topic as the caller may see it, with allowedActions. */
export const topic = (id) => get(`/api/topics/${id}`);

/** The 五议五不议 criteria a rejection of a topic in this room cites: its city's set. */
export const reviewCriteria = async (roomId) => itemsOf(await get('/api/review-criteria', { room: roomId }));

/** Active topic categories (the accept form's choice). */
export const categories = () => get('/api/categories');

/** Public topics of a room (candidates to merge into). */
export const roomTopics = async (roomId) => itemsOf(await get(`/api/rooms/${roomId}/topics`, { limit: 50 }));

/**
 * Public topics of every room in a region's subtree, newest first: {items, nextAfter}. `status` only takes a public
 * status (the API refuses the others).
 */
export const regionTopics = (regionId, { status, after, limit = 20 } = {}) => get(`/api/regions/${regionId}/topics`, { status, after, limit });

/**
 * Every topic of a region's subtree, any status (under review, rejected, merged too) or moderation, newest first, for
 * the staff who see them (SEE_EVERY_TOPIC over the region; 403 for others): {items, nextAfter}.
 */
export const allRegionTopics = (regionId, { status, after, limit = 20 } = {}) => get(`/api/regions/${regionId}/topics/all`, { status, after, limit });

/**
 * A topic by its receipt number: {topic} when the caller may see it, else {status} (where it stands, nothing of its
 * content). The API accepts spaces, any dashes and lower case.
 */
export const topicByReceipt = (receiptNo) => get(`/api/topics/by-receipt/${encodeURIComponent(receiptNo)}`);

/** The open tasks of the implementer's units, soonest due (so overdue) first: {items, nextAfter}. */
export const myTasks = ({ after, limit = 20 } = {}) => get('/api/me/tasks', { after, limit });

let workflowPromise = null;

/**
 * The process as the API publishes it (statuses, actions with their route and form, roles), loaded once a
 * session; a failed load is not kept, so the next call asks again.
 */
export function workflow() {
  if (!workflowPromise) {
    workflowPromise = get('/api/workflow').catch((err) => {
      workflowPromise = null;
      throw err;
    });
  }
  return workflowPromise;
}

/** The published route with its ids filled in: '/api/topics/{id}/tasks/{taskId}/progress' with {id: 12, taskId: 9}. */
export const routeFor = (route, ids) => route.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(ids[name]));

/** Takes a staff action at its published route: perform('accept', {id: 12}, {announcementEndsOn: '2026-06-01'}). */
export async function perform(action, ids, body) {
  const found = (await workflow()).actions.find((a) => a.name === action && a.form);
  if (!found) throw new Error(`不支持的操作：${action}`);
  return post(routeFor(found.route, ids), body || {});
}
