// The whole path through the mini program's own service modules against the real API (started by
// scripts/lib/e2e-api.sh; MASHANGYI_E2E_URL and MASHANGYI_E2E_SCENE say where):
// scan → login → submit a topic → a reviewer accepts it → comment → look it up by receipt number.
const { createHttpWx } = require('./wx-http');

const URL = process.env.MASHANGYI_E2E_URL;
const SCENE = process.env.MASHANGYI_E2E_SCENE;

global.wx = createHttpWx();
const config = require('../../config');
const auth = require('../../services/auth');
const rooms = require('../../services/rooms');
const me = require('../../services/me');
const catalog = require('../../services/catalog');
const topics = require('../../services/topics');
const comments = require('../../services/comments');
const proposeForm = require('../../utils/propose-form');
const { spelled } = require('../../utils/format');
const staff = require('../../packageStaff/services/staff');

/** Logs in as whoever the simulated WeChat code stands for, as the app does on launch. */
async function loginAs(code) {
  auth.clear();
  wx.loginCode = code;
  return auth.login();
}

beforeAll(() => {
  if (!URL || !SCENE) throw new Error('Set MASHANGYI_E2E_URL and MASHANGYI_E2E_SCENE (bash scripts/lib/e2e-api.sh start DIR writes them).');
  config.BASE_URLS.develop = URL;
});

