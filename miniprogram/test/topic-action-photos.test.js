// The staff progress and complete forms carry up to six photos (photoIds); the form waits for uploads and refuses a
// failed one, as the resident's forms do.
const { renderPage, text, tap, find, settle } = require('./page');
const staff = require('./staff-fixtures');
const { WORKFLOW } = require('./topic-fixtures');
const { formFor } = require('../packageStaff/utils/action-forms');

const PAGE = 'packageStaff/pages/topic-action/index';
const PHOTO = (id) => ({ id, status: 'checking', thumbUrl: `https://api/t/${id}.jpg`, url: `https://api/d/${id}.jpg`, width: 10, height: 10 });

const posts = () => wx.__requests.filter((r) => r.method === 'POST');

async function type(page, selector, value) {
  find(page, selector).dispatchEvent('input', { detail: { value } });
  await settle();
}

async function addPhotos(page, ...answers) {
  wx.__chosen = answers.map((_, i) => ({ tempFilePath: `wxfile://p${i}.jpg` }));
  answers.filter(Boolean).forEach((a) => wx.__respondUpload(a));
  await tap(page.querySelector('#picker-photoIds'), '#add-photo');
}

beforeEach(() => {
  wx.navigateBack = jest.fn();
  wx.__respond({ data: WORKFLOW });
});

describe('staff forms with photos', () => {
  test('only the progress and complete forms offer photos, six at most', () => {
    expect(formFor(WORKFLOW, 'update_progress').fields.find((f) => f.type === 'photos')).toMatchObject({ key: 'photoIds', maxPhotos: 6 });
    expect(formFor(WORKFLOW, 'complete').fields.find((f) => f.type === 'photos')).toMatchObject({ key: 'photoIds', maxPhotos: 6 });
    expect(formFor(WORKFLOW, 'accept').fields.some((f) => f.type === 'photos')).toBe(false);
    expect(formFor(WORKFLOW, 'hide_comment').fields.some((f) => f.type === 'photos')).toBe(false);
  });

  test('a photos field the workflow publishes itself is used as published', () => {
    const workflow = { actions: [{ name: 'close', chineseName: '确认办完', route: '/api/topics/{id}/close', form: { fields: [{ key: 'pictures', kind: 'photos', label: '照片', max: 3 }] } }] };
    const form = formFor(workflow, 'close');
    expect(form.fields).toEqual([expect.objectContaining({ key: 'pictures', type: 'photos', maxPhotos: 3 })]);
    expect(form.body({ pictures: { ids: [4, 5], uploading: 0, failed: 0 } })).toEqual({ pictures: [4, 5] });
  });

  test('a progress report sends the uploaded photos\' ids with the note', async () => {
    wx.__respond({ data: staff.topic({ status: 'implementing', tasks: [staff.task()], allowedActions: ['update_progress'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'update_progress', taskId: '31' });
    expect(text(page, '#field-photoIds')).toContain('现场照片');
    await addPhotos(page, { statusCode: 201, data: PHOTO(91) }, { statusCode: 201, data: PHOTO(92) });
    expect(wx.chooseMedia.mock.calls[0][0].count).toBe(6);
    await type(page, '#input-progress', '80');
    await type(page, '#input-note', '路灯已装好');
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');

    expect(posts()[0].url).toMatch(/\/api\/topics\/12\/tasks\/31\/progress$/);
    expect(posts()[0].data).toEqual({ progress: 80, note: '路灯已装好', milestonesDone: [], photoIds: [91, 92] });
  });

  test('the published result waits for a photo still uploading, then sends it', async () => {
    wx.__respond({ data: staff.topic({ status: 'implementing', allowedActions: ['complete'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'complete' });
    await addPhotos(page, null);
    await type(page, '#input-result', '已加装 6 盏路灯');
    await tap(page, '#submit');
    expect(posts()).toHaveLength(0);
    expect(text(page, '#waiting-photos')).toBe('照片还在上传，传完会自动提交，请稍等。');

    wx.__respond({ data: staff.topic() });
    wx.__uploads[0].finish({ statusCode: 201, data: PHOTO(93) });
    await settle();
    expect(posts()[0].url).toMatch(/\/api\/topics\/12\/complete$/);
    expect(posts()[0].data).toEqual({ result: '已加装 6 盏路灯', photoIds: [93] });
  });

  test('a failed photo holds the form back until it is retried', async () => {
    wx.__respond({ data: staff.topic({ status: 'implementing', allowedActions: ['complete'] }) });
    const page = await renderPage(PAGE, { id: '12', action: 'complete' });
    await addPhotos(page, { statusCode: 415, data: { status: 415, code: 'photo_unsupported_type', detail: '只能上传照片。' } });
    await type(page, '#input-result', '已加装 6 盏路灯');
    await tap(page, '#submit');
    expect(posts()).toHaveLength(0);
    expect(text(page, '#error-photoIds')).toBe('⚠ 有照片没传上去：点那张照片重试，或点 × 去掉它，再提交。');

    wx.__respondUpload({ statusCode: 201, data: PHOTO(94) });
    await tap(page.querySelector('#picker-photoIds'), '#photo-0');
    expect(page.querySelector('#error-photoIds')).toBeFalsy();
    wx.__respond({ data: staff.topic() });
    await tap(page, '#submit');
    expect(posts()[0].data).toEqual({ result: '已加装 6 盏路灯', photoIds: [94] });
  });
});
