// 解疑释惑 over real HTTP, through the mini program's own service modules and the staff form builder: a neighbour's
// doubt holds up the resolution until it is answered (or the room admin confirms), the answer shows under the
// comment as 官方答复 and the topic's count of unanswered doubts drops. Started like topic-life.e2e.test.js.
const { createHttpWx } = require('./wx-http');

const URL = process.env.MASHANGYI_E2E_URL;
const SCENE = process.env.MASHANGYI_E2E_SCENE;

global.wx = createHttpWx();
const config = require('../../config');
const catalog = require('../../services/catalog');
const topics = require('../../services/topics');
const comments = require('../../services/comments');
const staff = require('../../packageStaff/services/staff');
const { formFor } = require('../../packageStaff/utils/action-forms');
const { resident, neighbour, REVIEWER, ROOM_ADMIN, init, as, act, submitAs, beijingDate, sleep } = require('./life');

jest.setTimeout(60000);

beforeAll(async () => {
  if (!URL || !SCENE) throw new Error('Set MASHANGYI_E2E_URL and MASHANGYI_E2E_SCENE (bash scripts/lib/e2e-api.sh start DIR writes them).');
  config.BASE_URLS.develop = URL;
  await init(SCENE);
});

test('a doubt holds up the resolution until the room admin answers it; the neighbour then reads 官方答复', async () => {
  const { id } = await submitAs(resident, '小区东门的减速带太高，电动车经常颠倒。', '东门减速带太高');
  expect((await act(REVIEWER, 'accept', { id }, { announcementEndsOn: beijingDate(7) })).status).toBe('announced');

  await as(neighbour);
  const doubt = await comments.create(id, { stance: 'doubt', body: '换成矮的减速带，车速会不会又快起来？' });
  expect((await topics.detail(id)).unansweredDoubts).toBe(1);

  // A meeting a few seconds away, its minutes once it has started: the topic is deliberated.
  await as(ROOM_ADMIN);
  const schedule = formFor(await catalog.workflow(), 'schedule_meeting');
  const startsAt = new Date(Date.now() + 2500);
  const body = schedule.body({ mode: 'offline', startsAtDate: beijingDate(0), startsAtTime: '00:00', place: '社区议事室', convener: '社区书记', capacity: 20, participants: [] });
  body.startsAt = startsAt.toISOString();
  let topic = await staff.perform('schedule_meeting', { id }, body);
  const meeting = topic.meetings[0];
  await sleep(Math.max(0, startsAt.getTime() - Date.now()) + 300);
  topic = await act(ROOM_ADMIN, 'record_minutes', { id }, { meetingId: meeting.id, minutes: '同意改为缓坡减速带。' });
  expect(topic.status).toBe('deliberated');
  expect(topic.confirmations).toEqual({ publish_resolution: 'unanswered_doubts' });

  // Without the confirmation the resolution is refused, saying why.
  const resolution = { text: '两周内改为缓坡减速带。', deadline: beijingDate(14) };
  const refused = await act(ROOM_ADMIN, 'publish_resolution', { id }, resolution).then(() => null, (err) => err);
  expect(refused).toMatchObject({ status: 422, code: 'unanswered_doubts' });
  expect(refused.message).toContain('还有 1 条居民的疑问没有答复');

  // The room admin answers the doubt from its comment.
  topic = await act(ROOM_ADMIN, 'answer_comment', { id, commentId: doubt.id }, { text: '缓坡减速带仍能限速，另加装限速标志。' });
  expect(topic).toMatchObject({ unansweredDoubts: 0, answeredDoubts: 1, confirmations: {} });

  await as(neighbour);
  const mine = (await comments.list(id)).items.find((c) => c.id === doubt.id);
  expect(mine.answer).toMatchObject({ text: '缓坡减速带仍能限速，另加装限速标志。', corrected: false });
  expect(mine.answer.unit).toBeTruthy();
  expect(Object.keys(mine.answer).sort()).toEqual(['at', 'corrected', 'text', 'unit']);
  expect((await topics.detail(id)).unansweredDoubts).toBe(0);

  // With every doubt answered, the resolution goes through unasked.
  topic = await act(ROOM_ADMIN, 'publish_resolution', { id }, resolution);
  expect(topic.status).toBe('resolution_published');
});
