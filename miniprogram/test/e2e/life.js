// The people of the end-to-end tests and the steps they take, shared by the suites that walk a topic's life: each
// person keeps their own session as their phone would, and staff act through the staff pages' own form builders
// (packageStaff/utils/action-forms.js). Requires global.wx (wx-http.js) and config.BASE_URLS.develop set first.
const auth = require('../../services/auth');
const rooms = require('../../services/rooms');
const catalog = require('../../services/catalog');
const topics = require('../../services/topics');
const meetings = require('../../services/meetings');
const proposeForm = require('../../utils/propose-form');
const photos = require('../../services/photos');
const staff = require('../../packageStaff/services/staff');
const { formFor } = require('../../packageStaff/utils/action-forms');

const run = `${Date.now()}`;
const resident = `e2e-life-resident-${run}`;
const neighbour = `e2e-life-neighbour-${run}`;
// Demo staff of the demo city (scripts/lib/e2e-api.sh seeds it): their grants cover the demo room.
const REVIEWER = 'demo-reviewer';
const ROOM_ADMIN = 'demo-room-admin';
const CPPCC = 'demo-cppcc';
const IMPLEMENTER = 'demo-implementer';
const IMPLEMENTER_UNIT = '清江浦区住建局';

let roomId;
let categoryId;

/** Finds the demo room by its scene and the first category, before any step. */
async function init(scene) {
  roomId = (await rooms.landing(scene)).room.id;
  categoryId = (await catalog.categories())[0].id;
  return { roomId, categoryId };
}

// Each person keeps their own session, as each of their phones would: switching people swaps the stored session
// (logging in again on every step would be no one's real use, and the login rate limit would say so).
const sessions = new Map();
let current = null;

async function as(code) {
  if (current && auth.load()) sessions.set(current, auth.load());
  current = code;
  if (sessions.has(code)) {
    wx.setStorageSync(auth.STORAGE_KEY, sessions.get(code));
    return;
  }
  auth.clear();
  wx.loginCode = code;
  sessions.set(code, await auth.login());
}

/** A Beijing date `days` from today, as the staff forms' date pickers give it. */
const beijingDate = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

/** Takes a staff action the way the staff action page does: the form's body from the values entered. */
async function act(code, action, ids, values) {
  await as(code);
  const before = await staff.topic(ids.id);
  expect(before.allowedActions).toContain(action);
  const form = formFor(await catalog.workflow(), action);
  const extraIds = form.ids ? form.ids(values, ids) : {};
  return staff.perform(action, { ...ids, ...extraIds }, form.body(values));
}

/** Submits as `code` the way the propose page does (its title, unless given, the description's first words). */
async function submitAs(code, description, title = description.slice(0, 12)) {
  await as(code);
  const form = { ...proposeForm.EMPTY, title, description, categoryId, anonymous: true };
  const topic = await topics.submit(roomId, proposeForm.toBody(form), proposeForm.newKey());
  expect(topic.status).toBe('submitted');
  return topic;
}

async function accepted(description) {
  const topic = await submitAs(resident, description);
  const done = await act(REVIEWER, 'accept', { id: topic.id }, { announcementEndsOn: beijingDate(7) });
  expect(done.status).toBe('announced');
  return done;
}

/** Uploads photos as whoever is acting now, as the photo picker does; its value as the staff forms keep it. */
async function uploaded(paths) {
  const ids = [];
  for (const path of paths) ids.push((await photos.upload(path)).id);
  return { ids, uploading: 0, failed: 0 };
}

const actions = (topic) => topic.timeline.map((e) => e.action);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Meeting → sign-up → minutes → resolution → task → progress by the unit's implementer → completion, on the real
 * clock: the meeting starts a few seconds from now, and its minutes are recorded once it has started.
 */
async function deliberateAndImplement(topicId, round, { fromMeetingsList = false, progressPhotos = [], resultPhotos = [] } = {}) {
  await as(ROOM_ADMIN);
  const schedule = formFor(await catalog.workflow(), 'schedule_meeting');
  const startsAt = new Date(Date.now() + 2500);
  const body = schedule.body({
    mode: 'hybrid', startsAtDate: beijingDate(0), startsAtTime: '00:00', place: '柳树湾社区议事室',
    onlineLink: 'https://meeting.example.cn/j/e2e', convener: '社区书记', capacity: 20,
    participants: [{ name: '社区居委会', party: 'government', attendMode: 'offline' }],
  });
  // The form's pickers give whole minutes; a meeting seconds away is set to the millisecond, as a real clock has it.
  body.startsAt = startsAt.toISOString();
  let topic = await staff.perform('schedule_meeting', { id: topicId }, body);
  expect(topic.status).toBe('meeting_scheduled');
  const meeting = topic.meetings.find((m) => m.round === round && !m.minutes);
  expect(meeting).toBeTruthy();

  await as(resident);
  if (fromMeetingsList) {
    // The public list is cached for seconds, so only the first meeting of the run is looked for there.
    const listed = await meetings.list({ roomId, when: 'upcoming' });
    expect(listed.items.map((m) => m.id)).toContain(meeting.id);
  }
  topic = await meetings.signUp(topicId, meeting.id, 'offline');
  expect(topic.meetings.find((m) => m.id === meeting.id)).toMatchObject({ signedUpByMe: true, signupCount: 1 });

  await sleep(Math.max(0, startsAt.getTime() - Date.now()) + 300);
  topic = await act(ROOM_ADMIN, 'record_minutes', { id: topicId }, { meetingId: meeting.id, minutes: '与会各方同意更换路灯并检查线路。' });
  expect(topic.status).toBe('deliberated');
  expect(topic.meetings.find((m) => m.id === meeting.id).minutes).toMatch(/更换路灯/);

  topic = await act(ROOM_ADMIN, 'publish_resolution', { id: topicId }, { text: '由区住建局在两周内更换路灯。', deadline: beijingDate(14) });
  expect(topic.status).toBe('resolution_published');

  topic = await act(ROOM_ADMIN, 'add_task', { id: topicId }, {
    title: '更换三号楼前路灯', leadPerson: '王工', unit: IMPLEMENTER_UNIT, dueOn: beijingDate(14),
    milestones: [{ title: '采购灯具', dueOn: beijingDate(5) }],
  });
  expect(topic.status).toBe('implementing');
  const task = topic.tasks.find((k) => k.round === round);

  await as(IMPLEMENTER);
  const mine = await staff.myTasks();
  expect(mine.items.map((k) => k.id)).toContain(task.id);
  topic = await act(IMPLEMENTER, 'update_progress', { id: topicId, taskId: task.id }, {
    progress: '100', note: '灯具已更换，线路已检查。', milestonesDone: [String(task.milestones[0].id)],
    photoIds: await uploaded(progressPhotos),
  });
  const reported = topic.tasks.find((k) => k.id === task.id);
  expect(reported.progress).toBe(100);
  expect(reported.milestones[0].doneAt).toBeTruthy();

  await as(ROOM_ADMIN);
  topic = await act(ROOM_ADMIN, 'complete', { id: topicId }, { result: '路灯已全部更换，夜间照明恢复。', photoIds: await uploaded(resultPhotos) });
  expect(topic.status).toBe('completed');
  return topic;
}

module.exports = {
  run, resident, neighbour, REVIEWER, ROOM_ADMIN, CPPCC, IMPLEMENTER, IMPLEMENTER_UNIT,
  init, as, act, beijingDate, submitAs, accepted, actions, sleep, deliberateAndImplement, uploaded,
  roomId: () => roomId,
};
