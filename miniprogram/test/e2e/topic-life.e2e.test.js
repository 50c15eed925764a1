// The whole life of a topic, on a real API process and the real clock, through the mini program's own service
// modules and the staff pages' own forms (packageStaff/utils/action-forms.js builds every body): the path to class A
// and the reject, refer, merge, escalate, reopen-then-close and C-class paths. Started by scripts/test.sh with
// scripts/lib/e2e-api.sh (MASHANGYI_E2E_URL and MASHANGYI_E2E_SCENE say where).
const { createHttpWx } = require('./wx-http');

const URL = process.env.MASHANGYI_E2E_URL;
const SCENE = process.env.MASHANGYI_E2E_SCENE;

global.wx = createHttpWx();
const config = require('../../config');
const auth = require('../../services/auth');
const topics = require('../../services/topics');
const comments = require('../../services/comments');
const staff = require('../../packageStaff/services/staff');
const {
  run, resident, neighbour, REVIEWER, ROOM_ADMIN, CPPCC,
  init, as, act, beijingDate, submitAs, accepted, actions, deliberateAndImplement,
} = require('./life');

jest.setTimeout(60000);

beforeAll(async () => {
  if (!URL || !SCENE) throw new Error('Set MASHANGYI_E2E_URL and MASHANGYI_E2E_SCENE (bash scripts/lib/e2e-api.sh start DIR writes them).');
  config.BASE_URLS.develop = URL;
  await init(SCENE);
});

