// Photos (issue 16) on a real API process and the real clock, through the mini program's own service modules: a
// resident raises an issue with three phone photos (EXIF with a GPS position, made for this test), the reviewer sees
// them, the simulated image check passes them and they appear on the public topic page and the notice board; a photo
// the check finds risky never appears; the implementer's progress photo and the published result's show beside the
// resident's. Every served file is checked for EXIF. Started by scripts/test.sh with scripts/lib/e2e-api.sh.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createHttpWx } = require('./wx-http');

const URL = process.env.MASHANGYI_E2E_URL;
const SCENE = process.env.MASHANGYI_E2E_SCENE;

global.wx = createHttpWx();
const config = require('../../config');
const auth = require('../../services/auth');
const topics = require('../../services/topics');
const comments = require('../../services/comments');
const photos = require('../../services/photos');
const proposeForm = require('../../utils/propose-form');
const staff = require('../../packageStaff/services/staff');
const { resident, neighbour, REVIEWER, init, as, act, beijingDate, sleep, deliberateAndImplement } = require('./life');

jest.setTimeout(120000);

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-photos-'));
/** A phone photo (fixture `n`, with GPS in its EXIF) under the file name the picker would hand over. */
function phonePhoto(n, name) {
  const file = path.join(folder, name);
  fs.copyFileSync(path.join(__dirname, 'photos', `phone-${n}.jpg`), file);
  expect(fs.readFileSync(file).includes('Exif')).toBe(true);
  return file;
}

/** The file behind a photo URL, as anyone without a session fetches it. */
async function fetchPhoto(url) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** No EXIF segment (where a GPS position lives), no camera make: the re-encoded file tells nothing of the phone or where it was. */
function expectNoExif(bytes) {
  expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  expect(bytes.includes('Exif')).toBe(false);
  expect(bytes.includes('TestPhone')).toBe(false);
}

/** Polls the public view of a topic until `ready` holds (the simulated check answers after a few seconds). */
async function publicTopicWhen(id, ready) {
  let topic;
  for (let i = 0; i < 60; i++) {
    auth.clear();
    topic = await topics.detail(id);
    if (ready(topic)) return topic;
    await sleep(500);
  }
  return topic;
}

beforeAll(async () => {
  if (!URL || !SCENE) throw new Error('Set MASHANGYI_E2E_URL and MASHANGYI_E2E_SCENE (bash scripts/lib/e2e-api.sh start DIR writes them).');
  config.BASE_URLS.develop = URL;
  photos.retry.delaysMs = [200, 500];
  await init(SCENE);
});

afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('photos from the phone to the notice board', () => {
  let topicId;

  test('a resident raises an issue with three photos; the reviewer sees them; after the check they are public, without EXIF', async () => {
    await as(resident);
    const progress = [];
    const uploaded = [];
    for (const n of [1, 2, 3]) {
      uploaded.push(await photos.upload(phonePhoto(n, `east-gate-light-${n}.jpg`), { onProgress: (p) => progress.push(p) }));
    }
    expect(uploaded.map((p) => p.status)).toEqual(['checking', 'checking', 'checking']);
    expect(progress).toContain(100);

    const { roomId, categoryId } = await init(SCENE);
    await as(resident);
    const form = {
      ...proposeForm.EMPTY, title: '东门路灯坏了一个月', description: '东门的路灯坏了一个月，晚上出门看不清路。', categoryId, anonymous: true,
      photos: uploaded.map((p) => ({ id: p.id, thumbUrl: p.thumbUrl })),
    };
    const topic = await topics.submit(roomId, proposeForm.toBody(form), proposeForm.newKey());
    topicId = topic.id;
    // The proposer sees their own photos while the check runs.
    expect(topic.photos.map((p) => p.id).sort()).toEqual(uploaded.map((p) => p.id).sort());
    expect(topic.photos.every((p) => p.mine)).toBe(true);

    await as(REVIEWER);
    const underReview = await staff.topic(topicId);
    expect(underReview.photos).toHaveLength(3);
    // Not public yet: only a signed URL opens it, and it is never cached by a proxy.
    const signed = await fetchPhoto(underReview.photos[0].url);
    expect(signed.status).toBe(200);
    expect(signed.cache).toMatch(/private|no-store/);
    expectNoExif(signed.bytes);
    const accepted = await act(REVIEWER, 'accept', { id: topicId }, { announcementEndsOn: beijingDate(7) });
    expect(accepted.status).toBe('announced');

    const seen = await publicTopicWhen(topicId, (t) => t.photos.length === 3);
    expect(seen.photos.map((p) => p.status)).toEqual(['pass', 'pass', 'pass']);
    for (const photo of seen.photos) {
      for (const url of [photo.thumbUrl, photo.url]) {
        const file = await fetchPhoto(url);
        expect(file.status).toBe(200);
        expect(file.type).toBe('image/jpeg');
        expect(file.cache).toMatch(/public/);
        expectNoExif(file.bytes);
      }
      // Nothing in a public URL names the proposer of an anonymous topic.
      expect(photo.url).not.toMatch(/user|openid|sim_/i);
    }
  });

  test('a photo the check finds risky never appears, not even to the one who sent it', async () => {
    await as(neighbour);
    const risky = await photos.upload(phonePhoto(4, 'risky-snapshot.jpg'));
    const fine = await photos.upload(phonePhoto(2, 'dark-corner.jpg'));
    await comments.create(topicId, { stance: 'support', body: '东门确实很黑，附上照片。', photoIds: [risky.id] });
    await comments.create(topicId, { stance: 'support', body: '拐角也很暗。', photoIds: [fine.id] });

    /** The photos on the topic's comments, as a visitor without a session (or the neighbour) reads them. */
    const commentPhotos = async () => (await comments.list(topicId)).items.flatMap((c) => c.photos || []).map((p) => p.id);
    let shown = [];
    for (let i = 0; i < 60 && !shown.includes(fine.id); i++) {
      if (i) await sleep(500);
      auth.clear();
      shown = await commentPhotos();
    }
    await sleep(1500); // both verdicts are in by now (the simulated check answers them alike)
    auth.clear();
    shown = await commentPhotos();
    expect(shown).toContain(fine.id);
    expect(shown).not.toContain(risky.id);

    await as(neighbour);
    expect(await commentPhotos()).not.toContain(risky.id);
    expect((await fetchPhoto(risky.url)).status).toBe(404);
  });

  test('the implementer\'s progress photo and the result\'s show beside the resident\'s, on the page and the board', async () => {
    const done = await deliberateAndImplement(topicId, 1, {
      progressPhotos: [phonePhoto(3, 'new-lamp-installed.jpg')],
      resultPhotos: [phonePhoto(1, 'gate-lit-at-night.jpg')],
    });
    expect(done.status).toBe('completed');

    const seen = await publicTopicWhen(topicId, (t) =>
      (t.resultPhotos || []).length === 1 && t.tasks.some((k) => k.updates.some((u) => (u.photos || []).length === 1)));
    expect(seen.photos).toHaveLength(3);
    expect(seen.resultPhotos).toHaveLength(1);
    const progressPhoto = seen.tasks.flatMap((k) => k.updates).flatMap((u) => u.photos || [])[0];
    expect(progressPhoto.status).toBe('pass');
    expectNoExif((await fetchPhoto(seen.resultPhotos[0].url)).bytes);

    // The notice board (公开栏) shows the completed item with before and after thumbnails.
    // The board is a public page cached for a minute; a query of its own asks past the cache for the page as it is now.
    const keyOf = (url) => url.split('/api/photos/')[1].split('/')[0];
    const before = keyOf(seen.photos[0].thumbUrl);
    const after = keyOf(seen.resultPhotos[0].thumbUrl);
    let board = '';
    for (let i = 0; i < 40 && !(board.includes(before) && board.includes(after)); i++) {
      if (i) await sleep(500);
      board = await (await fetch(`${URL}/board/rooms/${SCENE}?at=${Date.now()}`)).text();
    }
    expect(board).toContain(before);
    expect(board).toContain(after);
  });
});
