// Meetings (码上协商): a room's upcoming and past meetings, signing up and cancelling.
const { get, post, del } = require('./request');

const ATTEND_MODES = [
  { key: 'offline', name: '线下参会（到议事室）' },
  { key: 'online', name: '线上参会' },
];

/** The attend modes a meeting of this mode accepts (offline | online | hybrid). */
function attendModesFor(mode) {
  if (mode === 'offline' || mode === 'online') return ATTEND_MODES.filter((m) => m.key === mode);
  return ATTEND_MODES;
}

/** when: upcoming (soonest first) | past (latest first); keyset paging with `after`. */
function list({ roomId, regionId, when = 'upcoming', after, limit = 20 }) {
  return get('/api/meetings', { roomId, regionId, when, after, limit });
}

/** Which of these meetings the caller signed up for: [{meetingId, attendMode}] (the lists themselves are public). */
function mySignups(meetingIds) {
  return get('/api/me/signups', { meetingIds: meetingIds.join(',') });
}

/** → the topic (TopicDetail) with the meeting's signedUpByMe. */
function signUp(topicId, meetingId, attendMode) {
  return post(`/api/topics/${topicId}/meetings/${meetingId}/signups`, { attendMode });
}

function cancel(topicId, meetingId) {
  return del(`/api/topics/${topicId}/meetings/${meetingId}/signups`);
}

module.exports = { ATTEND_MODES, attendModesFor, list, mySignups, signUp, cancel };
