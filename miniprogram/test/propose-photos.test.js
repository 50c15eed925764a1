// 码上征题 with photos: kept in the draft with their ids, sent as photoIds, and a submission never goes out with a
// photo still uploading (it waits) or failed (it refuses until retried or taken out).
const { renderPage, text, tap, settle } = require('./page');

const PAGE = 'pages/propose/index';
const ME = { id: 42, displayName: null, grants: [] };
const PHOTO = (id) => ({ id, status: 'checking', thumbUrl: `https://api/t/${id}.jpg`, url: `https://api/d/${id}.jpg`, width: 10, height: 10 });
const DRAFT_KEY = 'proposeDraft:7';

beforeEach(() => {
  wx.pageScrollTo = jest.fn();
});

async function open() {
  wx.__respond({ data: [] });
  wx.__respond({ data: ME });
  return renderPage(PAGE, { roomId: '7' });
}

async function type(page, selector, value) {
  page.querySelector(selector).dispatchEvent('input', { detail: { value } });
  await settle();
}

const picker = (page) => page.querySelector('#photos');
const submitCalls = () => wx.request.mock.calls.map((c) => c[0]).filter((r) => r.url.endsWith('/api/rooms/7/topics'));

async function addPhoto(page, path, answer) {
  wx.__chosen = [{ tempFilePath: path, size: 100, fileType: 'image' }];
  if (answer) wx.__respondUpload(answer);
  await tap(picker(page), '#add-photo');
}

describe('propose page with photos', () => {
  test('offers up to six photos under the description', async () => {
    const page = await open();
    await tap(picker(page), '#add-photo');
    expect(wx.chooseMedia.mock.calls[0][0]).toMatchObject({ count: 6, mediaType: ['image'] });
    expect(text(page, '#field-photos')).toContain('照片');
  });

  test('keeps the uploaded photos in the draft, brings them back on reopening and sends their ids', async () => {
    const first = await open();
    await type(first, '#description', '路灯坏了一个月，晚上看不见路。');
    await addPhoto(first, 'wxfile://a.jpg', { statusCode: 201, data: PHOTO(71) });
    await addPhoto(first, 'wxfile://b.jpg', { statusCode: 201, data: PHOTO(72) });
    expect(wx.getStorageSync(DRAFT_KEY).form.photos).toEqual([
      { localPath: 'wxfile://a.jpg', id: 71, thumbUrl: 'https://api/t/71.jpg' },
      { localPath: 'wxfile://b.jpg', id: 72, thumbUrl: 'https://api/t/72.jpg' },
    ]);

    // The page is closed and opened again: the photos are there, nothing is uploaded twice.
    const page = await open();
    expect(text(page, '#restored')).toContain('已恢复');
    expect(picker(page).querySelectorAll('.tile')).toHaveLength(3); // two photos and 添加
    expect(wx.uploadFile).toHaveBeenCalledTimes(2);

    wx.__respond({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '审核中' } });
    wx.__respond({ data: [] });
    await tap(page, '#submit');
    expect(submitCalls()).toHaveLength(1);
    expect(submitCalls()[0].data.photoIds).toEqual([71, 72]);
    expect(submitCalls()[0].header['Idempotency-Key']).toMatch(/^mp-/);
    expect(wx.getStorageSync(DRAFT_KEY)).toBe('');
  });

  test('a failed submission keeps the photos and the key; the retry sends the same ids with the same key', async () => {
    const page = await open();
    await type(page, '#description', '路灯坏了一个月，晚上看不见路。');
    await addPhoto(page, 'wxfile://a.jpg', { statusCode: 201, data: PHOTO(71) });
    wx.__respond({ fail: 'request:fail' });
    await tap(page, '#submit');
    expect(wx.getStorageSync(DRAFT_KEY).form.photos[0].id).toBe(71);

    wx.__respond({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '审核中' } });
    wx.__respond({ data: [] });
    await tap(page, '#submit');
    const [a, b] = submitCalls();
    expect(b.data.photoIds).toEqual([71]);
    expect(b.header['Idempotency-Key']).toBe(a.header['Idempotency-Key']);
  });

  test('submit waits for a photo still uploading and goes on by itself when it is done', async () => {
    const page = await open();
    await type(page, '#description', '路灯坏了一个月，晚上看不见路。');
    await addPhoto(page, 'wxfile://a.jpg');
    wx.__uploads[0].progress(50);
    await tap(page, '#submit');

    expect(submitCalls()).toHaveLength(0);
    expect(text(page, '#waiting-photos')).toBe('照片还在上传，传完会自动提交，请稍等。');

    wx.__respond({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '审核中' } });
    wx.__respond({ data: [] });
    wx.__uploads[0].finish({ statusCode: 201, data: PHOTO(71) });
    await settle();
    expect(submitCalls()).toHaveLength(1);
    expect(submitCalls()[0].data.photoIds).toEqual([71]);
    expect(page.querySelector('#done')).toBeTruthy();
  });

  test('a failed photo holds up the submission until it is taken out', async () => {
    const page = await open();
    await type(page, '#description', '路灯坏了一个月，晚上看不见路。');
    await addPhoto(page, 'wxfile://a.pdf', { statusCode: 415, data: { status: 415, code: 'photo_unsupported_type', detail: '只能上传照片。' } });
    await tap(page, '#submit');

    expect(submitCalls()).toHaveLength(0);
    expect(text(page, '#error-photos')).toBe('⚠ 有 1 张照片没传上去：点那张照片重试，或点 × 去掉它，再点“提交”。');
    expect(text(picker(page), '#photo-error')).toBe('⚠ 只能上传照片。');

    await tap(picker(page), '#remove-0');
    expect(page.querySelector('#error-photos')).toBeFalsy();
    wx.__respond({ statusCode: 201, data: { id: 9, receiptNo: '2026-R8K2MQ-0001', status: 'submitted', statusName: '审核中' } });
    wx.__respond({ data: [] });
    await tap(page, '#submit');
    expect(submitCalls()).toHaveLength(1);
    expect(submitCalls()[0].data.photoIds).toBeUndefined();
  });

  test('an API field error about the photos is shown next to them', async () => {
    const page = await open();
    await type(page, '#description', '路灯坏了一个月，晚上看不见路。');
    await addPhoto(page, 'wxfile://a.jpg', { statusCode: 201, data: PHOTO(71) });
    wx.__respond({ statusCode: 400, data: { status: 400, code: 'validation_failed', detail: '请按提示修改。', errors: { photoIds: ['这张照片已经用过了，请去掉后重新添加。'] } } });
    await tap(page, '#submit');
    expect(text(page, '#error-photos')).toBe('⚠ 这张照片已经用过了，请去掉后重新添加。');
  });
});