describe('a topic\'s whole life on the real clock', () => {
  test('submit → accept → comment and support → research and report → meeting → sign-up → minutes → resolution → task → progress → complete → evaluate → close (A)', async () => {
    const topic = await accepted('三号楼前两盏路灯坏了一个月，老人晚上出门不安全。');

    await as(neighbour);
    await comments.create(topic.id, { stance: 'support', body: '确实很暗，支持尽快修。' });
    const supported = await topics.support(topic.id);
    expect(supported.supportedByMe).toBe(true);
    expect(supported.supportCount).toBe(1);

    let now = await act(ROOM_ADMIN, 'start_research', { id: topic.id }, { note: '实地查看路灯' });
    expect(now.status).toBe('researching');
    now = await act(CPPCC, 'add_report', { id: topic.id }, { title: '路灯现状调研', body: '两盏路灯灯具老化，线路完好。', authorUnit: '区政协' });
    expect(now.reports.map((r) => r.title)).toContain('路灯现状调研');

    await deliberateAndImplement(topic.id, 1, { fromMeetingsList: true });

    await as(resident);
    const evaluated = await topics.evaluate(topic.id, { solved: true, satisfied: true, comment: '谢谢，路灯亮了。' });
    expect(evaluated.evaluations).toMatchObject({ count: 1, solved: 1, satisfied: 1 });

    now = await act(ROOM_ADMIN, 'classify', { id: topic.id }, { class: 'A' });
    expect(now.classification.class).toBe('A');
    now = await act(ROOM_ADMIN, 'close', { id: topic.id }, { note: '已办结' });
    expect(now.status).toBe('closed');
    expect(actions(now)).toEqual(expect.arrayContaining([
      'submit', 'accept', 'start_research', 'add_report', 'schedule_meeting', 'record_minutes', 'publish_resolution',
      'add_task', 'update_progress', 'complete', 'classify', 'close',
    ]));

    // The resident follows it by receipt number, and the record stays public.
    auth.clear();
    const lookup = await topics.byReceipt(topic.receiptNo);
    expect(lookup.topic.status).toBe('closed');
    expect(lookup.topic.result).toMatch(/路灯/);
  });

  test('reject: the reviewer cites a criterion and the proposer reads the reason', async () => {
    const topic = await submitAs(resident, '希望小区门口增设一个快递柜。');
    await as(REVIEWER);
    const criteria = await staff.reviewCriteria(topic.roomId);
    const notDeliberated = criteria.find((c) => c.kind !== 'deliberate') || criteria[0];
    const rejected = await act(REVIEWER, 'reject', { id: topic.id }, { criterionId: String(notDeliberated.id), reason: '属于企业经营事项，请联系物业。' });
    expect(rejected.status).toBe('rejected');
    expect(actions(rejected)).toContain('reject');

    await as(resident);
    const seen = await topics.detail(topic.id);
    expect(seen.rejection.reason).toBe('属于企业经营事项，请联系物业。');
    auth.clear();
    const stranger = await topics.detail(topic.id).catch((e) => e);
    expect(stranger.status).toBe(404);
  });

  test('refer: a simple service request goes to the department that can fix it, with its work order', async () => {
    const topic = await submitAs(resident, '二号楼下水道堵了，污水外溢。');
    const referred = await act(REVIEWER, 'refer', { id: topic.id }, { target: '12345 热线', reference: `GD-${run}` });
    expect(referred.status).toBe('referred');
    await as(resident);
    expect((await topics.detail(topic.id)).referral).toMatchObject({ target: '12345 热线', reference: `GD-${run}` });
  });

  test('merge: a duplicate points to the topic it repeats', async () => {
    const first = await accepted('广场舞晚上九点后音响太大，影响学生休息。');
    const duplicate = await submitAs(neighbour, '晚上广场舞太吵了，孩子没法写作业。');
    const merged = await act(REVIEWER, 'merge', { id: duplicate.id }, { intoTopicId: String(first.id) });
    expect(merged.status).toBe('merged');
    expect(merged.mergedInto.id).toBe(first.id);
  });

  test('escalate: a matter beyond the room becomes a CPPCC proposal, then the room closes its record', async () => {
    const topic = await accepted('建议在社区周边增设一条公交线路。');
    let now = await act(CPPCC, 'escalate', { id: topic.id }, { kind: 'cppcc_proposal', target: '区政协', reference: `TA-${run}` });
    expect(now.status).toBe('escalated');
    expect(now.escalation).toMatchObject({ kind: 'cppcc_proposal', target: '区政协' });
    now = await act(ROOM_ADMIN, 'classify', { id: topic.id }, { class: 'B', nextReviewOn: beijingDate(30) });
    now = await act(ROOM_ADMIN, 'close', { id: topic.id }, {});
    expect(now.status).toBe('closed');
  });

  test('reopen then close: an unresolved matter gets a second round, and both rounds stay on the record', async () => {
    const topic = await accepted('小区东门路面坑洼，雨天积水。');
    await deliberateAndImplement(topic.id, 1);

    await as(resident);
    await topics.evaluate(topic.id, { solved: false, satisfied: false, comment: '下雨还是积水。' });
    let now = await act(ROOM_ADMIN, 'reopen', { id: topic.id }, { reason: '居民反映仍有积水，重新协商。' });
    expect(now.status).toBe('reopened');
    expect(now.round).toBe(2);

    now = await deliberateAndImplement(topic.id, 2);
    expect(now.round).toBe(2);
    now = await act(ROOM_ADMIN, 'classify', { id: topic.id }, { class: 'A' });
    now = await act(ROOM_ADMIN, 'close', { id: topic.id }, {});
    expect(now.status).toBe('closed');
    const rounds = new Set(now.timeline.filter((e) => e.action === 'record_minutes').map((e) => e.round));
    expect([...rounds].sort()).toEqual([1, 2]);
    expect(now.meetings.filter((m) => m.minutes)).toHaveLength(2);
  });

  test('C class: a matter that will not be handled is closed with the explanation the proposer sees', async () => {
    const topic = await accepted('希望把小区绿地改成停车场。');
    let now = await act(ROOM_ADMIN, 'classify', { id: topic.id }, { class: 'C', note: '绿地属规划用地，不能改建停车场。' });
    expect(now.classification).toMatchObject({ class: 'C' });
    now = await act(ROOM_ADMIN, 'close', { id: topic.id }, {});
    expect(now.status).toBe('closed');
    await as(resident);
    const seen = await topics.detail(topic.id);
    expect(seen.classification.note).toBe('绿地属规划用地，不能改建停车场。');
  });
});
