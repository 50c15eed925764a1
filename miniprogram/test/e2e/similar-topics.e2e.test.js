// 重复诉求 over real HTTP, through the mini program's own service modules and the staff forms: a resident writing like
// an open topic is shown it and supports it instead; the reviewer's queue shows a repeated submission's suggestion and
// merges it with one tap (the merge form's body). Started by scripts/test.sh like topic-life.e2e.test.js.
const { createHttpWx } = require('./wx-http');

const URL = process.env.MASHANGYI_E2E_URL;
const SCENE = process.env.MASHANGYI_E2E_SCENE;

global.wx = createHttpWx();
const config = require('../../config');
const auth = require('../../services/auth');
const rooms = require('../../services/rooms');
const catalog = require('../../services/catalog');
const topics = require('../../services/topics');
const proposeForm = require('../../utils/propose-form');
const staff = require('../../packageStaff/services/staff');
const { formFor } = require('../../packageStaff/utils/action-forms');

jest.setTimeout(60000);

const run = `${Date.now()}`;
const REVIEWER = 'demo-reviewer';
const sessions = new Map();
let current = null;
let roomId;
let categoryId;

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

async function act(code, action, ids, values) {
  await as(code);
  const form = formFor(await catalog.workflow(), action);
  return staff.perform(action, ids, form.body(values));
}

async function submitAs(code, title, description) {
  await as(code);
  const form = { ...proposeForm.EMPTY, title, description, categoryId, anonymous: true };
  return topics.submit(roomId, proposeForm.toBody(form), proposeForm.newKey());
}

const beijingDate = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

beforeAll(async () => {
  if (!URL || !SCENE) throw new Error('Set MASHANGYI_E2E_URL and MASHANGYI_E2E_SCENE (bash scripts/lib/e2e-api.sh start DIR writes them).');
  config.BASE_URLS.develop = URL;
  roomId = (await rooms.landing(SCENE)).room.id;
  categoryId = (await catalog.categories())[0].id;
});

test('a resident writing like an open topic is shown it and supports it; the reviewer merges a repeat with one tap', async () => {
  const first = await submitAs(`e2e-similar-first-${run}`, '健身广场单杠断了', '柳树湾健身广场东侧的单杠断了一根，孩子玩很危险。');
  const announced = await act(REVIEWER, 'accept', { id: first.id }, { announcementEndsOn: beijingDate(7) });
  expect(announced.status).toBe('announced');

  // A neighbour starts writing the same thing: the page asks as the person types (no login needed to ask).
  await as(`e2e-similar-neighbour-${run}`);
  const suggested = await topics.similar(roomId, '健身广场的单杠断了', '东侧单杠断了，很危险');
  const like = suggested.items.find((t) => t.id === first.id);
  expect(like).toMatchObject({ title: '健身广场单杠断了', statusName: '听取意见中', sameRoom: true });
  expect(suggested.items[0].id).toBe(first.id);
  const supported = await topics.support(first.id);
  expect(supported).toMatchObject({ supportCount: 1, supportedByMe: true });

  // Another submits it anyway; the reviewer sees the suggestion in the queue and merges with one tap.
  const repeat = await submitAs(`e2e-similar-repeat-${run}`, '健身广场单杠坏了', '健身广场东边的单杠断了，请尽快修。');
  await as(REVIEWER);
  let item = null;
  for (let after; !item;) {
    const page = await staff.reviewQueue({ after, limit: 50 });
    item = page.items.find((i) => i.id === repeat.id);
    if (!page.nextAfter) break;
    after = page.nextAfter;
  }
  expect(item).toBeTruthy();
  const suggestion = item.similar.find((s) => s.id === first.id);
  expect(suggestion).toMatchObject({ canMergeInto: true, sameRoom: true });
  expect(item.possibleDuplicateOf).toBe(first.id);

  const merged = await act(REVIEWER, 'merge', { id: repeat.id }, { intoTopicId: String(suggestion.id) });
  expect(merged.status).toBe('merged');
  expect(merged.mergedInto.id).toBe(first.id);
});