describe('a resident\'s topic from scan to receipt lookup', () => {
  const resident = `e2e-resident-${Date.now()}`;
  const state = {};

  test('scanning the room code opens the room (public, before login)', async () => {
    const landing = await rooms.landing(SCENE);
    expect(landing.scene).toBe(SCENE);
    expect(landing.room.name).toBeTruthy();
    expect(landing.functions.map((f) => f.key)).toContain('propose');
    state.roomId = landing.room.id;
  });

  test('the resident logs in silently with the wx.login code', async () => {
    const session = await loginAs(resident);
    expect(session.accessToken).toBeTruthy();
    expect(auth.isLoggedIn()).toBe(true);
    const user = await me.me();
    expect(user.grants).toEqual([]);
  });

  test('the resident submits a topic and gets a receipt number', async () => {
    // As 码上征题 does: the form's body and a fresh idempotency key, through services/topics.js.
    const categories = await catalog.categories();
    const form = {
      ...proposeForm.EMPTY,
      title: '端到端测试：楼下路灯不亮',
      description: '三号楼下的路灯坏了一个月，晚上出行不安全。',
      categoryId: categories[0].id,
    };
    const key = proposeForm.newKey();
    const topic = await topics.submit(state.roomId, proposeForm.toBody(form), key);
    expect(topic.status).toBe('submitted');
    expect(topic.receiptNo).toMatch(new RegExp(`^\\d{4}-${SCENE}-\\d{4}$`));
    expect(topic.proposer.isMine).toBe(true);
    state.topicId = topic.id;
    state.receiptNo = topic.receiptNo;

    // A retry after a lost answer (same key) gets the same topic back, not a second one.
    const retried = await topics.submit(state.roomId, proposeForm.toBody(form), key);
    expect(retried.id).toBe(topic.id);
    expect(retried.receiptNo).toBe(topic.receiptNo);
  });

  test('the reviewer finds it in the queue and accepts it through the action the API allows', async () => {
    await loginAs('demo-reviewer');
    const user = await me.me();
    expect(user.grants.map((g) => g.role)).toContain('reviewer');

    const queue = await staff.reviewQueue({ limit: 50 });
    expect(queue.items.map((t) => t.id)).toContain(state.topicId);
    // 辖区议题 lists it as well, still under review, in the region of the reviewer's grant (as the page does by default).
    const region = user.grants.find((g) => staff.SEE_EVERY_TOPIC.includes(g.role)).regionId;
    const underReview = await staff.regionTopics(region, { status: 'submitted', limit: 50 });
    expect(underReview.items.find((t) => t.id === state.topicId)).toMatchObject({ status: 'submitted', statusName: '审核中' });
    const before = await staff.topic(state.topicId);
    expect(before.allowedActions).toEqual(expect.arrayContaining(['accept', 'reject', 'refer', 'merge']));

    const ends = new Date(Date.now() + 8 * 3600e3 + 7 * 86400e3).toISOString().slice(0, 10);
    const accepted = await staff.perform('accept', { id: state.topicId }, { announcementEndsOn: ends, note: '符合“五议”' });
    expect(accepted.status).toBe('announced');
    expect(accepted.announcementEndsOn).toBe(ends);
    expect(accepted.allowedActions).not.toContain('accept');

    // Accepting again is refused as a conflict with the state now, which the form shows and reloads on.
    const again = await staff.perform('accept', { id: state.topicId }, { announcementEndsOn: ends }).catch((e) => e);
    expect(again).toMatchObject({ status: 409, code: 'invalid_transition' });
    expect(again.problem.currentStatus).toBe('announced');
  });

  test('the resident comments on the announced topic', async () => {
    await loginAs(resident);
    const comment = await comments.create(state.topicId, { stance: 'suggestion', body: '建议尽快更换灯泡，并检查线路。' });
    expect(comment.id).toBeTruthy();
    expect(comment.isMine).toBe(true);
    const listed = await comments.list(state.topicId);
    expect(listed.items.map((c) => c.id)).toContain(comment.id);
    const topic = await topics.detail(state.topicId);
    expect(topic.allowedActions).toContain('comment');
    expect(topic.allowedActions).not.toContain('accept');
  });

  test('anyone can look the topic up by its receipt number and see where it stands', async () => {
    auth.clear();
    // Typed the way people type it on 码上查情: lower case, with spaces around.
    const lookup = await topics.byReceipt(` ${state.receiptNo.toLowerCase()} `);
    expect(lookup.topic.id).toBe(state.topicId);
    expect(lookup.topic.status).toBe('announced');
    expect(lookup.topic.commentCount).toBeGreaterThanOrEqual(1);
    expect(lookup.topic.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['accept']));
  });

  test('a resident who only says what is wrong gets a receipt; the reviewer sets the category on accepting', async () => {
    // 码上征题 in three steps: the description alone, anonymous; the API titles it and files it under the room's default.
    await loginAs(resident);
    const body = proposeForm.toBody({ ...proposeForm.EMPTY, description: '小区门口的下水道堵了。一下雨就积水，老人过不去。' });
    expect(body).toEqual({ description: '小区门口的下水道堵了。一下雨就积水，老人过不去。', locationText: null, anonymous: true, proposerName: null, onBehalfOf: null });
    const topic = await topics.submit(state.roomId, body, proposeForm.newKey());
    expect(topic.status).toBe('submitted');
    expect(topic.title).toBe('小区门口的下水道堵了');
    expect(topic.category.id).toBeGreaterThan(0);
    expect(topic.proposer.display).toBe('居民');

    // Read back from the receipt page as it is spelled out, and typed in lower case with other dashes.
    const bySpelling = await topics.byReceipt(spelled(topic.receiptNo));
    expect(bySpelling.topic.id).toBe(topic.id);
    const byTyping = await topics.byReceipt(topic.receiptNo.toLowerCase().replace(/-/g, ' － '));
    expect(byTyping.topic.id).toBe(topic.id);

    await loginAs('demo-reviewer');
    const categories = await catalog.categories();
    const chosen = categories.find((c) => c.id !== topic.category.id);
    const ends = new Date(Date.now() + 8 * 3600e3 + 7 * 86400e3).toISOString().slice(0, 10);
    const accepted = await staff.perform('accept', { id: topic.id }, { announcementEndsOn: ends, categoryId: chosen.id });
    expect(accepted.status).toBe('announced');
    expect(accepted.category.id).toBe(chosen.id);
  });

  test('a reviewer\'s form input error comes back as field errors in Chinese', async () => {
    await loginAs('demo-reviewer');
    const err = await staff.perform('reject', { id: state.topicId }, { criterionId: 0, reason: '' }).catch((e) => e);
    expect(err.status).toBe(400);
    expect(Object.keys(err.fieldErrors)).toEqual(expect.arrayContaining(['criterionId', 'reason']));
    expect(err.fieldErrors.reason[0]).toMatch(/理由/);
  });
});
