// 重复诉求 over real HTTP, through the mini program's own service modules and the staff forms: a resident writing like
// an open topic is shown it and supports it instead; the reviewer's queue shows a repeated submission's suggestion and
// merges it with one tap (the merge form's body). Started by scripts/test.sh like topic-life.e2e.test.js.
const { createHttpWx } = require('./wx-http');

const URL = process.env.MASHANGYI_E2E_URL;
const SCENE = process.env.MASHANGYI_E2E_SCENE;

global.wx = createHttpWx();
const config = require('../../config');
const topics = require('../../services/topics');
const staff = require('../../packageStaff/services/staff');
const { run, REVIEWER, init, as, act, submitAs, beijingDate } = require('./life');

jest.setTimeout(60000);

let roomId;

beforeAll(async () => {
  if (!URL || !SCENE) throw new Error('Set MASHANGYI_E2E_URL and MASHANGYI_E2E_SCENE (bash scripts/lib/e2e-api.sh start DIR writes them).');
  config.BASE_URLS.develop = URL;
  ({ roomId } = await init(SCENE));
});

test('a resident writing like an open topic is shown it and supports it; the reviewer merges a repeat with one tap', async () => {
  const first = await submitAs(`e2e-similar-first-${run}`, '柳树湾健身广场东侧的单杠断了一根，孩子玩很危险。', '健身广场单杠断了');
  const announced = await act(REVIEWER, 'accept', { id: first.id }, { announcementEndsOn: beijingDate(7) });
  expect(announced.status).toBe('announced');

  // A neighbour starts writing the same thing: the page asks as the person types (no login needed to ask).
  await as(`e2e-similar-neighbour-${run}`);
  const suggested = await topics.similar(roomId, '健身广场的单杠断了', '东侧单杠断了，很危险');
  const like = suggested.items.find((t) => t.id === first.id);
  expect(like).toMatchObject({ title: '健身广场单杠断了', statusName: '听取意见中', sameRoom: true });
  // First, or level with the first: on a service this suite has run against before, an earlier run's topic of the same
  // words, already supported, ranks ahead of it at the same score (more supported first).
  expect(like.score).toBe(suggested.items[0].score);
  const supported = await topics.support(first.id);
  expect(supported).toMatchObject({ supportCount: 1, supportedByMe: true });

  // Another submits it anyway; the reviewer sees the suggestion in the queue and merges with one tap.
  const repeat = await submitAs(`e2e-similar-repeat-${run}`, '健身广场东边的单杠断了，请尽快修。', '健身广场单杠坏了');
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
